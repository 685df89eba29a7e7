import type { Children } from '@kitajs/html';
import { formatMoney, type Money } from '../../../platform/money.js';
import { CsrfField, IdempotencyField } from '../../../platform/views/components.js';
import { fullDateTime, utcInstant } from '../../../platform/views/dates.js';
import { loginHref } from '../../../platform/views/href.js';
import { Layout } from '../../../platform/views/layout.js';
import { ShortfallNotice } from '../../../platform/views/money.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { plural, TagList } from '../../../platform/views/widgets.js';
import type { PaidQuestionView } from '../paid-questions.service.js';
import { FieldError, Notices, StateBadge } from './parts.js';

export interface PaidQuestionPageProps {
  readonly ctx: PageContext;
  readonly view: PaidQuestionView;
  /** A fresh key for each money form on the page. */
  readonly keys: { answer: string; decline: string; unlock: string; decide: string };
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  readonly fieldErrors?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, string>>;
  /** The reader's balances when they may unlock, to show a shortfall before they try. */
  readonly balances?: readonly Money[];
}

/** /paid-questions/:id: the question, then the answer (or the unlock button), rating and dispute. */
export function PaidQuestionPage(props: PaidQuestionPageProps) {
  const { ctx, view } = props;
  const { t, text } = ctx;
  const q = view.question;
  // Rendered by platform/markdown when the question was saved (raw HTML off): safe to insert.
  const safeBodyHtml = q.bodyHtml;
  return (
    <Layout ctx={ctx} title={q.title}>
      <Notices notice={props.notice} error={props.error} />
      <div class="d-flex flex-wrap align-items-center gap-2 mb-2">
        <StateBadge ctx={ctx} state={q.state} />
        {q.visibility === 'private' ? (
          <span class="badge text-bg-dark">{t('paid_question.private_badge')}</span>
        ) : (
          ''
        )}
      </div>
      <h1 class="h3" data-testid="paid-question-title" safe>
        {q.title}
      </h1>
      <p class="text-body-secondary small">
        {t('paid_question.meta', {
          asker: q.asker.displayName,
          expert: q.expert.displayName,
          price: formatMoney(q.price, ctx.locale),
        })}
        {q.state === 'paid' ? (
          <>
            {' · '}
            <span title={utcInstant(q.deadlineAt)}>
              {t('paid_question.deadline', { deadline: fullDateTime(q.deadlineAt, ctx) })}
            </span>
          </>
        ) : (
          ''
        )}
      </p>
      <p>
        <a href={`/experts/${q.expert.id}`} safe>
          {q.expert.displayName}
        </a>
      </p>
      <TagList tags={q.tags} label={text('experts.col.tags')} />
      <div class="post-body markdown-body my-3" data-testid="paid-question-body">
        {safeBodyHtml}
      </div>

      <section class="mt-4" aria-labelledby="answer-heading">
        <h2 class="h5" id="answer-heading">
          {t('paid_question.answer')}
        </h2>
        <AnswerSection {...props} />
      </section>

      {view.rating || view.abilities.rate ? <RatingSection {...props} /> : ''}
      {view.dispute || view.abilities.dispute ? <DisputeSection {...props} /> : ''}
    </Layout>
  );
}

