import type { Locale, MessageKey, MessageParams, Translate } from '../i18n/index.js';
import type { NavItem } from './nav.js';

/** A catalogue message already HTML-escaped, typed so the XSS checker accepts it as a child. */
export type TranslateHtml = (key: MessageKey, params?: MessageParams) => JSX.Element;

/** The signed-in member as pages see them. */
export interface PageUser {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: 'user' | 'moderator' | 'admin';
  /** While suspended: why and until when (every page says so). */
  readonly suspension?: { readonly until: Date; readonly reason: string };
}

/** Everything the layout and any view need from the request, and nothing else. */
export interface PageContext {
  readonly locale: Locale;
  /** The zone times are shown in (an Intl id): the member's setting, the browser's, or the language's. */
  readonly timeZone: string;
  /** For element content: escaped (parameters may hold member input). */
  readonly t: TranslateHtml;
  /** For attributes and `safe` elements, which escape on their own: the raw text. */
  readonly text: Translate;
  readonly user: PageUser | null;
  /** Sent back in every form (`_csrf`) and every htmx request (`X-CSRF-Token`). */
  readonly csrfToken: string;
  /** Path and query of this page, for the language switch (after a form POST: the form's page). */
  readonly url: string;
  /** The navigation's links as modules contributed them (the layout picks what this user sees). */
  readonly nav: readonly NavItem[];
}

/** The same URL with `lang` set, keeping every other query parameter. */
export function urlWithLang(url: string, locale: Locale): string {
  const parsed = new URL(url, 'http://x');
  parsed.searchParams.set('lang', locale);
  return `${parsed.pathname}${parsed.search}`;
}
