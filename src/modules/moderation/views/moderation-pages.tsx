import type { MessageKey } from '../../../platform/i18n/index.js';
import { Alert, CsrfField } from '../../../platform/views/components.js';
import { Time } from '../../../platform/views/dates.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { Pagination } from '../../../platform/views/widgets.js';
import type { LogEntry } from '../moderation.repository.js';
import { REASON_MAX, SUSPENSION_DAYS } from '../moderation.rules.js';
import type { MemberModeration } from '../moderation.service.js';

/** What the suspend form shows again after a refusal: what was typed and each field's problem. */
export interface SuspendFormState {
  readonly days?: string | undefined;
  readonly reason?: string | undefined;
  readonly errors?: Readonly<Record<string, string>>;
  readonly message?: string | undefined;
}

const ACTIONS: Readonly<Record<string, MessageKey>> = {
  suspend: 'moderation.action.suspend',
  lift: 'moderation.action.lift',
  role: 'moderation.action.role',
};

function userHref(id: number): string {
  return `/moderation/users/${id}`;
}

/** A member's moderation page: the suspension in force, the suspend or lift form, the history. */
export function MemberModerationPage(props: {
  ctx: PageContext;
  view: MemberModeration;
  form?: SuspendFormState;
  notice?: string | undefined;
}) {
  const { ctx, view } = props;
  const { t, text } = ctx;
  const { member, active } = view;
  const form = props.form ?? {};
  const errors = form.errors ?? {};
  return (
    <Layout ctx={ctx} title={text('moderation.member.title', { name: member.displayName })}>
      <h1 class="h3">{t('moderation.member.title', { name: member.displayName })}</h1>
      <p class="text-body-secondary">
        <a href={`/users/${member.id}`} safe>
          @{member.username}
        </a>
      </p>
      {props.notice ? (
        <Alert kind="success">
          <span safe>{props.notice}</span>
        </Alert>
      ) : (
        ''
      )}
      {form.message ? (
        <Alert kind="danger">
          <span safe>{form.message}</span>
        </Alert>
      ) : (
        ''
      )}
      {active ? (
        <section class="mb-4" data-testid="suspension-active">
          <p>
            {t('moderation.member.suspended_until')} <Time ctx={ctx} date={active.endsAt} show="datetime" />
          </p>
          <p>
            {t('moderation.reason')}: <span safe>{active.reason}</span>
          </p>
          {view.refusal ? (
            ''
          ) : (
            <form method="post" action={`${userHref(member.id)}/lift`} data-testid="lift-form">
              <CsrfField token={ctx.csrfToken} />
              <div class="mb-3">
                <label class="form-label" for="lift-reason">
                  {t('moderation.lift.reason')}
                </label>
                <input class="form-control" id="lift-reason" name="reason" maxlength={REASON_MAX} />
              </div>
              <button class="btn btn-outline-primary" type="submit">
                {t('moderation.lift.submit')}
              </button>
            </form>
          )}
        </section>
      ) : view.refusal ? (
        <p class="text-body-secondary" data-testid="suspend-refused">
          {t(view.refusal as MessageKey)}
        </p>
      ) : (
        <form
          method="post"
          action={`${userHref(member.id)}/suspend`}
          class="mb-4"
          data-testid="suspend-form"
          novalidate
        >
          <CsrfField token={ctx.csrfToken} />
          <h2 class="h5">{t('moderation.suspend.title')}</h2>
          <div class="mb-3">
            <label class="form-label" for="field-days">
              {t('moderation.suspend.days')}
            </label>
            <input
              class={`form-control${errors.days ? ' is-invalid' : ''}`}
              id="field-days"
              name="days"
              type="number"
              min={String(SUSPENSION_DAYS.min)}
              max={String(SUSPENSION_DAYS.max)}
              required
              value={form.days ?? '7'}
            />
            {errors.days ? (
              <div class="invalid-feedback" data-field-error="days" safe>
                {errors.days}
              </div>
            ) : (
              ''
            )}
          </div>
          <div class="mb-3">
            <label class="form-label" for="field-reason">
              {t('moderation.reason')}
            </label>
            <textarea
              class={`form-control${errors.reason ? ' is-invalid' : ''}`}
              id="field-reason"
              name="reason"
              rows="3"
              maxlength={REASON_MAX}
              required
              safe
            >
              {form.reason ?? ''}
            </textarea>
            <div class="form-text">{t('moderation.suspend.reason_help')}</div>
            {errors.reason ? (
              <div class="invalid-feedback" data-field-error="reason" safe>
                {errors.reason}
              </div>
            ) : (
              ''
            )}
          </div>
          <button class="btn btn-danger" type="submit">
            {t('moderation.suspend.submit')}
          </button>
        </form>
      )}
      <h2 class="h5">{t('moderation.history')}</h2>
      {view.history.length === 0 ? (
        <p class="text-body-secondary">{t('moderation.history_none')}</p>
      ) : (
        <ul class="list-group" data-testid="suspension-history">
          {view.history.map((s) => (
            <li class="list-group-item small">
              <Time ctx={ctx} date={s.startsAt} show="datetime" /> →{' '}
              <Time ctx={ctx} date={s.endsAt} show="datetime" />
              {' · '}
              <span safe>{s.moderatorName}</span>
              {' · '}
              <span safe>{s.reason}</span>
              {s.liftedAt ? (
                <>
                  {' · '}
                  {t('moderation.lifted_by', { name: s.lifterName ?? '' })}{' '}
                  <Time ctx={ctx} date={s.liftedAt} show="datetime" />
                </>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** The moderation log, newest first, paged. */
export function ModerationLogPage(props: {
  ctx: PageContext;
  log: { items: readonly LogEntry[]; page: number; pageSize: number; total: number };
}) {
  const { ctx } = props;
  const { t, text } = ctx;
  return (
    <Layout ctx={ctx} title={text('moderation.log.title')}>
      <h1 class="h3">{t('moderation.log.title')}</h1>
      {props.log.items.length === 0 ? (
        <p class="text-body-secondary" data-testid="log-empty">
          {t('moderation.log.none')}
        </p>
      ) : (
        <div class="table-responsive">
          <table class="table table-sm" data-testid="moderation-log">
            <thead>
              <tr>
                <th scope="col">{t('moderation.log.when')}</th>
                <th scope="col">{t('moderation.log.who')}</th>
                <th scope="col">{t('moderation.log.what')}</th>
                <th scope="col">{t('moderation.log.target')}</th>
                <th scope="col">{t('moderation.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {props.log.items.map((entry) => (
                <tr data-testid="log-row" data-action={entry.action}>
                  <td>
                    <Time ctx={ctx} date={entry.createdAt} show="datetime" />
                  </td>
                  <td>
                    {entry.actorName === null ? (
                      t('moderation.log.operator')
                    ) : (
                      <span safe>{entry.actorName}</span>
                    )}
                  </td>
                  <td>
                    {ACTIONS[entry.action] ? (
                      t(ACTIONS[entry.action] as MessageKey)
                    ) : (
                      <span safe>{entry.action}</span>
                    )}
                    <Details ctx={ctx} entry={entry} />
                  </td>
                  <td>
                    {entry.targetKind === 'user' ? (
                      <a href={userHref(entry.targetId)} safe>
                        {entry.targetName ?? String(entry.targetId)}
                      </a>
                    ) : (
                      <span safe>{`${entry.targetKind} ${entry.targetId}`}</span>
                    )}
                  </td>
                  <td safe>{entry.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination ctx={ctx} list={props.log} hrefFor={(page) => `/moderation/log?page=${page}`} />
    </Layout>
  );
}

const ROLES: Readonly<Record<string, MessageKey>> = {
  user: 'moderation.role.user',
  moderator: 'moderation.role.moderator',
  admin: 'moderation.role.admin',
};

/** What an action changed, in words: a suspension's days, a role's change. */
function Details({ ctx, entry }: { ctx: PageContext; entry: LogEntry }) {
  if (entry.details === null) return '';
  if (entry.action === 'suspend' && /^\d+$/.test(entry.details)) {
    return (
      <span class="text-body-secondary">
        {' '}
        {ctx.t('moderation.log.days', { days: Number(entry.details) })}
      </span>
    );
  }
  const [from, to] = entry.details.split('>');
  const fromKey = from ? ROLES[from] : undefined;
  const toKey = to ? ROLES[to] : undefined;
  if (entry.action === 'role' && fromKey && toKey) {
    return (
      <span class="text-body-secondary">
        {' '}
        {ctx.t('moderation.log.role_change', { from: ctx.text(fromKey), to: ctx.text(toKey) })}
      </span>
    );
  }
  return (
    <span class="text-body-secondary" safe>
      {` (${entry.details})`}
    </span>
  );
}