function AnswerSection(props: PaidQuestionPageProps) {
  const { ctx, view } = props;
  const { t } = ctx;
  const q = view.question;
  const errors = props.fieldErrors ?? {};
  if (view.answerVisible && q.answerHtml !== null) {
    // Rendered by platform/markdown when the answer was saved (raw HTML off): safe to insert.
    const safeAnswerHtml = q.answerHtml;
    return (
      <AnswerCard {...props} testid="paid-answer">
        <div class="post-body markdown-body">{safeAnswerHtml}</div>
        {view.unlocked ? <p class="small text-success mb-0">{t('paid_question.unlocked')}</p> : ''}
      </AnswerCard>
    );
  }
  if (view.abilities.answer || view.abilities.decline) {
    return (
      <div data-testid="answer-box">
        <p class="text-body-secondary" title={utcInstant(q.deadlineAt)}>
          {t('paid_question.deadline', { deadline: fullDateTime(q.deadlineAt, ctx) })}
        </p>
        {view.abilities.answer ? (
          <form method="post" action={`/paid-questions/${q.id}/answer`} novalidate data-testid="answer-form">
            <CsrfField token={ctx.csrfToken} />
            <IdempotencyField value={props.keys.answer} />
            <label class="form-label" for="answer-body">
              {t('paid_question.answer_form')}
            </label>
            <textarea
              class={`form-control${errors.body ? ' is-invalid' : ''}`}
              id="answer-body"
              name="body"
              rows="10"
              data-testid="answer-body"
              safe
            >
              {props.values?.body ?? ''}
            </textarea>
            <FieldError name="body" errors={errors} />
            <button class="btn btn-primary mt-2" type="submit" data-testid="answer-submit">
              {t('paid_question.answer_submit')}
            </button>
          </form>
        ) : (
          ''
        )}
        {view.abilities.decline ? (
          <form
            method="post"
            action={`/paid-questions/${q.id}/decline`}
            class="mt-3"
            data-testid="decline-form"
          >
            <CsrfField token={ctx.csrfToken} />
            <IdempotencyField value={props.keys.decline} />
            <button class="btn btn-outline-danger btn-sm" type="submit" data-testid="decline-submit">
              {t('paid_question.decline_submit')}
            </button>
          </form>
        ) : (
          ''
        )}
      </div>
    );
  }
  if (q.state === 'paid') {
    return (
      <p class="text-body-secondary" data-testid="answer-waiting" title={utcInstant(q.deadlineAt)}>
        {t(ctx.user?.id === q.asker.id ? 'paid_question.waiting' : 'paid_question.waiting_public', {
          deadline: fullDateTime(q.deadlineAt, ctx),
        })}
      </p>
    );
  }
  if (q.answeredAt === null) return <p class="text-body-secondary">{t(`paid_question.state.${q.state}`)}</p>;
  return (
    <AnswerCard {...props} testid="answer-locked">
      <p>{t('paid_question.locked')}</p>
      {view.abilities.unlock ? (
        <ShortfallNotice
          ctx={ctx}
          balances={props.balances ?? []}
          price={view.unlockPrice}
          returnTo={`/paid-questions/${q.id}`}
        />
      ) : (
        ''
      )}
      {view.abilities.unlock ? (
        <form method="post" action={`/paid-questions/${q.id}/unlock`} data-testid="unlock-form">
          <CsrfField token={ctx.csrfToken} />
          <IdempotencyField value={props.keys.unlock} />
          <button class="btn btn-primary" type="submit" data-testid="unlock-submit">
            {t('paid_question.unlock_submit', { price: formatMoney(view.unlockPrice, ctx.locale) })}
          </button>
          <div class="form-text">{t('paid_question.unlock_help')}</div>
        </form>
      ) : ctx.user ? (
        ''
      ) : (
        <a href={loginHref(`/paid-questions/${q.id}`)}>{t('paid_question.login_to_unlock')}</a>
      )}
    </AnswerCard>
  );
}

/**
 * The answer as a card, readable or locked: when it was answered on top, then the answer (or
 * the unlock form), and how many members unlocked it below (public questions only).
 */
function AnswerCard(props: PaidQuestionPageProps & { testid: string; children: Children }) {
  const { ctx } = props;
  const q = props.view.question;
  return (
    <div class="card paid-answer-card" data-testid={props.testid}>
      {q.answeredAt ? (
        <div class="card-header small text-body-secondary" title={utcInstant(q.answeredAt)}>
          {ctx.t('paid_question.answered_at', { date: fullDateTime(q.answeredAt, ctx) })}
        </div>
      ) : (
        ''
      )}
      <div class="card-body">{props.children}</div>
      {q.visibility === 'public' ? (
        <div
          class="card-footer small text-body-secondary"
          data-testid="unlock-count"
          data-count={String(q.unlockCount)}
        >
          {ctx.t(`paid_question.unlock_count.${plural(ctx.locale, q.unlockCount)}`, { count: q.unlockCount })}
        </div>
      ) : (
        ''
      )}
    </div>
  );
}

