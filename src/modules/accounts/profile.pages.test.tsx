import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HTMX } from '../../../test/community.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { contribute, type Extension } from '../../platform/extensions/index.js';
import { type ProfileInput, ProfileTab, profileSlot } from './index.js';

/** A module with two profile tabs of its own (one healthy, one whose load fails), recording its loads. */
function probe() {
  const loads: (Pick<ProfileInput, 'tab' | 'page'> & { memberId: number })[] = [];
  const extension: Extension = {
    module: 'probe',
    contributions: [
      contribute(profileSlot, {
        id: 'probe.tab',
        tab: 'probe',
        order: 25,
        async load({ member, tab, page, viewer }) {
          loads.push({ memberId: member.id, tab, page });
          const open = tab === 'probe';
          return {
            tabs: (view) => (
              <ProfileTab
                ctx={view}
                memberId={member.id}
                tab="probe"
                current={open}
                label="Probe"
                count={7}
              />
            ),
            ...(open
              ? {
                  tabPanel: () =>
                    `<p data-testid="probe-content">page ${page} of ${member.username} for ${viewer?.userId ?? 'a visitor'}</p>`,
                }
              : {}),
          };
        },
      }),
      contribute(profileSlot, {
        id: 'probe.broken',
        tab: 'broken',
        order: 26,
        load: async () => {
          throw new Error('probe tab is broken');
        },
      }),
    ],
  };
  return { extension, loads };
}

/** The tab strip's tab names in order, and the current one. */
function tabsOf(html: string): { tabs: string[]; current: string | undefined } {
  const links = [...html.matchAll(/<a class="nav-link( active)?"[^>]*data-tab="([a-z-]+)"/g)];
  return {
    tabs: links.map((m) => m[2] as string),
    current: links.find((m) => m[1])?.[2],
  };
}

describe('profile tabs (accounts.profile)', () => {
  test('tabs come in their order; the first is the default; ?tab= opens one and loads each panel once', async (t) => {
    const { extension, loads } = probe();
    const { app } = await buildTestApp(t, {}, { extensions: [extension] });
    const member = await registerMember(app);

    const visitor = await app.inject({ url: `/users/${member.userId}` });
    assert.equal(visitor.statusCode, 200);
    // Reputation's tab always shows; experts' only for an expert (or to the member themselves); the
    // broken one is left out.
    assert.deepEqual(tabsOf(visitor.body), {
      tabs: ['activity', 'reputation', 'probe', 'bounties'],
      current: 'activity',
    });
    assert.match(visitor.body, /data-testid="activity-empty"/);
    assert.deepEqual(loads.splice(0), [{ memberId: member.userId, tab: 'activity', page: 1 }]);

    const opened = await app.inject({ url: `/users/${member.userId}?tab=probe&page=3` });
    assert.equal(opened.statusCode, 200);
    assert.equal(tabsOf(opened.body).current, 'probe');
    assert.ok(opened.body.includes(`page 3 of ${member.username} for a visitor`));
    assert.doesNotMatch(opened.body, /data-testid="activity-empty"/);
    assert.equal(loads.splice(0).length, 1, 'one load per view');

    const own = await member.inject({ url: `/users/${member.userId}?tab=probe` });
    assert.ok(own.body.includes(`for ${member.userId}`));
  });

  test('an unknown tab, a failing one and one with nothing for this member open the default tab, never an error', async (t) => {
    const { extension } = probe();
    const { app } = await buildTestApp(t, {}, { extensions: [extension] });
    const member = await registerMember(app);
    for (const tab of ['nope', 'broken', 'expert', '', 'ACTIVITY']) {
      const page = await app.inject({ url: `/users/${member.userId}?tab=${encodeURIComponent(tab)}` });
      assert.equal(page.statusCode, 200, tab);
      assert.equal(tabsOf(page.body).current, 'activity', tab);
      assert.match(page.body, /data-testid="activity-empty"/, tab);
    }
    const missing = await app.inject({ url: '/users/424242?tab=probe' });
    assert.equal(missing.statusCode, 404);
  });

  test('tabs are links that work without JavaScript; htmx swaps only the tabs and keeps the address', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const page = await app.inject({ url: `/users/${member.userId}` });
    const link = /<a class="nav-link"[^>]*data-tab="bounties"[^>]*>/.exec(page.body)?.[0] ?? '';
    assert.ok(link.includes(`href="/users/${member.userId}?tab=bounties"`), link);
    assert.ok(link.includes(`hx-get="/users/${member.userId}?tab=bounties"`), link);
    assert.ok(link.includes('hx-select="#profile-tabs"') && link.includes('hx-target="#profile-tabs"'), link);
    assert.ok(link.includes('hx-push-url="true"'), link);
    const swapped = await app.inject({ url: `/users/${member.userId}?tab=bounties`, headers: HTMX });
    assert.equal(swapped.statusCode, 200);
    assert.match(swapped.body, /<div id="profile-tabs"/);
    assert.equal(tabsOf(swapped.body).current, 'bounties');
  });

  test('the member sees their own profile with an edit link and their own empty states; visitors do not', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const other = await registerMember(app);
    const own = await member.inject({ url: `/users/${member.userId}?lang=zh-CN` });
    assert.match(own.body, /data-testid="profile-edit"/);
    assert.ok(own.body.includes('你还没有提问或回答过。'));
    assert.deepEqual(tabsOf(own.body).tabs, ['activity', 'reputation', 'expert', 'bounties']);
    const seen = await other.inject({ url: `/users/${member.userId}?lang=en` });
    assert.doesNotMatch(seen.body, /data-testid="profile-edit"/);
    assert.ok(seen.body.includes('No questions or answers yet.'));
    assert.deepEqual(tabsOf(seen.body).tabs, ['activity', 'reputation', 'bounties']);
    const visitor = await app.inject({ url: `/users/${member.userId}?lang=zh-CN` });
    assert.doesNotMatch(visitor.body, /data-testid="profile-edit"/);
    assert.ok(visitor.body.includes('还没有提问或回答。'));
  });
});
