import type { Children } from '@kitajs/html';
import { Alert, CsrfField, Field } from '../../../platform/views/components.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { accountLimits } from '../accounts.rules.js';

/** What a failed form post shows: the values typed, each field's error, and a general message. */
export interface FormState {
  readonly values?: Readonly<Record<string, string | undefined>>;
  readonly fieldErrors?: Readonly<Record<string, string>>;
  readonly message?: string | undefined;
}

/** The frame of the sign-up and log-in pages: a narrow column with the title and the form's message. */
function AuthFrame(props: {
  ctx: PageContext;
  title: string;
  message: string | undefined;
  children: Children;
}) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <div class="row justify-content-center">
        <div class="col-md-6 col-lg-5">
          <h1 class="h3 mb-4" safe>
            {props.title}
          </h1>
          {props.message ? (
            <Alert kind="danger">
              <span safe>{props.message}</span>
            </Alert>
          ) : (
            ''
          )}
          {props.children}
        </div>
      </div>
    </Layout>
  );
}

export function RegisterPage(props: { ctx: PageContext; form?: FormState }) {
  const { ctx } = props;
  const { t, text } = ctx;
  const values = props.form?.values ?? {};
  const errors = props.form?.fieldErrors ?? {};
  return (
    <AuthFrame ctx={ctx} title={text('auth.register.title')} message={props.form?.message}>
      <form method="post" action="/register" novalidate data-testid="register-form">
        <CsrfField token={ctx.csrfToken} />
        <Field
          name="username"
          label={text('auth.field.username')}
          value={values.username}
          error={errors.username}
          help={text('auth.field.username_help')}
          autocomplete="username"
          maxlength={accountLimits.username.max}
          required
        />
        <Field
          name="email"
          type="email"
          label={text('auth.field.email')}
          value={values.email}
          error={errors.email}
          autocomplete="email"
          maxlength={accountLimits.email.max}
          required
        />
        <Field
          name="password"
          type="password"
          label={text('auth.field.password')}
          error={errors.password}
          help={text('auth.field.password_help')}
          autocomplete="new-password"
          maxlength={accountLimits.password.max}
          required
        />
        <button class="btn btn-primary w-100" type="submit">
          {t('auth.register.submit')}
        </button>
      </form>
      <p class="mt-3 text-body-secondary">
        {t('auth.register.have_account')} <a href="/login">{t('nav.login')}</a>
      </p>
    </AuthFrame>
  );
}

export function LoginPage(props: { ctx: PageContext; form?: FormState; next?: string | undefined }) {
  const { ctx } = props;
  const { t, text } = ctx;
  const values = props.form?.values ?? {};
  const errors = props.form?.fieldErrors ?? {};
  return (
    <AuthFrame ctx={ctx} title={text('auth.login.title')} message={props.form?.message}>
      <form method="post" action="/login" novalidate data-testid="login-form">
        <CsrfField token={ctx.csrfToken} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : ''}
        <Field
          name="login"
          label={text('auth.field.login')}
          value={values.login}
          error={errors.login}
          autocomplete="username"
          maxlength={accountLimits.login.max}
          required
        />
        <Field
          name="password"
          type="password"
          label={text('auth.field.password')}
          error={errors.password}
          autocomplete="current-password"
          required
        />
        <button class="btn btn-primary w-100" type="submit">
          {t('auth.login.submit')}
        </button>
      </form>
      <p class="mt-3 text-body-secondary">
        {t('auth.login.no_account')} <a href="/register">{t('nav.register')}</a>
      </p>
    </AuthFrame>
  );
}
