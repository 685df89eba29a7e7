import type { Panel } from '../../../platform/extensions/index.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { formatNumber } from '../../../platform/views/widgets.js';
import {
  type AskFormInput,
  type AskFormRegions,
  type QuestionPageInput,
  type QuestionPageRegions,
  questionPath,
} from '../../questions/index.js';
import type { RelatedQuestion } from '../search.service.js';

/** Related or similar questions as plain links, each with its score and answers. */
export function RelatedList(props: {
  ctx: PageContext;
  items: readonly RelatedQuestion[];
  empty: 'search.related.none' | 'search.similar.none';
  testId: string;
}) {
  const { ctx, items } = props;
  if (items.length === 0) {
    return (
      <p class="small text-body-secondary mb-0" data-testid={`${props.testId}-none`}>
        {ctx.t(props.empty)}
      </p>
    );
  }
  return (
    <ul class="list-unstyled mb-0 related-list" data-testid={props.testId}>
      {items.map((item) => (
        <li class="d-flex gap-2 mb-2 small">
          <span
            class={`badge ${item.acceptedAnswerId !== null ? 'text-bg-success' : 'text-bg-light border'} align-self-start`}
            title={ctx.text('search.answers', { count: item.answerCount })}
          >
            {formatNumber(item.score, ctx.locale) as 'safe'}
          </span>
          <a href={questionPath(item)} safe>
            {item.title}
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * The "Related questions" box on a question page. It costs the page nothing: htmx loads the
 * list after the page; without JavaScript it is a link to the same list as a page.
 */
export function RelatedBox(props: { ctx: PageContext; questionId: number }) {
  const href = `/questions/${props.questionId}/related`;
  return (
    <aside class="card mt-4" aria-labelledby="related-questions-title" data-testid="related-box">
      <div class="card-body">
        <h2 class="h6 card-title" id="related-questions-title">
          {props.ctx.t('search.related.title')}
        </h2>
        <div hx-get={`${href}?fragment=1`} hx-trigger="load" hx-swap="innerHTML">
          <a href={href} class="small">
            {props.ctx.t('search.related.show')}
          </a>
        </div>
      </div>
    </aside>
  );
}

/** `/questions/:id/related` without JavaScript: the related list as a page of its own. */
export function RelatedPage(props: {
  ctx: PageContext;
  question: { id: number; title: string; slug: string };
  items: readonly RelatedQuestion[];
}) {
  const { ctx, question } = props;
  return (
    <Layout ctx={ctx} title={ctx.text('search.related.title')}>
      <p class="mb-1">
        <a href={questionPath(question)} safe>
          {question.title}
        </a>
      </p>
      <h1 class="h4 mb-3">{ctx.t('search.related.title')}</h1>
      <RelatedList ctx={ctx} items={props.items} empty="search.related.none" testId="related-list" />
    </Layout>
  );
}

/**
 * The ask form's hook: while the title is typed (debounced), htmx fills this with questions
 * that may already answer it, as plain links.
 */
export function SimilarQuestionsHook(props: { ctx: PageContext }) {
  return (
    <div
      hx-get="/search/similar"
      hx-trigger="input changed delay:500ms from:#field-title"
      hx-include="#field-title, #field-tags"
      hx-target="#similar-questions"
      hx-sync="this:replace"
    >
      <section
        id="similar-questions"
        class="mb-3"
        aria-live="polite"
        aria-label={props.ctx.text('search.similar.title')}
        data-testid="similar-questions"
      ></section>
    </div>
  );
}

/** The htmx fragment of similar questions (nothing at all when there are none). */
export function SimilarFragment(props: { ctx: PageContext; items: readonly RelatedQuestion[] }) {
  if (props.items.length === 0) return '';
  return (
    <div class="card card-body bg-body-tertiary">
      <h2 class="h6">{props.ctx.t('search.similar.title')}</h2>
      <RelatedList ctx={props.ctx} items={props.items} empty="search.similar.none" testId="similar-list" />
    </div>
  );
}

/** The question page's related-questions box (after the answers); it loads nothing itself. */
export const relatedQuestionsPanel: Panel<QuestionPageInput, QuestionPageRegions> = {
  id: 'search.related',
  order: 50,
  async load({ question }) {
    return { afterAnswers: (view) => <RelatedBox ctx={view} questionId={question.id} /> };
  },
};

/** The ask form's similar-questions hook (under the title). */
export const similarQuestionsPanel: Panel<AskFormInput, AskFormRegions> = {
  id: 'search.similar',
  order: 50,
  async load() {
    return { afterTitle: (view) => <SimilarQuestionsHook ctx={view} /> };
  },
};
