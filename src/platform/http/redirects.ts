/** Any origin will do: only whether a path leaves it matters, and what is kept is the path. */
const HOME = new URL('http://techqa.invalid/');

/**
 * A path of this site to send the visitor to (`?next=` after signing in, a cashier's return
 * path), or `/`. The value is read the way a browser reads a Location header (the WHATWG URL
 * parser, which drops tabs and newlines and takes `\` for `/`), so `/\t/evil.example`,
 * `/\evil.example` and `https://evil.example` all count as leaving the site; what is kept is the
 * parser's own serialisation: path, query and fragment, percent-encoded.
 */
export function safeLocalPath(next: string | undefined): string {
  if (!next) return '/';
  let url: URL;
  try {
    url = new URL(next, HOME);
  } catch {
    return '/';
  }
  // `/.//evil.example` resolves to the path `//evil.example`, which a browser reads as a host.
  if (url.origin !== HOME.origin || url.pathname.startsWith('//')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
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
  try {
    const url = new URL(location, HOME);
    return url.origin === HOME.origin && !url.pathname.startsWith('//')
      ? `${url.pathname}${url.search}${url.hash}`
      : url.href;
  } catch {
    return '/';
  }
}
