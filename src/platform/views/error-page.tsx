import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';

/** Each refused field by name, its problem already translated (`querystring.q` is shown as `q`). */
function FieldList(props: { fields: Readonly<Record<string, string>> | undefined }) {
  const entries = Object.entries(props.fields ?? {});
  if (entries.length === 0) return '';
  return (
    <ul class="list-unstyled mb-3" data-testid="error-fields">
      {entries.map(([name, problem]) => (
        <li data-field-error={name}>
          <code safe>{name.replace(/^(querystring|params)\./, '')}</code>: <span safe>{problem}</span>
        </li>
      ))}
    </ul>
  );
}

/** The page shown for any failed page request; the message and field problems are translated. */
export function ErrorPage(props: {
  ctx: PageContext;
  status: number;
  message: string;
  fields?: Readonly<Record<string, string>> | undefined;
}) {
  const { t, text } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={text('error.title')}>
      <div class="py-5 text-center" data-error-status={String(props.status)}>
        <p class="text-body-secondary mb-1">{t('error.status', { status: props.status })}</p>
        <h1 class="h3 mb-3" safe>
          {props.message}
        </h1>
        <FieldList fields={props.fields} />
        <a href="/" class="btn btn-outline-primary">
          {t('error.back_home')}
        </a>
      </div>
    </Layout>
  );
}

/** What htmx swaps into #flash when its request fails. */
export function ErrorFragment(props: {
  message: string;
  fields?: Readonly<Record<string, string>> | undefined;
}) {
  return (
    <div class="alert alert-danger" role="alert">
      <span safe>{props.message}</span>
      <FieldList fields={props.fields} />
    </div>
  );
}
