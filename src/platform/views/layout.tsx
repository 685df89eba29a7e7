import type { Children } from '@kitajs/html';
import { katexLayoutHref } from '../http/assets.js';
import { locales } from '../i18n/index.js';
import { fullDateTime } from './dates.js';
import { currentLink, navLinks, navTestId } from './nav.js';
import { type PageContext, urlWithLang } from './page-context.js';

/** htmx settings (no inline script, so no injected indicator styles; errors are swapped in too). */
const htmxConfig = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  // Not `style`: the CSP forbids inline styles, and copying one (a resized textarea has one)
  // onto swapped-in content would be refused.
  attributesToSettle: ['class', 'width', 'height'],
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: true },
  ],
});

/**
 * True when the page shows a formula (KaTeX output) or a Markdown editor (whose live preview may
 * show one), so only such pages load KaTeX's stylesheets.
 */
function hasMath(children: Children): boolean {
  // Children are rendered strings by the time the layout runs; anything else: assume math.
  if (typeof children === 'string')
    return children.includes('class="katex"') || children.includes('markdown-editor');
  if (Array.isArray(children)) return children.some((child) => hasMath(child as Children));
  return (
    children !== undefined &&
    children !== null &&
    typeof children !== 'number' &&
    typeof children !== 'boolean'
  );
}

export interface LayoutProps {
  readonly ctx: PageContext;
  readonly title: string;
  readonly children?: Children;
}

