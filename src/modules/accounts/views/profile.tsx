import type { LoadedPanels } from '../../../platform/extensions/index.js';
import { formatDate, utcInstant } from '../../../platform/views/dates.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { PublicUser } from '../accounts.service.js';
import type { ProfileRegions } from '../profile.slots.js';

/**
 * A member's public page: name, role, reputation, member since; then the tabs modules contribute
 * (accounts' profile slot: activity, expert, bounties…), the open one's content below the strip.
 */
export function ProfilePage(props: {
  ctx: PageContext;
  user: PublicUser;
  panels: LoadedPanels<ProfileRegions>;
}) {
  const { ctx, user, panels } = props;
  const { t } = ctx;
  const role = user.roles[0] ?? 'user';
  const own = ctx.user?.id === user.id;
  return (
    <Layout ctx={ctx} title={user.displayName}>
      <div class="d-flex align-items-start gap-4 mb-4" data-testid="profile">
        <div class="avatar-lg rounded bg-secondary-subtle" aria-hidden="true" safe>
          {[...user.displayName][0] ?? '?'}
        </div>
        <div class="flex-grow-1">
          <h1 class="h3 mb-1" safe>
            {user.displayName}
          </h1>
          <p class="text-body-secondary mb-2" safe>
            @{user.username}
          </p>
          {role !== 'user' ? <span class="badge text-bg-info me-2">{t(`user.role.${role}`)}</span> : ''}
          <p class="mb-1">
            {t('user.reputation')}: <strong>{user.reputation}</strong>
          </p>
          <p class="text-body-secondary small mb-0">
            <time datetime={user.createdAt.toISOString()} title={utcInstant(user.createdAt)}>
              {t('user.member_since', { date: formatDate(user.createdAt, ctx) })}
            </time>
          </p>
        </div>
        {own ? (
          <a class="btn btn-sm btn-outline-secondary" href="/settings" data-testid="profile-edit">
            {t('profile.edit')}
          </a>
        ) : (
          ''
        )}
      </div>
      {panels.offers('tabs') ? (
        <div id="profile-tabs" data-testid="profile-tabs">
          <nav aria-label={ctx.text('profile.tabs.label')}>
            <ul class="nav nav-tabs mb-3">{panels.render('tabs', ctx)}</ul>
          </nav>
          <section data-testid="profile-tab-panel">
            {panels.offers('tabPanel') ? (
              panels.render('tabPanel', ctx)
            ) : (
              <p class="text-body-secondary">{t('profile.tab.empty')}</p>
            )}
          </section>
        </div>
      ) : (
        ''
      )}
    </Layout>
  );
}
