import { createHash } from 'node:crypto';

/**
 * KaTeX's HTML output positions every box with an inline `style` attribute (`height:0.6944em`,
 * `top:-3.063em`), which our Content-Security-Policy forbids (no inline styles). This turns each
 * declaration into a class from a fixed set (`k-h-69` = `height:0.69em`), rounded to 0.01em up
 * to 1em and to 0.05em beyond (clamped to the ranges below): a rounding no reader can see. The classes are
 * one stylesheet, generated here and served as `/assets/katex-layout.css` on pages with formulas.
 * A declaration it does not know (a colour outside the named set, `text-shadow`) is dropped.
 */

/** Properties measured in em, by class prefix, with the range the stylesheet covers. */
const LENGTHS = {
  height: { prefix: 'h', min: 0, max: 20 },
  'vertical-align': { prefix: 'va', min: -10, max: 4 },
  top: { prefix: 't', min: -16, max: 4 },
  bottom: { prefix: 'bo', min: -4, max: 4 },
  left: { prefix: 'l', min: -4, max: 4 },
  width: { prefix: 'w', min: 0, max: 10 },
  'min-width': { prefix: 'mw', min: 0, max: 10 },
  'padding-left': { prefix: 'pl', min: 0, max: 4 },
  'margin-left': { prefix: 'ml', min: -4, max: 4 },
  'margin-right': { prefix: 'mr', min: -4, max: 4 },
  'border-width': { prefix: 'bw', min: 0, max: 1 },
  'border-bottom-width': { prefix: 'bbw', min: 0, max: 1 },
  'border-top-width': { prefix: 'btw', min: 0, max: 10 },
  'border-right-width': { prefix: 'brw', min: 0, max: 10 },
} as const;
type LengthProperty = keyof typeof LENGTHS;

/** Declarations with one fixed value. */
const FIXED: Readonly<Record<string, string>> = {
  'position:relative': 'k-rel',
  'border-style:solid': 'k-bs',
  'border-right-style:solid': 'k-brs',
};

/** Colours `\color`, `\colorbox` and `\fcolorbox` may name (the rest render in the text colour). */
const COLOURS = [
  'black',
  'white',
  'gray',
  'grey',
  'red',
  'green',
  'blue',
  'cyan',
  'magenta',
  'yellow',
  'orange',
  'purple',
  'brown',
  'pink',
  'teal',
  'olive',
  'navy',
  'maroon',
  'lime',
  'violet',
  'transparent',
] as const;
const COLOUR_PROPERTIES = { color: 'c', 'background-color': 'bg', 'border-color': 'bc' } as const;

/** Hundredths of an em on the stylesheet's grid: every 1 up to 100, every 5 beyond, clamped. */
function gridPoint(hundredths: number, min: number, max: number): number {
  const clamped = Math.min(max * 100, Math.max(min * 100, hundredths));
  return Math.abs(clamped) <= 100 ? Math.round(clamped) : Math.round(clamped / 5) * 5;
}

function lengthClass(prefix: string, hundredths: number): string {
  return `k-${prefix}-${hundredths < 0 ? `n${-hundredths}` : hundredths}`;
}

function lengthValue(hundredths: number): string {
  return hundredths === 0 ? '0' : `${hundredths / 100}em`;
}

/** `0.6944em`, `0`, `-3em` in hundredths of an em; undefined for anything else (`calc(…)`, px). */
function emHundredths(value: string): number | undefined {
  const match = /^(-?\d*\.?\d+)(em)?$/.exec(value.trim());
  if (!match?.[1] || (match[2] === undefined && Number(match[1]) !== 0)) return undefined;
  return Number(match[1]) * 100;
}

function classesOfDeclaration(property: string, value: string): string[] {
  const fixed = FIXED[`${property}:${value.trim()}`];
  if (fixed) return [fixed];
  if (property in COLOUR_PROPERTIES) {
    const colour = value.trim().toLowerCase();
    return (COLOURS as readonly string[]).includes(colour)
      ? [`k-${COLOUR_PROPERTIES[property as keyof typeof COLOUR_PROPERTIES]}-${colour}`]
      : [];
  }
  if (property === 'margin') {
    // KaTeX writes `margin:0 -0.02em` (vertical, horizontal).
    const [vertical, horizontal, ...rest] = value.trim().split(/\s+/);
    if (rest.length > 0 || emHundredths(vertical ?? '') !== 0 || horizontal === undefined) return [];
    return [
      ...classesOfDeclaration('margin-left', horizontal),
      ...classesOfDeclaration('margin-right', horizontal),
    ];
  }
  const length = LENGTHS[property as LengthProperty];
  const hundredths = emHundredths(value);
  if (!length || hundredths === undefined) return [];
  return [lengthClass(length.prefix, gridPoint(hundredths, length.min, length.max))];
}

/** The classes standing for one `style` attribute's declarations. */
export function classesOfStyle(style: string): string[] {
  const classes: string[] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    classes.push(...classesOfDeclaration(declaration.slice(0, colon).trim(), declaration.slice(colon + 1)));
  }
  return classes;
}

// KaTeX escapes `"`, `<` and `>` inside attribute values, so a tag ends at the first `>`.
const OPENING_TAG = /<([a-z]+)((?:\s[^>]*)?)>/g;
const STYLE = /\sstyle="([^"]*)"/;
const CLASS = /\sclass="([^"]*)"/;

/** KaTeX HTML with every `style` attribute replaced by classes of the layout stylesheet. */
export function styleAttributesToClasses(html: string): string {
  return html.replace(OPENING_TAG, (tag, name: string, attributes: string) => {
    const style = STYLE.exec(attributes);
    if (!style) return tag;
    const added = classesOfStyle(style[1] ?? '');
    let rest = attributes.replace(STYLE, '');
    if (added.length > 0) {
      const existing = CLASS.exec(rest);
      rest = existing
        ? rest.replace(CLASS, ` class="${existing[1] ? `${existing[1]} ` : ''}${added.join(' ')}"`)
        : ` class="${added.join(' ')}"${rest}`;
    }
    return `<${name}${rest}>`;
  });
}

function* gridPoints(min: number, max: number): Generator<number> {
  for (let h = min * 100; h <= max * 100; h += 1) {
    if (Math.abs(h) <= 100 || h % 5 === 0) yield h;
  }
}

/** The layout stylesheet: one rule per class. `!important` because an inline style outranked KaTeX's own rules. */
function katexLayoutCss(): string {
  const rules: string[] = [];
  for (const [fixed, name] of Object.entries(FIXED)) rules.push(`.${name}{${fixed}!important}`);
  for (const [property, prefix] of Object.entries(COLOUR_PROPERTIES)) {
    for (const colour of COLOURS) rules.push(`.k-${prefix}-${colour}{${property}:${colour}!important}`);
  }
  for (const [property, { prefix, min, max }] of Object.entries(LENGTHS)) {
    for (const h of gridPoints(min, max)) {
      rules.push(`.${lengthClass(prefix, h)}{${property}:${lengthValue(h)}!important}`);
    }
  }
  return `${rules.join('\n')}\n`;
}

let cached: { css: string; version: string } | undefined;

/** The stylesheet and a short hash of it (for a cache-busting URL). */
export function katexLayoutStylesheet(): { css: string; version: string } {
  if (!cached) {
    const css = katexLayoutCss();
    cached = { css, version: createHash('sha256').update(css).digest('hex').slice(0, 12) };
  }
  return cached;
}
