/**
 * Intl formatters are slow to build (tens of µs) and safe to share: the app keeps one per key
 * (kind, language, zone, currency). Keys come from a few hundred zones at most, times the
 * languages, but the map is bounded all the same (emptied when full; the common few come back at
 * once).
 */
const formatters = new Map<string, object>();
const FORMATTERS_KEPT = 1000;

/** The formatter kept under `key`, made by `make` the first time. */
export function sharedFormatter<T extends object>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    if (formatters.size >= FORMATTERS_KEPT) formatters.clear();
    formatters.set(key, formatter);
  }
  return formatter;
}
