import { createHash } from 'node:crypto';
import { replaceUnsafeChars } from '../../platform/text/unsafe-chars.js';
import { accountLimits } from '../accounts/index.js';
import { normalizeTag, tagLimits } from '../tags/index.js';

const USERNAME_MAX = accountLimits.username.max;

/** Password hash of imported accounts: no hash verifies against it, so they can never sign in. */
export const NO_LOGIN_PASSWORD_HASH = '!';

function cut(value: string, max: number): string {
  return [...value].slice(0, max).join('');
}

/**
 * A display name that passes the accounts rules: 1–50 characters, no control or bidi characters
 * (removed, as everywhere an import writes text: the request edge never sees imports), line
 * breaks folded into spaces.
 */
export function importDisplayName(raw: string | null | undefined, fallback: string): string {
  const name = cut(
    replaceUnsafeChars((raw ?? '').normalize('NFC'), 'text')
      .trim()
      .replace(/\s+/gu, ' '),
    accountLimits.displayName.max,
  ).trim();
  return name || fallback;
}

/**
 * A valid username (letters/digits of any script, then also "_", "-", "."; 2–30 characters)
 * made from a display name: spaces become "-", other characters are dropped. Undefined when
 * fewer than two usable characters remain.
 */
export function usernameFromDisplayName(displayName: string): string | undefined {
  const name = cut(
    displayName
      .normalize('NFKC')
      .trim()
      .replace(/\s+/gu, '-')
      .replace(/[^\p{L}\p{N}\p{M}_.-]/gu, '')
      .replace(/([_.-])[_.-]+/gu, '$1')
      .replace(/^[^\p{L}\p{N}]+/u, ''),
    USERNAME_MAX,
  ).replace(/[_.-]+$/u, '');
  return [...name].length >= accountLimits.username.min ? name : undefined;
}

/**
 * The fallback username when the plain one is taken: `<base>-<site>-<id>`, the base shortened
 * so that the whole fits in 30 characters. Ids that are not plain numbers become a short hash.
 */
export function suffixedUsername(base: string, sourceKey: string, importId: string, attempt = 0): string {
  const id = /^-?\d{1,12}$/.test(importId) ? importId : `h${shortHash(importId, 8)}`;
  let suffix = `-${sourceKey.replace(/[^\p{L}\p{N}_.-]/gu, '')}-${id}${attempt > 0 ? `-${attempt}` : ''}`;
  if ([...suffix].length > USERNAME_MAX - 3) suffix = `-${shortHash(`${sourceKey}\n${importId}`, 10)}`;
  const head = cut(base, USERNAME_MAX - [...suffix].length).replace(/[_.-]+$/u, '') || 'user';
  return `${head}${suffix}`;
}

/** The placeholder e-mail of an imported account: never deliverable (`.invalid` is reserved). */
export function importEmail(sourceKey: string, importId: string): string {
  const clean = importId.replace(/[^A-Za-z0-9_.-]+/g, '-');
  // An id that had to be changed gets a hash of the original, so two ids never share an address.
  const id =
    clean === importId.toLowerCase() && clean.length <= 40
      ? clean
      : `${clean.slice(0, 24).replace(/-+$/, '')}-h${shortHash(importId, 10)}`;
  return `${sourceKey.replace(/[^A-Za-z0-9_.-]/g, '-')}-${id}@import.invalid`.toLowerCase();
}

export function shortHash(value: string, length: number): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length);
}

/**
 * Tags as the app keeps them: normalised with normalizeTag, invalid ones dropped, duplicates
 * folded, at most 5.
 */
export function importTags(raw: readonly string[]): string[] {
  const tags: string[] = [];
  for (const entry of raw) {
    const tag = normalizeTag(entry);
    if (tag && !tags.includes(tag)) tags.push(tag);
    if (tags.length === tagLimits.perQuestion.max) break;
  }
  return tags;
}

/** The tags of a Stack Exchange Posts.xml row: `<a><b>` (older dumps) or `|a|b|` (2024 on). */
export function parseSeTags(raw: string | undefined): string[] {
  if (!raw) return [];
  const angled = [...raw.matchAll(/<([^<>]+)>/g)].map((m) => m[1] ?? '');
  return angled.length > 0 ? angled : raw.split('|').filter(Boolean);
}

/** A Stack Exchange timestamp ("2016-08-02T15:39:14.947", UTC without a zone) as an ISO string. */
export function seDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const withZone = /(Z|[+-]\d\d:?\d\d)$/.test(raw) ? raw : `${raw}Z`;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const CC_BY_SA_3_FROM = Date.parse('2011-04-08T00:00:00Z');
const CC_BY_SA_4_FROM = Date.parse('2018-05-02T00:00:00Z');

