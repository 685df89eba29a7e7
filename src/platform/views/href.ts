/**
 * `path` with the query parameters that are set (undefined, null and '' left out, in the order
 * given), so a link with every value at its default stays the bare path.
 */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/** A page number as a query value: undefined for the first page, which the bare URL shows. */
export function pageParam(page: number | undefined): number | undefined {
  return page !== undefined && page > 1 ? page : undefined;
}

/** The log-in page, coming back to `next` (a path of this site) once signed in. */
export function loginHref(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`;
}
