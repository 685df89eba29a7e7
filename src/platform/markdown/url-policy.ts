// Which URLs member content may point at. An allowlist, checked on the URL markdown-it has
// already decoded (entities) and normalised (percent-encoded control characters and spaces):
// anything not starting with an allowed prefix is refused, so obfuscations such as
// `JaVaScRiPt:`, `java&#x09;script:` or a leading control character can never slip through.

import { sameSitePath } from '../http/redirects.js';

const LINK_PREFIX = /^(?:https?:|mailto:|[/#])/i;
const IMAGE_PREFIX = /^https?:\/\/[^/?#\s]/i;

/** True when a link may keep its href: http(s), mailto, or site-relative (`/…`, `#…`). */
export function isAllowedLinkUrl(url: string): boolean {
  return LINK_PREFIX.test(url);
}

/**
 * True when a link leads to another site: any URL with a scheme, and the site-relative-looking
 * ones a browser takes to another host (`//evil.example`, `/\evil.example`), as `sameSitePath`
 * reads them. Only a path or fragment of this site (`/questions/1`, `#answer-2`) is on-site.
 */
export function isOffSiteUrl(url: string): boolean {
  return !/^[/#]/.test(url) || sameSitePath(url) === undefined;
}

/**
 * True when an image may be embedded: absolute http(s) only. Relative images are refused on
 * purpose: `![](/logout)` would make every reader's browser fire a same-origin GET with cookies.
 */
export function isAllowedImageUrl(url: string): boolean {
  return IMAGE_PREFIX.test(url);
}

// Image hosts known to serve the same path over https. Imported Stack Exchange posts before
// ~2017 point at `http://i.stack.imgur.com/…`, which the CSP (`img-src https:`) blocks.
const HTTPS_IMAGE_HOSTS = [
  /^i\.stack\.imgur\.com$/,
  /^(?:i\.)?imgur\.com$/,
  /^(?:[a-z0-9-]+\.)*sstatic\.net$/,
  /^(?:[a-z0-9-]+\.)*stackexchange\.com$/,
  /^(?:[a-z0-9-]+\.)*stackoverflow\.com$/,
  /^(?:[a-z0-9-]+\.)*githubusercontent\.com$/,
  /^github\.com$/,
  /^upload\.wikimedia\.org$/,
];

/**
 * The URL an allowed image is shown from: itself when https, its https form when an http URL's
 * host is known to serve https, undefined for any other http image (the CSP would block it;
 * show a link instead).
 */
export function displayImageUrl(url: string): string | undefined {
  if (/^https:/i.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' || !HTTPS_IMAGE_HOSTS.some((known) => known.test(parsed.hostname))) {
    return undefined;
  }
  parsed.protocol = 'https:';
  if (parsed.port === '80') parsed.port = '';
  return parsed.href;
}
