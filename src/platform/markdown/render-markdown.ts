import type { Env, MarkdownIt as MarkdownItInstance, StateCore, Token } from 'markdown-it';
import MarkdownIt from 'markdown-it';
import subscript from 'markdown-it-sub';
import superscript from 'markdown-it-sup';
import { highlightCode, knownLanguage } from './highlight.js';
import { escapeHtml, mathPlugin, renderDisplayMath } from './math.js';
import { texToText } from './tex-text.js';
import { displayImageUrl, isAllowedImageUrl, isAllowedLinkUrl, isOffSiteUrl } from './url-policy.js';

/** `full` for posts (questions, answers, courses); `inline` for comments (no blocks, no images). */
export type MarkdownMode = 'full' | 'inline';

/** How to render: `full` unless told otherwise. */
export interface RenderMarkdownOptions {
  mode?: MarkdownMode;
}

/** Safe HTML to insert as-is, and plain text (NOT escaped: escape it wherever it is shown). */
export interface RenderedMarkdown {
  html: string;
  text: string;
}

// Links to other sites: not endorsed (`nofollow ugc`), and the other site learns nothing of the
// page or gets a handle on it. Links within the site carry no rel: they are ours to follow.
const LINK_REL = 'nofollow ugc noopener noreferrer';
// `#` renders as <h3>: a page's own <h1> (its title) and <h2> (its sections, e.g. "3 answers")
// stay above anything a member writes. Deeper levels are capped at <h6>.
const HEADING_OFFSET = 2;
// markdown-it aligns table cells with `style="text-align:…"`; the CSP forbids style attributes,
// so alignment becomes Bootstrap's utility classes.
const ALIGN_CLASSES: Record<string, string> = {
  'text-align:left': 'text-start',
  'text-align:center': 'text-center',
  'text-align:right': 'text-end',
};
// highlight.js costs ~3 µs per character; past this many per document, code is plain text.
const MAX_HIGHLIGHT_CHARS = 50_000;
const HIGHLIGHTED_CHARS = Symbol('highlightedChars');
// C0/C1 controls (NUL is already U+FFFD, from markdown-it) are noise in a search index.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;

function demoteHeading(tag: string): string {
  const level = Number(tag.slice(1));
  return `h${Math.min(6, level + HEADING_OFFSET)}`;
}

function textToken(state: StateCore, content: string): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  return token;
}

/**
 * An allowed image as shown: from its https address (http upgraded on hosts known to serve
 * https), or, when only http works, a link to it named by its alt text (the CSP would block
 * the image and leave a hole).
 */
function imageTokens(state: StateCore, image: Token, src: string): Token[] {
  const shown = displayImageUrl(src);
  if (shown) {
    image.attrSet('src', shown);
    image.attrSet('loading', 'lazy');
    image.attrSet('referrerpolicy', 'no-referrer');
    return [image];
  }
  const open = new state.Token('link_open', 'a', 1);
  open.attrs = [
    ['href', src],
    ['rel', LINK_REL],
    ['class', 'image-link'],
  ];
  const close = new state.Token('link_close', 'a', -1);
  return [open, textToken(state, image.content.trim() || src), close];
}

// Second line of defence behind `validateLink` (which makes markdown-it leave a refused link as
// literal text): every surviving link and image is checked again here and decorated.
function policeInline(state: StateCore, children: Token[]): Token[] {
  const kept: Token[] = [];
  const linkKept: boolean[] = [];
  for (const token of children) {
    if (token.type === 'link_open') {
      const href = String(token.attrGet('href') ?? '');
      const ok = isAllowedLinkUrl(href);
      linkKept.push(ok);
      if (!ok) continue;
      if (isOffSiteUrl(href)) token.attrSet('rel', LINK_REL);
    } else if (token.type === 'link_close') {
      if (!linkKept.pop()) continue;
    } else if (token.type === 'image') {
      const src = String(token.attrGet('src') ?? '');
      if (!isAllowedImageUrl(src)) {
        kept.push(textToken(state, `![${token.content}](${state.md.normalizeLinkText(src)})`));
        continue;
      }
      kept.push(...imageTokens(state, token, src));
      continue;
    }
    kept.push(token);
  }
  return kept;
}

function enforcePolicy(state: StateCore): void {
  for (const token of state.tokens) {
    switch (token.type) {
      case 'heading_open':
      case 'heading_close':
        token.tag = demoteHeading(token.tag);
        break;
      case 'table_open':
        token.attrJoin('class', 'table table-sm');
        break;
      case 'blockquote_open':
        token.attrJoin('class', 'blockquote');
        break;
      case 'th_open':
      case 'td_open': {
        const align = ALIGN_CLASSES[String(token.attrGet('style'))];
        token.attrs = null;
        if (align) token.attrJoin('class', align);
        break;
      }
      case 'inline':
        if (token.children) token.children = policeInline(state, token.children);
        break;
    }
  }
}

