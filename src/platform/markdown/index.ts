export { MATH_LIMITS } from './math.js';
export {
  type MarkdownMode,
  type RenderedMarkdown,
  type RenderMarkdownOptions,
  renderMarkdown,
} from './render-markdown.js';
export { mathToText } from './tex-text.js';
export { displayImageUrl, isAllowedImageUrl, isAllowedLinkUrl } from './url-policy.js';