/**
 * The licence of a Stack Exchange post or comment: its ContentLicense when the dump has one,
 * else by creation date, as Stack Exchange states it (2.5 before 2011-04-08, 3.0 before
 * 2018-05-02, 4.0 since).
 */
export function seLicense(contentLicense: string | null | undefined, createdAt: string | null): string {
  if (contentLicense) return contentLicense;
  const at = createdAt ? Date.parse(createdAt) : Number.NaN;
  if (Number.isNaN(at) || at >= CC_BY_SA_4_FROM) return 'CC BY-SA 4.0';
  return at >= CC_BY_SA_3_FROM ? 'CC BY-SA 3.0' : 'CC BY-SA 2.5';
}

/** A site's key and domain from what the user gave: "ai", "ai.stackexchange.com", "stackoverflow.com". */
export function seSite(nameOrDomain: string): { key: string; domain: string } {
  const value = nameOrDomain.trim().toLowerCase().replace(/\/+$/, '');
  if (!value.includes('.')) {
    const domain = value === 'stackoverflow' ? 'stackoverflow.com' : `${value}.stackexchange.com`;
    return { key: value.replace(/[^a-z0-9_-]/g, '-'), domain };
  }
  const key = value
    .replace(/\.stackexchange\.com$/, '')
    .replace(/\.com$/, '')
    .replace(/^meta\.(.+)$/, '$1_meta')
    .replace(/^(.+)\.meta$/, '$1_meta')
    .replace(/[^a-z0-9_-]/g, '-');
  return { key, domain: value };
}

// Sites whose posts write formulas as $…$ (MathJax); elsewhere "$" is a plain dollar sign. Not
// "ai": its 2017 dump (the one in shared/data) uses "$" for prices. `--math` overrides it.
const MATH_SITES = new Set([
  'astronomy',
  'bioinformatics',
  'chemistry',
  'crypto',
  'cs',
  'cstheory',
  'datascience',
  'dsp',
  'economics',
  'hsm',
  'math',
  'mathoverflow',
  'matheducators',
  'or',
  'physics',
  'quant',
  'quantumcomputing',
  'scicomp',
  'stats',
]);

/** Whether a Stack Exchange site writes formulas as `$…$` (MathJax). */
export function isMathSite(siteKey: string): boolean {
  return MATH_SITES.has(siteKey.replace(/_meta$/, ''));
}

/** What an imported Stack Exchange vote type becomes: UpMod +1, DownMod -1, others are not votes here. */
export function voteValue(voteTypeId: number): 1 | -1 | undefined {
  if (voteTypeId === 2) return 1;
  if (voteTypeId === 3) return -1;
  return undefined;
}

/** Calls fn on each line outside fenced code blocks; returns the text with its results. */
export function outsideCode(markdown: string, fn: (line: string) => string): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (marker) {
        if (!fence) fence = marker;
        else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
        return line;
      }
      return fence ? line : fn(line);
    })
    .join('\n');
}

// Hugo-style shortcodes of documentation sites: {{< copyable "shell-regular" >}}, {{% note %}}.
const SHORTCODE = /\{\{<[^\n]*?>\}\}|\{\{%[^\n]*?%\}\}/g;

/**
 * Markdown without site-generator shortcodes (outside fenced code): a line holding only
 * shortcodes goes, other shortcodes are cut out of their line; what they wrapped stays.
 */
export function stripShortcodes(markdown: string): string {
  if (!markdown.includes('{{')) return markdown;
  const gone = '\u0000shortcode-line\u0000';
  return outsideCode(markdown, (line) => {
    if (!line.includes('{{')) return line;
    const rest = line.replace(SHORTCODE, '');
    if (rest === line) return line;
    return rest.trim() === '' ? gone : rest.replace(/ {2,}/g, ' ');
  })
    .split('\n')
    .filter((line) => line !== gone)
    .join('\n');
}

/**
 * A title as plain text: sources such as documentation FAQs write their questions in Markdown
 * (`[BatchNorm](https://…)`, `` `gc-ttl` ``, **bold**), which a title never renders. Links and
 * images keep their text, code spans and emphasis their content, shortcodes go; formulas
 * (`$…$`) are left for the renderer.
 */
export function plainTitle(title: string): string {
  return replaceUnsafeChars(title, 'text')
    .replace(SHORTCODE, ' ')
    .replace(/!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
    .replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_, _ticks: string, code: string) => code.trim())
    .replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, '$1')
    .replace(/(^|[\s(（])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s).,:;!?，。：；！？）])/g, '$1$2')
    .replace(/\s+/gu, ' ')
    .trim();
}
