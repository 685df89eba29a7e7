export { MATH_LIMITS } from './math.js';
export {
  type MarkdownMode,
  type RenderedMarkdown,
  type RenderMarkdownOptions,
  renderMarkdown,
} from './render-markdown.js';
export { mathToText, texToText } from './tex-text.js';
export { displayImageUrl, isAllowedImageUrl, isAllowedLinkUrl } from './url-policy.js';