/** The page shell: head, navigation, language switch, flash area, main, footer. */
export function Layout({ ctx, title, children }: LayoutProps) {
  const { t, text, user } = ctx;
  const mainLinks = navLinks(ctx.nav, 'main', user);
  const currentMain = currentLink(mainLinks, ctx.url);
  return (
    <>
      {'<!doctype html>'}
      <html lang={ctx.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${title} · ${text('app.name')}`}</title>
          <meta name="htmx-config" content={htmxConfig} />
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/assets/vendor/bootstrap/css/bootstrap.min.css" />
          <link rel="stylesheet" href="/assets/vendor/highlight.js/github.min.css" />
          {hasMath(children) ? (
            <>
              <link rel="stylesheet" href="/assets/vendor/katex/katex.min.css" />
              <link rel="stylesheet" href={katexLayoutHref()} />
            </>
          ) : (
            ''
          )}
          <link rel="stylesheet" href="/assets/app.css" />
          <script src="/assets/vendor/htmx/htmx.min.js" defer></script>
          <script src="/assets/app.js" defer></script>
          <script src="/assets/time-zone.js" defer></script>
        </head>
        <body hx-headers={JSON.stringify({ 'X-CSRF-Token': ctx.csrfToken })}>
          <a class="visually-hidden-focusable" href="#main">
            {t('nav.skip_to_content')}
          </a>
          <nav class="navbar navbar-expand bg-body-tertiary border-bottom">
            <div class="container flex-wrap gap-2">
              <a class="navbar-brand fw-semibold" href="/">
                {t('app.name')}
              </a>
              <ul class="navbar-nav">
                {mainLinks.map((item) => {
                  const current = item === currentMain;
                  return (
                    <li class="nav-item">
                      <a
                        class={`nav-link${current ? ' active' : ''}`}
                        href={item.href}
                        aria-current={current ? 'page' : undefined}
                        data-testid={navTestId(item)}
                      >
                        {t(item.label)}
                      </a>
                    </li>
                  );
                })}
              </ul>
              <search class="site-search me-auto">
                <form method="get" action="/search">
                  <label class="visually-hidden" for="site-search">
                    {t('nav.search')}
                  </label>
                  <input
                    class="form-control form-control-sm"
                    type="search"
                    id="site-search"
                    name="q"
                    maxlength={200}
                    placeholder={text('nav.search_placeholder')}
                  />
                </form>
              </search>
              <a class="btn btn-sm btn-primary" href="/questions/ask" data-testid="nav-ask">
                {t('nav.ask')}
              </a>
              <nav class="d-flex align-items-center" aria-label={text('nav.language')}>
                {locales
                  .filter((locale) => locale !== ctx.locale)
                  .map((locale) => (
                    <a
                      class="btn btn-sm btn-outline-secondary"
                      href={urlWithLang(ctx.url, locale)}
                      hreflang={locale}
                      lang={locale}
                      data-testid={`lang-${locale}`}
                    >
                      {t(`lang.${locale}`)}
                    </a>
                  ))}
              </nav>
              {user ? (
                <div class="d-flex align-items-center gap-2">
                  <a class="nav-link" href={`/users/${user.id}`} data-testid="nav-user" safe>
                    {user.displayName}
                  </a>
                  <a class="nav-link" href="/wallet" data-testid="nav-wallet">
                    {t('nav.wallet')}
                  </a>
                  <a class="nav-link" href="/settings">
                    {t('nav.settings')}
                  </a>
                  <form method="post" action="/logout" class="m-0">
                    <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                    <button class="btn btn-sm btn-outline-danger" type="submit" data-testid="logout">
                      {t('nav.logout')}
                    </button>
                  </form>
                </div>
              ) : (
                <div class="d-flex align-items-center gap-2">
                  <a class="btn btn-sm btn-outline-primary" href="/login" data-testid="nav-login">
                    {t('nav.login')}
                  </a>
                  <a class="btn btn-sm btn-primary" href="/register" data-testid="nav-register">
                    {t('nav.register')}
                  </a>
                </div>
              )}
            </div>
          </nav>
          <StaffBar ctx={ctx} />
          <SuspensionBanner ctx={ctx} />
          <div id="flash" class="container mt-3" aria-live="polite"></div>
          <main id="main" class="container py-4">
            {children}
          </main>
          <footer class="container py-4 text-body-secondary small border-top d-flex flex-wrap gap-3">
            <span class="me-auto">{t('app.footer')}</span>
            <a class="link-secondary" href="/api/docs" data-testid="footer-api-docs">
              {t('nav.api_docs')}
            </a>
          </footer>
        </body>
      </html>
    </>
  );
}

/**
 * What staff reach from every page, on a bar of its own under the navigation: the `staff` links
 * modules contribute to the nav slot for the viewer's role (admins: finance and the payouts
 * waiting for review, from wallet; moderators and admins: the open disputes, from experts).
 */
function StaffBar({ ctx }: { ctx: PageContext }) {
  const role = ctx.user?.role;
  if (role !== 'admin' && role !== 'moderator') return '';
  const links = navLinks(ctx.nav, 'staff', ctx.user);
  const current = currentLink(links, ctx.url);
  return (
    <nav
      class="staff-bar border-bottom bg-warning-subtle"
      aria-label={ctx.text('nav.staff')}
      data-testid="staff-bar"
    >
      <div class="container d-flex flex-wrap gap-3 py-1 small">
        <span class="text-body-secondary">
          {ctx.t(role === 'admin' ? 'nav.role_admin' : 'nav.role_moderator')}
        </span>
        {links.map((item) => {
          const here = item === current;
          return (
            <a
              class={`link-body-emphasis${here ? ' fw-semibold' : ''}`}
              href={item.href}
              data-testid={navTestId(item)}
              aria-current={here ? 'page' : undefined}
            >
              {ctx.t(item.label)}
            </a>
          );
        })}
      </div>
    </nav>
  );
}

/** On every page of a suspended member: why, until when, and what they can still do. */
function SuspensionBanner({ ctx }: { ctx: PageContext }) {
  const suspension = ctx.user?.suspension;
  if (!suspension) return '';
  return (
    <div class="container mt-3">
      <div class="alert alert-danger mb-0" role="status" data-testid="suspension-banner">
        <p class="mb-1 fw-semibold">
          {ctx.t('account.suspended_banner', { until: fullDateTime(suspension.until, ctx) })}
        </p>
        <p class="mb-1">{ctx.t('account.suspended_reason', { reason: suspension.reason })}</p>
        <p class="mb-0 small">{ctx.t('account.suspended_can')}</p>
      </div>
    </div>
  );
}
