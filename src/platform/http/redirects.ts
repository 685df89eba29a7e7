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