function takeHighlightBudget(env: Env, chars: number): boolean {
  const used = Number(env[HIGHLIGHTED_CHARS] ?? 0) + chars;
  if (used > MAX_HIGHLIGHT_CHARS) return false;
  env[HIGHLIGHTED_CHARS] = used;
  return true;
}

function renderCode(code: string, info: string, env: Env): string {
  const language = knownLanguage(info.split(/\s/, 1)[0] ?? '');
  const highlighted =
    language === undefined || !takeHighlightBudget(env, code.length)
      ? undefined
      : highlightCode(code, language);
  if (language === undefined || highlighted === undefined) {
    return `<pre><code class="hljs">${escapeHtml(code)}</code></pre>\n`;
  }
  return `<pre><code class="hljs language-${escapeHtml(language)}">${highlighted}</code></pre>\n`;
}

function createParser(mode: MarkdownMode): MarkdownItInstance {
  // `default` preset: tables and strikethrough on, maxNesting 100. linkify-it 6 links only
  // URLs with a scheme (and e-mail addresses), so `README.md` or `node.js` stay text.
  const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false });
  md.validateLink = isAllowedLinkUrl;
  mathPlugin(md, { blocks: mode === 'full' });
  // H~2~O and 2^10^ (Pandoc's syntax): what Stack Exchange's <sub> and <sup> import as.
  md.use(subscript).use(superscript);
  // Comments are parsed with parseInline (no block rules at all); without the image rule
  // `![alt](url)` degrades to "!" and a (checked) link.
  if (mode === 'inline') md.disable('image');
  md.core.ruler.push('techqa_policy', enforcePolicy);

  const rules = md.renderer.rules;
  rules.fence = (tokens, idx, _options, env) => {
    const token = tokens[idx]!;
    const info = md.utils.unescapeAll(token.info).trim();
    // ```math fences are display formulas, as on GitHub.
    if (info.toLowerCase() === 'math') return renderDisplayMath(token.content, env);
    return renderCode(token.content, info, env ?? {});
  };
  rules.code_block = (tokens, idx, _options, env) => renderCode(tokens[idx]!.content, '', env ?? {});
  // Wide tables scroll sideways inside their own box instead of widening the page.
  rules.table_open = (tokens, idx, options, _env, self) =>
    `<div class="table-responsive">\n${self.renderToken(tokens, idx, options)}`;
  rules.table_close = (tokens, idx, options, _env, self) =>
    `${self.renderToken(tokens, idx, options)}</div>\n`;
  return md;
}

const parsers: Record<MarkdownMode, MarkdownItInstance> = {
  full: createParser('full'),
  inline: createParser('inline'),
};

function collectText(tokens: Token[], out: string[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'inline':
      case 'image':
        collectText(token.children ?? [], out);
        break;
      case 'text':
      case 'code_inline':
        out.push(token.content);
        break;
      // Formulas as readable text (|ψ⟩, 1/√2): the text feeds excerpts and search snippets.
      case 'math_inline':
      case 'math_inline_double':
        out.push(texToText(token.content));
        break;
      case 'math_block':
        out.push(' ', texToText(token.content), ' ');
        break;
      case 'fence':
      case 'code_block':
        out.push(
          ' ',
          token.info.trim().toLowerCase() === 'math' ? texToText(token.content) : token.content,
          ' ',
        );
        break;
      default:
        // Breaks and block boundaries (paragraphs, list items, table cells) separate words.
        if (token.block || token.type === 'softbreak' || token.type === 'hardbreak') out.push(' ');
    }
  }
}

/**
 * Renders member-written Markdown to safe HTML (raw HTML shown as text, links and images
 * allowlisted, code highlighted, TeX as MathML) plus a plain-text version for search and
 * snippets. Never throws on any input; callers cap the source length.
 */
export function renderMarkdown(source: string, options: RenderMarkdownOptions = {}): RenderedMarkdown {
  const mode = options.mode ?? 'full';
  const md = parsers[mode];
  const env: Env = {};
  const tokens = mode === 'inline' ? md.parseInline(source, env) : md.parse(source, env);
  const html = md.renderer.render(tokens, md.options, env);
  const parts: string[] = [];
  collectText(tokens, parts);
  const text = parts.join('').replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ').trim();
  return { html, text };
}
