/** Any origin will do: only whether a path leaves it matters, and what is kept is the path. */
const HOME = new URL('http://techqa.invalid/');

/**
 * The path, query and fragment `url` leads to on this site, or undefined when it leads to another
 * one. Read the way a browser reads an href or a Location header (the WHATWG URL parser, which
 * drops tabs and newlines and takes `\` for `/`), so `/\t/evil.example`, `/\evil.example` and
 * `https://evil.example` all leave the site; what is kept is the parser's own serialisation,
 * percent-encoded.
 */
export function sameSitePath(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url, HOME);
  } catch {
    return undefined;
  }
  // `/.//evil.example` resolves to the path `//evil.example`, which a browser reads as a host.
  if (parsed.origin !== HOME.origin || parsed.pathname.startsWith('//')) return undefined;
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** A path of this site to send the visitor to (`?next=` after signing in, a cashier's return path), or `/`. */
export function safeLocalPath(next: string | undefined): string {
  return (next && sameSitePath(next)) || '/';
}

/** What a header may carry as is: visible ASCII only (no spaces, controls or other scripts). */
const PLAIN_LOCATION = /^[\x21-\x7e]*$/;

/**
 * A Location header value as bytes a browser and Node accept: a path or URL with characters
 * outside visible ASCII (`/questions?tag=中文`) is percent-encoded by the URL parser, which also
 * drops tabs and newlines; a relative one stays relative. Node refuses to send such a header at all
 * (ERR_INVALID_CHAR), so every redirect passes through here on its way out.
 */
export function encodeLocation(location: string): string {
  if (PLAIN_LOCATION.test(location)) return location;
  const path = sameSitePath(location);
  if (path !== undefined) return path;
  try {
    return new URL(location, HOME).href;
  } catch {
    return '/';
  }
}
