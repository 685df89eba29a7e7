import { TOKEN_SCOPES } from '../../../platform/http/auth.js';
import { defaultTimeZone, knownTimeZones } from '../../../platform/i18n/time-zone.js';
import { Alert, CsrfField, Field } from '../../../platform/views/components.js';
import { fullDateTime, Time } from '../../../platform/views/dates.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { AccessToken, User } from '../accounts.repository.js';
import { accountLimits, DEFAULT_TOKEN_SCOPES } from '../accounts.rules.js';
import type { FormState } from './auth-forms.js';

export type SettingsNotice = 'profile_saved' | 'time_zone_saved' | 'password_changed' | 'token_revoked';

export interface SettingsProps {
  readonly ctx: PageContext;
  readonly user: User;
  readonly tokens: readonly AccessToken[];
  /** To mark expired tokens. */
  readonly now: Date;
  readonly notice?: SettingsNotice | undefined;
  /** The secret of a token created by this very request: shown once. */
  readonly newToken?: { name: string; token: string } | undefined;
  /** The zone the browser's script reported (checked), to offer it as the setting. */
  readonly browserTimeZone?: string | undefined;
  readonly profileForm?: FormState;
  readonly timeZoneForm?: FormState;
  readonly passwordForm?: FormState;
  readonly tokenForm?: FormState;
}

const scopeKeys = {
  read: 'settings.tokens.scope.read',
  write: 'settings.tokens.scope.write',
  money: 'settings.tokens.scope.money',
} as const;

/** Lifetimes offered on the form (the API takes any number of days within the limits). */
const TOKEN_EXPIRY_CHOICES = [7, 30, 90, 365] as const;

const noticeKeys = {
  profile_saved: 'settings.profile.saved',
  time_zone_saved: 'settings.time_zone.saved',
  password_changed: 'settings.password.changed',
  token_revoked: 'settings.tokens.revoked',
} as const;

function FormMessage(props: { form?: FormState | undefined }) {
  return props.form?.message ? (
    <Alert kind="danger">
      <span safe>{props.form.message}</span>
    </Alert>
  ) : (
    ''
  );
}

