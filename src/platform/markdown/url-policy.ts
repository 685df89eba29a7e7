// Which URLs member content may point at. An allowlist, checked on the URL markdown-it has
// already decoded (entities) and normalised (percent-encoded control characters and spaces):
// anything not starting with an allowed prefix is refused, so obfuscations such as
// `JaVaScRiPt:`, `java&#x09;script:` or a leading control character can never slip through.

const LINK_PREFIX = /^(?:https?:|mailto:|[/#])/i;
const IMAGE_PREFIX = /^https?:\/\/[^/?#\s]/i;

/** True when a link may keep its href: http(s), mailto, or site-relative (`/…`, `#…`). */
export function isAllowedLinkUrl(url: string): boolean {
  return LINK_PREFIX.test(url);
}

/**
 * True when an image may be embedded: absolute http(s) only. Relative images are refused on
 * purpose: `![](/logout)` would make every reader's browser fire a same-origin GET with cookies.
 */
export function isAllowedImageUrl(url: string): boolean {
  return IMAGE_PREFIX.test(url);
}
