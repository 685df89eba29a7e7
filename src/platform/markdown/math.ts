import katex, { type KatexOptions } from 'katex';
import type { Env, MarkdownIt, StateBlock, StateInline } from 'markdown-it';
import { styleAttributesToClasses } from './math-layout.js';

// TeX math for markdown-it: `$…$` inline, `$$…$$` display (a block of its own or inside a
// paragraph), rendered server-side by KaTeX as MathML. The delimiter rules are Pandoc's
// (`tex_math_dollars`), which keep prices as text: an opening `$` must be followed by a
// non-space, a closing `$` must follow a non-space and must not be followed by a digit, so
// "costs $5 and $10" stays text. Every scan stops at the first candidate closer and at the
// inline range's end, so pathological input (`$` spam, unclosed `$$`) stays linear.

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

/** Caps on how much TeX one document may send to KaTeX; the rest is shown as source text. */
export const MATH_LIMITS = {
  /** A longer formula is not rendered (KaTeX costs ~10 µs per character, more when nested). */
  maxFormulaChars: 4_000,
  /** Formulas rendered per document. */
  maxFormulas: 1_000,
  /** TeX characters rendered per document, summed over its formulas. */
  maxTotalChars: 40_000,
} as const;

const KATEX_OPTIONS = {
  // KaTeX's HTML (drawn with its stylesheet and fonts, the same in every browser and language)
  // plus MathML for screen readers. Browsers' own MathML rendering depends on the reader's math
  // fonts: on zh-CN systems it fell back to CJK fonts (norm bars as "⫽", no square-root bars).
  // The HTML's inline style attributes, which our CSP forbids, become classes (math-layout.ts).
  output: 'htmlAndMathml',
  // We catch errors ourselves: KaTeX's own error rendering is a span with an inline style.
  throwOnError: true,
  trust: false,
  strict: 'ignore',
  maxSize: 20,
  maxExpand: 1000,
} as const satisfies KatexOptions;

// User-defined macros are refused: `\def\a{<4,000 chars>}\a\a\a…` makes KaTeX expand
// maxExpand × 4,000 tokens (seconds of CPU) before any limit trips. Built-in macros stay.
const MACRO_DEFINITION = new Set([
  'def',
  'gdef',
  'edef',
  'xdef',
  'let',
  'futurelet',
  'global',
  'newcommand',
  'renewcommand',
  'providecommand',
  'newenvironment',
  'renewenvironment',
]);
// `\\` is one token (a line break), so `\\def` is a break followed by the letters "def".
const CONTROL_SEQUENCE = /\\([A-Za-z]+|[^A-Za-z])/g;

const BUDGET = Symbol('mathBudget');
interface MathBudget {
  formulas: number;
  chars: number;
}

function budgetOf(env: Env | undefined): MathBudget {
  const holder = env ?? {};
  let budget = holder[BUDGET] as MathBudget | undefined;
  if (!budget) {
    budget = { formulas: 0, chars: 0 };
    holder[BUDGET] = budget;
  }
  return budget;
}

function definesMacros(tex: string): boolean {
  for (const match of tex.matchAll(CONTROL_SEQUENCE)) {
    if (MACRO_DEFINITION.has(match[1] ?? '')) return true;
  }
  return false;
}

/** KaTeX HTML + MathML for one formula (no style attributes), or undefined when it is refused, over budget or not valid TeX. */
export function texToMathml(tex: string, displayMode: boolean, env: Env | undefined): string | undefined {
  const budget = budgetOf(env);
  if (tex.trim() === '' || tex.length > MATH_LIMITS.maxFormulaChars) return undefined;
  if (budget.formulas >= MATH_LIMITS.maxFormulas) return undefined;
  if (budget.chars + tex.length > MATH_LIMITS.maxTotalChars) return undefined;
  budget.formulas += 1;
  budget.chars += tex.length;
  if (definesMacros(tex)) return undefined;
  try {
    // No shared `macros` object is passed, so KaTeX makes a fresh one per call and a `\gdef`
    // could never leak into another formula or another member's post.
    return styleAttributesToClasses(katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode }));
  } catch {
    // ParseError for bad TeX, RangeError for nesting deep enough to exhaust the stack.
    return undefined;
  }
}

