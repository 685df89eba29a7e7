import type { FieldProblem } from '../../platform/http/errors.js';
import { breaksLine } from '../../platform/text/unsafe-chars.js';

/** Limits on what members write; one table, so forms, docs and checks agree. */
export const postLimits = {
  title: { min: 15, max: 150 },
  body: { min: 30, max: 30_000 },
  answer: { min: 30, max: 30_000 },
  comment: { min: 15, max: 600 },
  editComment: { max: 300 },
} as const;

/**
 * A URL slug from a title that keeps Chinese (and any other letters) readable:
 * "React 的 useEffect 为什么执行两次？" → "react-的-useeffect-为什么执行两次".
 */
export function slugify(title: string, maxLength = 80): string {
  const slug = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const cut = [...slug].slice(0, maxLength).join('').replace(/-+$/, '');
  return cut || 'question';
}

// Control and bidi characters never reach these rules: the edge refuses them in every request
// (platform/http/input-text.ts). What it lets through in a body, a tab or a line break, a title and
// an edit summary (one line each) still refuse.

function length(value: string): number {
  return [...value].length;
}

/** Titles: one line, trimmed, inner whitespace folded; 15–150 characters. */
export function normalizeTitle(raw: string): string {
  return raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

export function checkTitle(raw: string): FieldProblem | undefined {
  if (breaksLine(raw.trim())) return { code: 'validation.control_chars' };
  return checkLength(normalizeTitle(raw), postLimits.title);
}

/** Markdown bodies keep their line breaks; only trailing whitespace is trimmed. */
export function normalizeBody(raw: string): string {
  return raw.normalize('NFC').replace(/\r\n?/g, '\n').trimEnd();
}

export function checkBody(
  raw: string,
  limits: { min: number; max: number } = postLimits.body,
): FieldProblem | undefined {
  return checkLength(normalizeBody(raw).trim(), limits);
}

export function checkEditComment(raw: string): FieldProblem | undefined {
  if (breaksLine(raw)) return { code: 'validation.control_chars' };
  const max = postLimits.editComment.max;
  return length(raw.trim()) > max ? { code: 'validation.too_long', params: { max } } : undefined;
}

function checkLength(value: string, limits: { min: number; max: number }): FieldProblem | undefined {
  const n = length(value);
  if (n === 0) return { code: 'validation.required' };
  if (n < limits.min) return { code: 'validation.too_short', params: { min: limits.min } };
  if (n > limits.max) return { code: 'validation.too_long', params: { max: limits.max } };
  return undefined;
}

/** Where an imported post came from, as "imported from <site> by <author>" shows it. */
export interface ImportOrigin {
  /** The source's host (`ai.stackexchange.com`, `github.com`). */
  site: string;
  /** The original post (or documentation page). */
  url: string;
  /** The author's profile on that site, where the import knows it (Stack Exchange users). */
  authorUrl: string | undefined;
}

/**
 * The origin of an imported post, from its `source_url` and its author's import key; undefined
 * for posts written here or a source that is not an http(s) URL. A Stack Exchange account
 * (`se:<site>`, numeric id) links `https://<site>/users/<id>`, on the host its posts came from.
 */
export function importOrigin(
  sourceUrl: string | null,
  author: { imported: { source: string; id: string } | null } | null,
): ImportOrigin | undefined {
  if (!sourceUrl) return undefined;
  let source: URL;
  try {
    source = new URL(sourceUrl);
  } catch {
    return undefined;
  }
  if (source.protocol !== 'https:' && source.protocol !== 'http:') return undefined;
  const imported = author?.imported;
  const authorUrl =
    imported?.source.startsWith('se:') && /^[1-9]\d{0,11}$/.test(imported.id)
      ? `https://${source.host}/users/${imported.id}`
      : undefined;
  return { site: source.host, url: source.href, authorUrl };
}
