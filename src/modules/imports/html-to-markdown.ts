import TurndownService from 'turndown';
import { gfm } from 'turndown-plugin-gfm';
import { displayImageUrl } from '../../platform/markdown/index.js';

export interface HtmlToMarkdownOptions {
  /** The site's address: relative links and images (`/questions/1`, `//i.sstatic.net/x.png`) resolve against it. */
  baseUrl?: string | undefined;
  /**
   * The text writes formulas as `$…$` (Stack Exchange sites with MathJax): formulas are kept
   * verbatim. Otherwise every "$" in text is escaped, so a price never opens a formula.
   */
  math?: boolean | undefined;
}

// Formulas as MathJax on Stack Exchange delimits them: $$…$$ and $…$ (never across a blank line).
const MATH = /\$\$[\s\S]+?\$\$|\$(?:\\.|[^$\\\n])+?\$/g;

// Elements whose content is never text to keep: code, styling, embedded objects, forms.
const DROPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'SVG',
  'FORM',
]);

/** An absolute http(s) or mailto URL, or undefined (javascript:, data: and the like are dropped). */
function absolute(url: string | null, baseUrl: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const resolved = baseUrl ? new URL(url, baseUrl) : new URL(url);
    if (!['http:', 'https:', 'mailto:'].includes(resolved.protocol)) return undefined;
    // Parentheses and spaces would end or break a Markdown link destination.
    return resolved.href.replace(/[() ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return undefined;
  }
}

function createService(options: HtmlToMarkdownOptions): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
    strongDelimiter: '**',
    hr: '---',
  });
  service.use(gfm);
  service.remove((node) => DROPPED.has(node.nodeName.toUpperCase()));

  // Fenced code from <pre> (with or without <code>), language from `lang-x` (Stack Exchange's
  // prettify hint) or `language-x`; the fence grows when the code itself contains backticks.
  service.addRule('preformatted', {
    filter: (node) => node.nodeName === 'PRE',
    replacement: (_content, node) => {
      const element = node as HTMLElement;
      const code = element.firstElementChild?.nodeName === 'CODE' ? element.firstElementChild : element;
      const classes = `${element.getAttribute('class') ?? ''} ${code.getAttribute('class') ?? ''}`;
      const language = /(?:^|\s)(?:lang|language)-([A-Za-z0-9_+#-]{1,30})/.exec(classes)?.[1] ?? '';
      const text = (code.textContent ?? '').replace(/\n$/, '');
      const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
      const fence = '`'.repeat(longest + 1);
      return `\n\n${fence}${language === 'none' || language === 'default' ? '' : language}\n${text}\n${fence}\n\n`;
    },
  });

  // markdown-it strikes through `~~x~~` only; the plugin writes `~x~`.
  service.addRule('strikethrough', {
    filter: (node) => ['DEL', 'S', 'STRIKE'].includes(node.nodeName),
    replacement: (content) => (content.trim() ? `~~${content}~~` : content),
  });

  service.addRule('link', {
    filter: (node) => node.nodeName === 'A',
    replacement: (content, node) => {
      const element = node as HTMLElement;
      const href = absolute(element.getAttribute('href'), options.baseUrl);
      if (!href || !content.trim()) return content;
      const title = element.getAttribute('title');
      const titlePart = title ? ` "${title.replace(/["\n]/g, ' ')}"` : '';
      return `[${content}](${href}${titlePart})`;
    },
  });

  service.addRule('image', {
    filter: (node) => node.nodeName === 'IMG',
    replacement: (_content, node) => {
      const element = node as HTMLElement;
      const found = absolute(element.getAttribute('src'), options.baseUrl);
      if (!found) return '';
      // http://i.stack.imgur.com/… is stored as https (the renderer links other http images).
      const src = displayImageUrl(found) ?? found;
      const alt = (element.getAttribute('alt') ?? '').replace(/[[\]\n]/g, ' ');
      return `![${alt}](${src})`;
    },
  });

  // H<sub>2</sub>O and 2<sup>10</sup> in the renderer's syntax (markdown-it-sub/sup): H~2~O, 2^10^.
  for (const [tag, mark] of [
    ['SUB', '~'],
    ['SUP', '^'],
  ] as const) {
    service.addRule(tag.toLowerCase(), {
      filter: (node) => node.nodeName === tag,
      replacement: (content) => {
        const inner = content.trim();
        if (!inner || inner.includes('\n')) return content;
        return `${mark}${inner.replace(/(?<!\\)([~^])/g, '\\$1').replace(/ /g, '\\ ')}${mark}`;
      },
    });
  }

  const turndownEscape = service.escape.bind(service);
  // Besides turndown's own escapes: "1) …" at the start of a paragraph is an ordered list in
  // CommonMark (turndown only escapes "1. "), and a ~x~ or ^x^ pair in text would now be a
  // subscript or a superscript.
  const escapeText = (text: string) =>
    turndownEscape(text)
      .replace(/^(\s*\d{1,9})\)(?=\s|$)/, '$1\\)')
      .replace(/([~^])(?=[^\s~^]+\1)/g, '\\$1');
  service.escape = options.math
    ? (text) => {
        // Escape around formulas only: "\_" inside a formula would no longer be a subscript.
        let out = '';
        let last = 0;
        for (const match of text.matchAll(MATH)) {
          out += escapeText(text.slice(last, match.index)) + match[0];
          last = match.index + match[0].length;
        }
        return out + escapeText(text.slice(last));
      }
    : (text) => escapeText(text).replace(/\$/g, '\\$');
  return service;
}

const services = new Map<string, TurndownService>();

/**
 * Markdown for a Stack Exchange HTML body: fenced code blocks, inline links and images with
 * absolute URLs, GFM tables; scripts, styles, embeds and every attribute other than
 * href/src/alt/title are dropped. Feed the result to renderMarkdown, never the HTML itself.
 */
export function htmlToMarkdown(html: string, options: HtmlToMarkdownOptions = {}): string {
  const key = `${options.baseUrl ?? ''}\n${options.math ? 1 : 0}`;
  let service = services.get(key);
  if (!service) {
    service = createService(options);
    // Sites are few; the cap only guards against a caller passing a new base per post.
    if (services.size > 50) services.clear();
    services.set(key, service);
  }
  return service.turndown(html).trim();
}

/**
 * Escapes "$" outside code spans in Markdown that comes from a site without formulas (Stack
 * Exchange comments), so "$5 … $10" stays text.
 */
export function escapeDollars(markdown: string): string {
  return markdown
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/(?<!\\)\$/g, '\\$')))
    .join('');
}