function isSpaceCode(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isEscaped(src: string, pos: number, min: number): boolean {
  let backslashes = 0;
  for (let i = pos - 1; i >= min && src.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Index of the next unescaped `$` (or `$$` when `double`) in [from, max), or -1. */
function findCloser(src: string, from: number, max: number, double: boolean): number {
  const width = double ? 2 : 1;
  for (let i = from; i + width <= max; i++) {
    if (src.charCodeAt(i) !== DOLLAR) continue;
    if (double && src.charCodeAt(i + 1) !== DOLLAR) continue;
    if (!isEscaped(src, i, from)) return i;
  }
  return -1;
}

// `$…$`. A `$` that cannot open or find its closer is consumed as text, so the next `$` is
// tried as an opener of its own (not re-scanned from here).
function inlineDollar(state: StateInline, silent: boolean): boolean {
  const { src, pos: start, posMax: max } = state;
  if (src.charCodeAt(start) !== DOLLAR) return false;
  const literal = (length: number): boolean => {
    if (!silent) state.pending += src.slice(start, start + length);
    state.pos = start + length;
    return true;
  };
  // `$$` that the display rule did not take (unclosed or empty) is plain text.
  if (src.charCodeAt(start + 1) === DOLLAR) return literal(2);
  if (start + 1 >= max || isSpaceCode(src.charCodeAt(start + 1))) return literal(1);
  const end = findCloser(src, start + 1, max, false);
  if (end < 0) return literal(1);
  const next = src.charCodeAt(end + 1);
  if (isSpaceCode(src.charCodeAt(end - 1)) || (next >= 0x30 && next <= 0x39)) return literal(1);
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.markup = '$';
    token.content = src.slice(start + 1, end);
  }
  state.pos = end + 1;
  return true;
}

// `$$…$$` inside a paragraph (or anywhere in inline mode).
function inlineDoubleDollar(state: StateInline, silent: boolean): boolean {
  const { src, pos: start, posMax: max } = state;
  if (src.charCodeAt(start) !== DOLLAR || src.charCodeAt(start + 1) !== DOLLAR) return false;
  const end = findCloser(src, start + 2, max, true);
  if (end < 0 || src.slice(start + 2, end).trim() === '') return false;
  if (!silent) {
    const token = state.push('math_inline_double', 'math', 0);
    token.markup = '$$';
    token.content = src.slice(start + 2, end);
  }
  state.pos = end + 2;
  return true;
}

// A display block: a line starting with `$$` up to a line ending with `$$` (or the same line).
// Like a fence, an unclosed block runs to the end of its container.
function blockDoubleDollar(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false; // indented code
  const src = state.src;
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const lineEnd = state.eMarks[startLine]!;
  if (src.charCodeAt(start) !== DOLLAR || src.charCodeAt(start + 1) !== DOLLAR) return false;
  if (src.charCodeAt(start + 2) === DOLLAR) return false; // `$$$…` is not a delimiter
  const firstLine = src.slice(start + 2, lineEnd).trimEnd();
  const closesHere = firstLine.length >= 2 && firstLine.endsWith('$$');
  const inner = closesHere ? firstLine.slice(0, -2) : firstLine;
  // `$$a$$ more text` or `$$a$$ and $$b$$` belong to the paragraph's inline rules.
  if (inner.includes('$$')) return false;
  if (closesHere && inner.trim() === '') return false;
  if (silent) return true;

  let line = startLine;
  let lastLine = '';
  let closed = closesHere;
  while (!closed) {
    line++;
    if (line >= endLine) break;
    const from = state.bMarks[line]! + state.tShift[line]!;
    const to = state.eMarks[line]!;
    if (from < to && state.sCount[line]! < state.blkIndent) break; // the list item ended
    const text = src.slice(from, to).trimEnd();
    if (text.endsWith('$$')) {
      lastLine = text.slice(0, -2);
      closed = true;
    }
  }
  const body = closesHere ? '' : state.getLines(startLine + 1, line, state.sCount[startLine]!, false);
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.markup = '$$';
  token.content = [inner, body, lastLine].filter((part) => part.trim() !== '').join('\n');
  token.map = [startLine, closed ? line + 1 : line];
  state.line = closed ? line + 1 : line;
  return true;
}

/** Text as HTML content or a double-quoted attribute value (what markdown-it escapes, `'` kept). */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** HTML for a display formula outside a paragraph (a `$$` block or a ```` ```math ```` fence). */
export function renderDisplayMath(tex: string, env: Env | undefined): string {
  const mathml = texToMathml(tex, true, env);
  if (mathml !== undefined) return `<div class="math-display">${mathml}</div>\n`;
  return `<pre class="math-error"><code>${escapeHtml(`$$\n${tex.trim()}\n$$`)}</code></pre>\n`;
}

function renderInlineMath(tex: string, markup: string, displayMode: boolean, env: Env | undefined): string {
  const mathml = texToMathml(tex, displayMode, env);
  if (mathml !== undefined) return mathml;
  return `<code class="math-error">${escapeHtml(`${markup}${tex}${markup}`)}</code>`;
}

/**
 * markdown-it plugin for `$…$` and `$$…$$`. With `blocks: false` (comments) there are no display
 * blocks: `$$…$$` renders as an inline formula.
 */
export function mathPlugin(md: MarkdownIt, options: { blocks: boolean }): void {
  // After `escape`, so `\$` is a literal dollar before these rules ever see it.
  md.inline.ruler.after('escape', 'math_inline_double', inlineDoubleDollar);
  md.inline.ruler.after('math_inline_double', 'math_inline', inlineDollar);
  md.renderer.rules.math_inline = (tokens, idx, _options, env) =>
    renderInlineMath(tokens[idx]!.content, '$', false, env);
  md.renderer.rules.math_inline_double = (tokens, idx, _options, env) =>
    renderInlineMath(tokens[idx]!.content, '$$', options.blocks, env);
  if (options.blocks) {
    md.block.ruler.before('fence', 'math_block', blockDoubleDollar, {
      alt: ['paragraph', 'reference', 'blockquote', 'list'],
    });
    md.renderer.rules.math_block = (tokens, idx, _options, env) =>
      renderDisplayMath(tokens[idx]!.content, env);
  }
}
