import type { PageContext } from '../../../platform/views/page-context.js';

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

/** A list URL with its sort and page (the defaults left out, so URLs stay short). */
export function listHref(base: string, sort: Sort, page = 1): string {
  const query = new URLSearchParams();
  if (sort !== 'newest') query.set('sort', sort);
  if (page > 1) query.set('page', String(page));
  const search = query.toString();
  return search ? `${base}?${search}` : base;
}
