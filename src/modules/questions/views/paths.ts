import type { Locale } from '../../../platform/i18n/index.js';
import type { QuestionLanguage } from '../../../platform/text/language.js';
import { pageParam, withQuery } from '../../../platform/views/href.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { type AnswerSort, answerSorts } from '../thread.service.js';

/** What question views need besides the page context: the instant "3 hours ago" is counted from. */
export interface ViewContext extends PageContext {
  readonly now: Date;
}

// A slug that equals a sub-page's name would make the canonical URL open that sub-page.
const RESERVED_SEGMENTS = new Set(['edit', 'revisions', 'related']);

/** The last URL segment of a question's canonical URL (decoded). */
export function slugSegment(slug: string): string {
  return RESERVED_SEGMENTS.has(slug) ? `${slug}-question` : slug;
}

/** `/questions/12/react-的-useeffect`, encoded (slugs may be Chinese). */
export function questionPath(question: { id: number; slug: string }): string {
  return `/questions/${question.id}/${encodeURIComponent(slugSegment(question.slug))}`;
}

/** Where a post sits on its question's page. */
export function postAnchor(post: { kind: 'question' | 'answer'; id: number }): string {
  return `${post.kind}-${post.id}`;
}

export const sorts = ['newest', 'active', 'votes', 'unanswered'] as const;
export type Sort = (typeof sorts)[number];

/** `?sort=` read leniently: anything unknown is the default. */
export function sortOf(raw: string | undefined): Sort {
  return (sorts as readonly string[]).includes(raw ?? '') ? (raw as Sort) : 'newest';
}

export const languageChoices = ['all', 'en', 'zh'] as const;
export type LanguageChoice = (typeof languageChoices)[number];

/**
 * Which questions a site-wide list shows: `?language=all|en|zh`, else the reader's own
 * (English-first for `en` readers, Chinese-first for zh-CN). `chosen` is set when the URL names
 * one, so links keep it; otherwise links leave it out and it follows the reader's locale.
 */
export interface LanguageFilter {
  readonly shown: LanguageChoice;
  readonly chosen: LanguageChoice | undefined;
}

export function languageFilterOf(raw: string | undefined, locale: Locale): LanguageFilter {
  const chosen = (languageChoices as readonly string[]).includes(raw ?? '')
    ? (raw as LanguageChoice)
    : undefined;
  return { shown: chosen ?? (locale === 'zh-CN' ? 'zh' : 'en'), chosen };
}

/** The question language a list filters on, or undefined for every language. */
export function filterLanguage(filter: LanguageFilter): QuestionLanguage | undefined {
  return filter.shown === 'all' ? undefined : filter.shown;
}

/** `?answers=` read leniently, as `?sort=` is. */
export function answerSortOf(raw: string | undefined): AnswerSort {
  return (answerSorts as readonly string[]).includes(raw ?? '') ? (raw as AnswerSort) : 'votes';
}

/** A question page URL showing its answers in that order and page (defaults left out), at the answers. */
export function answersHref(question: { id: number; slug: string }, sort: AnswerSort, page = 1): string {
  const query = { answers: sort !== 'votes' ? sort : undefined, page: pageParam(page) };
  return `${withQuery(questionPath(question), query)}#answers`;
}

/** A list URL with its sort, page and chosen language (the defaults left out, so URLs stay short). */
export function listHref(base: string, sort: Sort, page = 1, language?: LanguageChoice): string {
  return withQuery(base, { sort: sort !== 'newest' ? sort : undefined, language, page: pageParam(page) });
}
