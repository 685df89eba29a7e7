// TechQ&A: tells the server the browser's time zone, so the next page shows times in it.
// Without this file (no JavaScript) pages use the member's setting or the language's default zone.
// The server checks the name (platform/i18n/time-zone.ts); the cookie is not trusted.
(() => {
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  if (typeof zone !== 'string' || zone === '' || zone.length > 64) return;
  const cookie = `tz=${encodeURIComponent(zone)}`;
  if (document.cookie.split('; ').includes(cookie)) return;
  const secure = location.protocol === 'https:' ? '; secure' : '';
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from Firefox and older Safari.
  document.cookie = `${cookie}; path=/; max-age=31536000; samesite=lax${secure}`;
})();
