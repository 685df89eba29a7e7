import { CsrfField, IdempotencyField } from '../../../platform/views/components.js';
import { fullDateTime, utcInstant } from '../../../platform/views/dates.js';
import { Layout } from '../../../platform/views/layout.js';
import { MoneyText } from '../../../platform/views/money.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { TabLinks } from '../../../platform/views/tabs.js';
import type { PaidQuestion } from '../experts.repository.js';
import type { DisputeWithQuestion } from '../paid-questions.service.js';
import { DecisionForm } from './paid-question.js';
import { Notices, StateBadge } from './parts.js';

function QuestionRows(props: {
  ctx: PageContext;
  questions: readonly PaidQuestion[];
  who: 'asker' | 'expert';
  declineKeys?: Readonly<Record<number, string>>;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <ul class="list-group" data-testid="paid-questions">
      {props.questions.map((q) => (
        <li class="list-group-item" data-testid="paid-question-row" data-id={String(q.id)}>
          <div class="d-flex flex-wrap gap-2 align-items-center">
            <StateBadge ctx={ctx} state={q.state} />
            <a class="me-auto" href={`/paid-questions/${q.id}`} safe>
              {q.title}
            </a>
            <MoneyText amount={q.price} ctx={ctx} />
          </div>
          <div class="small text-body-secondary">
            <span safe>{props.who === 'asker' ? q.asker.displayName : q.expert.displayName}</span>
            {q.state === 'paid'
              ? [
                  ' · ',
                  <span title={utcInstant(q.deadlineAt)}>
                    {t('paid_question.deadline', { deadline: fullDateTime(q.deadlineAt, ctx) })}
                  </span>,
                ]
              : ''}
          </div>
          {props.declineKeys?.[q.id] ? (
            <div class="d-flex gap-2 mt-2">
              <a class="btn btn-sm btn-primary" href={`/paid-questions/${q.id}#answer-heading`}>
                {t('experts.queue.open')}
              </a>
              <form method="post" action={`/paid-questions/${q.id}/decline`} class="m-0">
                <CsrfField token={ctx.csrfToken} />
                <IdempotencyField value={props.declineKeys[q.id] ?? ''} />
                <button class="btn btn-sm btn-outline-danger" type="submit" data-testid="queue-decline">
                  {t('paid_question.decline_submit')}
                </button>
              </form>
            </div>
          ) : (
            ''
          )}
        </li>
      ))}
    </ul>
  );
}

/** /me/expert/questions: what was put to the expert, waiting ones first, with answer and decline. */
export function QueuePage(props: {
  ctx: PageContext;
  questions: readonly PaidQuestion[];
  state: 'paid' | 'all';
  isExpert: boolean;
  declineKeys: Readonly<Record<number, string>>;
  notice?: string | undefined;
}) {
  const { ctx } = props;
  const { t, text } = ctx;
  return (
    <Layout ctx={ctx} title={text('experts.queue.title')}>
      <h1 class="h3">{t('experts.queue.title')}</h1>
      <Notices notice={props.notice} />
      {props.isExpert ? (
        ''
      ) : (
        <p>
          {t('experts.queue.not_expert')} <a href="/me/expert">{t('experts.become')}</a>
        </p>
      )}
      <TabLinks
        kind="tabs"
        options={['paid', 'all'] as const}
        current={props.state}
        href={(state) => `/me/expert/questions?state=${state}`}
        text={(state) => t(state === 'paid' ? 'experts.queue.waiting' : 'experts.queue.all')}
      />
      {props.questions.length === 0 ? (
        <p class="text-body-secondary">{t('experts.queue.none')}</p>
      ) : (
        <QuestionRows ctx={ctx} questions={props.questions} who="asker" declineKeys={props.declineKeys} />
      )}
    </Layout>
  );
}

/** /me/paid-questions: the questions the member asked. */
export function MyQuestionsPage(props: { ctx: PageContext; questions: readonly PaidQuestion[] }) {
  const { ctx } = props;
  const { t, text } = ctx;
  return (
    <Layout ctx={ctx} title={text('experts.mine.title')}>
      <h1 class="h3">{t('experts.mine.title')}</h1>
      {props.questions.length === 0 ? (
        <p class="text-body-secondary">
          {t('experts.mine.none')} <a href="/experts">{t('experts.title')}</a>
        </p>
      ) : (
        <QuestionRows ctx={ctx} questions={props.questions} who="expert" />
      )}
    </Layout>
  );
}

/** /moderation/disputes: open disputes, each with its question and the refund / release form. */
export function DisputesPage(props: {
  ctx: PageContext;
  items: readonly DisputeWithQuestion[];
  keys: Readonly<Record<number, string>>;
  notice?: string | undefined;
}) {
  const { ctx } = props;
  const { t, text } = ctx;
  return (
    <Layout ctx={ctx} title={text('experts.disputes.title')}>
      <h1 class="h3">{t('experts.disputes.title')}</h1>
      <Notices notice={props.notice} />
      {props.items.length === 0 ? (
        <p class="text-body-secondary" data-testid="disputes-empty">
          {t('experts.disputes.none')}
        </p>
      ) : (
        <ul class="list-group" data-testid="disputes">
          {props.items.map(({ dispute, question }) => (
            <li class="list-group-item" data-testid="dispute-row" data-question-id={String(question.id)}>
              <div class="d-flex flex-wrap gap-2 align-items-center">
                <a class="me-auto" href={`/paid-questions/${question.id}`} safe>
                  {question.title}
                </a>
                <MoneyText amount={question.price} ctx={ctx} />
              </div>
              <p class="small mb-2">
                {t('dispute.reason')}: <span safe>{dispute.reason}</span>
              </p>
              <DecisionForm
                ctx={ctx}
                questionId={question.id}
                idempotencyKey={props.keys[dispute.id] ?? ''}
              />
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