/** Profile, password and personal access tokens of the signed-in member. */
export function SettingsPage(props: SettingsProps) {
  const { ctx, user } = props;
  const { t, text } = ctx;
  const chosenScopes = props.tokenForm?.values?.scopes?.split(',');
  return (
    <Layout ctx={ctx} title={text('settings.title')}>
      <h1 class="h3 mb-4">{t('settings.title')}</h1>
      {props.notice ? <Alert kind="success">{t(noticeKeys[props.notice])}</Alert> : ''}

      <section class="mb-5" aria-labelledby="profile-heading">
        <h2 class="h5" id="profile-heading">
          {t('settings.profile')}
        </h2>
        <FormMessage form={props.profileForm} />
        <form method="post" action="/settings/profile" class="col-md-6" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Field
            name="displayName"
            label={text('auth.field.display_name')}
            value={props.profileForm?.values?.displayName ?? user.displayName}
            error={props.profileForm?.fieldErrors?.displayName}
            maxlength={accountLimits.displayName.max}
            required
          />
          <button class="btn btn-primary" type="submit">
            {t('settings.profile.save')}
          </button>
        </form>
      </section>

      <TimeZoneSection {...props} />

      <section class="mb-5" aria-labelledby="password-heading">
        <h2 class="h5" id="password-heading">
          {t('settings.password')}
        </h2>
        <FormMessage form={props.passwordForm} />
        <form method="post" action="/settings/password" class="col-md-6" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Field
            name="currentPassword"
            type="password"
            label={text('auth.field.current_password')}
            error={props.passwordForm?.fieldErrors?.currentPassword}
            autocomplete="current-password"
            required
          />
          <Field
            name="newPassword"
            type="password"
            label={text('auth.field.new_password')}
            error={props.passwordForm?.fieldErrors?.newPassword}
            help={text('auth.field.password_help')}
            autocomplete="new-password"
            maxlength={accountLimits.password.max}
            required
          />
          <button class="btn btn-primary" type="submit">
            {t('settings.password.save')}
          </button>
        </form>
      </section>

      <section aria-labelledby="tokens-heading">
        <h2 class="h5" id="tokens-heading">
          {t('settings.tokens')}
        </h2>
        <p class="text-body-secondary">{t('settings.tokens.help')}</p>
        {props.newToken ? (
          <Alert kind="success">
            <p class="mb-2">{t('settings.tokens.created')}</p>
            <code class="token-secret d-block" data-testid="new-token" safe>
              {props.newToken.token}
            </code>
          </Alert>
        ) : (
          ''
        )}
        <FormMessage form={props.tokenForm} />
        <form method="post" action="/settings/tokens" class="row g-2 align-items-end mb-3" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <div class="col-md-5">
            <Field
              name="name"
              label={text('settings.tokens.name')}
              value={props.tokenForm?.values?.name}
              error={props.tokenForm?.fieldErrors?.name}
              maxlength={accountLimits.tokenName.max}
              required
            />
          </div>
          <div class="col-md-3 mb-3">
            <label class="form-label" for="token-expires">
              {t('settings.tokens.expires')}
            </label>
            <select class="form-select" id="token-expires" name="expiresInDays">
              <option value="">{t('settings.tokens.expires_never')}</option>
              {TOKEN_EXPIRY_CHOICES.map((days) => (
                <option
                  value={String(days)}
                  selected={props.tokenForm?.values?.expiresInDays === String(days)}
                >
                  {t('settings.tokens.expires_in_days', { days })}
                </option>
              ))}
            </select>
          </div>
          <fieldset class="col-12 mb-2">
            <legend class="form-label fs-6 mb-1">{t('settings.tokens.scopes')}</legend>
            {TOKEN_SCOPES.map((scope) => (
              <div class="form-check form-check-inline">
                <input
                  class="form-check-input"
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  id={`token-scope-${scope}`}
                  checked={scope === 'read' || (chosenScopes ?? DEFAULT_TOKEN_SCOPES).includes(scope)}
                  disabled={scope === 'read'}
                />
                <label class="form-check-label" for={`token-scope-${scope}`}>
                  {t(scopeKeys[scope])}
                </label>
              </div>
            ))}
            <div class="form-text">{t('settings.tokens.scopes_help')}</div>
          </fieldset>
          <div class="col-auto mb-3">
            <button class="btn btn-outline-primary" type="submit">
              {t('settings.tokens.create')}
            </button>
          </div>
        </form>
        {props.tokens.length === 0 ? (
          <p class="text-body-secondary">{t('settings.tokens.none')}</p>
        ) : (
          <table class="table align-middle" data-testid="token-list">
            <thead>
              <tr>
                <th scope="col">{t('settings.tokens.name')}</th>
                <th scope="col">{t('settings.tokens.scopes')}</th>
                <th scope="col">{t('settings.tokens.created_at')}</th>
                <th scope="col">{t('settings.tokens.expires')}</th>
                <th scope="col">{t('settings.tokens.last_used')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('settings.tokens.revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.tokens.map((token) => (
                <tr>
                  <td safe>{token.name}</td>
                  <td data-testid="token-scopes" safe>
                    {token.scopes.map((scope) => ctx.text(scopeKeys[scope])).join(' · ')}
                  </td>
                  <td>
                    <Time ctx={ctx} date={token.createdAt} show="date" />
                  </td>
                  <td>
                    {token.expiresAt === null ? (
                      t('settings.tokens.expires_never')
                    ) : token.expiresAt <= props.now ? (
                      <span class="text-danger">{t('settings.tokens.expired')}</span>
                    ) : (
                      <Time ctx={ctx} date={token.expiresAt} show="date" />
                    )}
                  </td>
                  <td>
                    {token.lastUsedAt ? (
                      <Time ctx={ctx} date={token.lastUsedAt} show="date" />
                    ) : (
                      t('settings.tokens.never_used')
                    )}
                  </td>
                  <td class="text-end">
                    <form method="post" action={`/settings/tokens/${token.id}/revoke`} class="m-0">
                      <CsrfField token={ctx.csrfToken} />
                      <button class="btn btn-sm btn-outline-danger" type="submit">
                        {t('settings.tokens.revoke')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}

/**
 * The time zone pages show times in: a field for an IANA name (suggestions from Intl; empty follows
 * the browser), and, when the browser's script reported a zone, a button that saves that one.
 */
function TimeZoneSection(props: SettingsProps) {
  const { ctx, user } = props;
  const { t, text } = ctx;
  const browser = props.browserTimeZone;
  return (
    <section class="mb-5" aria-labelledby="time-zone-heading">
      <h2 class="h5" id="time-zone-heading">
        {t('settings.time_zone')}
      </h2>
      <p class="text-body-secondary" data-testid="time-zone-current">
        {t('settings.time_zone.current', {
          zone: user.timeZone ?? ctx.timeZone,
          time: fullDateTime(props.now, ctx),
        })}
      </p>
      <FormMessage form={props.timeZoneForm} />
      <form method="post" action="/settings/time-zone" class="col-md-6" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field
          name="timeZone"
          label={text('settings.time_zone.field')}
          value={props.timeZoneForm?.values?.timeZone ?? user.timeZone ?? ''}
          error={props.timeZoneForm?.fieldErrors?.timeZone}
          help={text('settings.time_zone.help', { zone: defaultTimeZone(ctx.locale) })}
          maxlength={64}
          autocomplete="off"
          list="time-zones"
        />
        <datalist id="time-zones">
          {knownTimeZones().map((zone) => (
            <option value={zone} />
          ))}
        </datalist>
        <button class="btn btn-primary" type="submit">
          {t('settings.time_zone.save')}
        </button>
      </form>
      {browser && browser !== user.timeZone ? (
        <form method="post" action="/settings/time-zone" class="mt-2" data-testid="time-zone-browser">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="timeZone" value={browser} />
          <button class="btn btn-sm btn-outline-secondary" type="submit">
            {t('settings.time_zone.use_browser', { zone: browser })}
          </button>
        </form>
      ) : (
        ''
      )}
    </section>
  );
}
