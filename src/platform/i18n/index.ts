import { en, type MessageKey } from './locales/en.js';
import { zhCN } from './locales/zh-CN.js';

export type { MessageKey };
export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** Narrows any string to a catalogue key, so codes from elsewhere can be shown safely. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/**
 * The message for `key` when the catalogue has one, else `fallback` as it is spelled: for names
 * that come from data (a gateway, an order status, an account kind) and may be newer than the
 * catalogue.
 */
export function textOr(text: Translate, key: string, fallback: string): string {
  return isMessageKey(key) ? text(key) : fallback;
}

/** The message for `key` in `locale`, with `{name}` parameters filled in. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = catalogues[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** Maps `zh`, `zh-cn`, `zh-Hans-CN`, `en-GB`… to a supported locale, or undefined. */
export function matchLocale(tag: string | undefined): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) {
    // Traditional Chinese readers still get Simplified rather than English.
    return 'zh-CN';
  }
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return undefined;
}

/** Best supported locale from an Accept-Language header, honouring q-values. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...options] = part.trim().split(';');
      const q = options.map((o) => /^\s*q=([0-9.]+)\s*$/.exec(o)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    const locale = matchLocale(entry.tag);
    if (locale) return locale;
  }
  return undefined;
}

/** `?lang=` wins, then the `lang` cookie, then Accept-Language, then English. */
export function pickLocale(input: {
  query?: string | undefined;
  cookie?: string | undefined;
  acceptLanguage?: string | undefined;
}): Locale {
  return (
    matchLocale(input.query) ??
    matchLocale(input.cookie) ??
    localeFromAcceptLanguage(input.acceptLanguage) ??
    defaultLocale
  );
}
