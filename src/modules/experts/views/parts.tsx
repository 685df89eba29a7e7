import type { MessageKey } from '../../../platform/i18n/index.js';
import { Alert } from '../../../platform/views/components.js';
import { Time } from '../../../platform/views/dates.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { PaidQuestionState } from '../paid-question.states.js';

/** Small pieces the experts pages share: money, states, notices, form errors. */

/** A date and time in full, in the reader's language and zone (the UTC instant as tooltip). */
export function When(props: { date: Date; ctx: PageContext }) {
  return <Time ctx={props.ctx} date={props.date} />;
}

const stateClass: Record<PaidQuestionState, string> = {
  paid: 'text-bg-warning',
  answered: 'text-bg-success',
  declined: 'text-bg-secondary',
  expired: 'text-bg-secondary',
  refunded: 'text-bg-info',
};

export function StateBadge(props: { ctx: PageContext; state: PaidQuestionState }) {
  return (
    <span
      class={`badge ${stateClass[props.state]}`}
      data-testid="paid-question-state"
      data-state={props.state}
    >
      {props.ctx.t(`paid_question.state.${props.state}` as MessageKey)}
    </span>
  );
}

/** A success notice and an error message, either optional. */
export function Notices(props: { notice?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {props.notice ? (
        <Alert kind="success">
          <span data-testid="notice" safe>
            {props.notice}
          </span>
        </Alert>
      ) : (
        ''
      )}
      {props.error ? (
        <Alert kind="danger">
          <span data-testid="form-error" safe>
            {props.error}
          </span>
        </Alert>
      ) : (
        ''
      )}
    </>
  );
}

/** A field's error under its input. */
export function FieldError(props: { name: string; errors: Readonly<Record<string, string>> }) {
  const message = props.errors[props.name];
  return message ? (
    <div class="invalid-feedback d-block" data-field-error={props.name} safe>
      {message}
    </div>
  ) : (
    ''
  );
}

/** "4.7 ★ (12)" or "No ratings yet". */
export function RatingText(props: { ctx: PageContext; average: number | null; count: number }) {
  if (props.average === null)
    return <span class="text-body-secondary">{props.ctx.t('experts.no_ratings')}</span>;
  return (
    <span data-testid="rating">
      {props.ctx.t('experts.rating_value', { average: props.average.toFixed(1), count: props.count })}
    </span>
  );
}
