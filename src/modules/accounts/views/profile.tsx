import { formatDate, utcInstant } from '../../../platform/views/dates.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { PublicUser } from '../accounts.service.js';

/** A member's public page: name, role, reputation, member since. */
export function ProfilePage(props: { ctx: PageContext; user: PublicUser }) {
  const { ctx, user } = props;
  const { t } = ctx;
  const role = user.roles[0] ?? 'user';
  return (
    <Layout ctx={ctx} title={user.displayName}>
      <div class="d-flex align-items-start gap-4" data-testid="profile">
        <div class="avatar-lg rounded bg-secondary-subtle" aria-hidden="true" safe>
          {[...user.displayName][0] ?? '?'}
        </div>
        <div>
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
          <p class="text-body-secondary small">
            <time datetime={user.createdAt.toISOString()} title={utcInstant(user.createdAt)}>
              {t('user.member_since', { date: formatDate(user.createdAt, ctx) })}
            </time>
          </p>
        </div>
      </div>
    </Layout>
  );
}