function RatingSection(props: PaidQuestionPageProps) {
  const { ctx, view } = props;
  const { t } = ctx;
  const errors = props.fieldErrors ?? {};
  return (
    <section class="mt-4" aria-labelledby="rating-heading">
      <h2 class="h5" id="rating-heading">
        {t('paid_question.rating')}
      </h2>
      {view.rating ? (
        <p data-testid="paid-rating" data-stars={String(view.rating.stars)}>
          <span aria-hidden="true" safe>
            {'★'.repeat(view.rating.stars)}
          </span>
          <span class="visually-hidden">{t('expert.profile.stars', { stars: view.rating.stars })}</span>{' '}
          <span safe>{view.rating.review ?? ''}</span>
        </p>
      ) : (
        <form
          method="post"
          action={`/paid-questions/${view.question.id}/rating`}
          novalidate
          data-testid="rating-form"
        >
          <CsrfField token={ctx.csrfToken} />
          <fieldset class="mb-2">
            <legend class="form-label fs-6">{t('paid_question.rating_form')}</legend>
            {[5, 4, 3, 2, 1].map((stars) => (
              <div class="form-check form-check-inline">
                <input
                  class="form-check-input"
                  type="radio"
                  name="stars"
                  id={`stars-${stars}`}
                  value={String(stars)}
                  checked={stars === 5}
                />
                <label class="form-check-label" for={`stars-${stars}`}>
                  {t('expert.profile.stars', { stars })}
                </label>
              </div>
            ))}
            <FieldError name="stars" errors={errors} />
          </fieldset>
          <label class="form-label" for="rating-review">
            {t('paid_question.field.review')}
          </label>
          <textarea
            class="form-control"
            id="rating-review"
            name="review"
            rows="2"
            maxlength={2000}
          ></textarea>
          <FieldError name="review" errors={errors} />
          <button class="btn btn-outline-primary btn-sm mt-2" type="submit" data-testid="rating-submit">
            {t('paid_question.rate_submit')}
          </button>
        </form>
      )}
    </section>
  );
}

function DisputeSection(props: PaidQuestionPageProps) {
  const { ctx, view } = props;
  const { t } = ctx;
  const errors = props.fieldErrors ?? {};
  const dispute = view.dispute;
  return (
    <section class="mt-4" aria-labelledby="dispute-heading">
      <h2 class="h5" id="dispute-heading">
        {t('paid_question.dispute')}
      </h2>
      {dispute ? (
        <div data-testid="paid-dispute" data-state={dispute.state}>
          <p>
            <strong>{t(`dispute.state.${dispute.state}`)}</strong>
          </p>
          <p>
            {t('dispute.reason')}: <span safe>{dispute.reason}</span>
          </p>
          {dispute.decisionNote ? <p safe>{dispute.decisionNote}</p> : ''}
          {view.abilities.decide ? (
            <DecisionForm ctx={ctx} questionId={view.question.id} idempotencyKey={props.keys.decide} />
          ) : (
            ''
          )}
        </div>
      ) : (
        <form
          method="post"
          action={`/paid-questions/${view.question.id}/dispute`}
          novalidate
          data-testid="dispute-form"
        >
          <CsrfField token={ctx.csrfToken} />
          <p class="small text-body-secondary">{t('paid_question.dispute_help')}</p>
          <label class="form-label" for="dispute-reason">
            {t('paid_question.field.reason')}
          </label>
          <textarea
            class={`form-control${errors.reason ? ' is-invalid' : ''}`}
            id="dispute-reason"
            name="reason"
            rows="3"
            maxlength={2000}
            safe
          >
            {props.values?.reason ?? ''}
          </textarea>
          <FieldError name="reason" errors={errors} />
          <button class="btn btn-outline-danger btn-sm mt-2" type="submit" data-testid="dispute-submit">
            {t('paid_question.dispute_form')}
          </button>
        </form>
      )}
    </section>
  );
}

/** A moderator's refund / release form (also on the disputes page). */
export function DecisionForm(props: { ctx: PageContext; questionId: number; idempotencyKey: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <form
      method="post"
      action={`/paid-questions/${props.questionId}/dispute/decision`}
      class="d-flex flex-wrap gap-2 align-items-end"
      data-testid="decision-form"
    >
      <CsrfField token={ctx.csrfToken} />
      <IdempotencyField value={props.idempotencyKey} />
      <div>
        <label class="form-label small" for={`note-${props.questionId}`}>
          {t('dispute.field.note')}
        </label>
        <input
          class="form-control form-control-sm"
          id={`note-${props.questionId}`}
          name="note"
          maxlength={2000}
        />
      </div>
      <button
        class="btn btn-sm btn-danger"
        type="submit"
        name="outcome"
        value="refund"
        data-testid="decide-refund"
      >
        {t('dispute.refund_submit')}
      </button>
      <button
        class="btn btn-sm btn-success"
        type="submit"
        name="outcome"
        value="release"
        data-testid="decide-release"
      >
        {t('dispute.release_submit')}
      </button>
    </form>
  );
}
