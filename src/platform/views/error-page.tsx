import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';

/** The page shown for any failed page request; the message is already translated. */
export function ErrorPage(props: { ctx: PageContext; status: number; message: string }) {
  const { t, text } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={text('error.title')}>
      <div class="py-5 text-center" data-error-status={String(props.status)}>
        <p class="text-body-secondary mb-1">{t('error.status', { status: props.status })}</p>
        <h1 class="h3 mb-3" safe>
          {props.message}
        </h1>
        <a href="/" class="btn btn-outline-primary">
          {t('error.back_home')}
        </a>
      </div>
    </Layout>
  );
}

/** What htmx swaps into #flash when its request fails. */
export function ErrorFragment(props: { message: string }) {
  return (
    <div class="alert alert-danger" role="alert" safe>
      {props.message}
    </div>
  );
}
