import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getPage } from '../../../test/community.js';
import { buildTestApp, promote, registerMember } from '../../../test/helpers.js';
import { currentLink, type NavItem, navLinks, navTestId } from './nav.js';

const item = (fields: Partial<NavItem> & Pick<NavItem, 'id' | 'href'>): NavItem => ({
  area: 'main',
  label: 'nav.questions',
  ...fields,
});

/** The test ids of the links in the top bar and in the staff bar of a page. */
function bars(html: string): { main: string[]; staff: string[] } {
  const ids = (part: string) => [...part.matchAll(/data-testid="nav-([\w-]+)"/g)].map((m) => m[1] as string);
  const start = html.indexOf('<nav class="staff-bar');
  const staff = start < 0 ? '' : html.slice(start, html.indexOf('</nav>', start));
  const top = html.slice(html.indexOf('<ul class="navbar-nav">'), html.indexOf('</ul>'));
  return { main: ids(top), staff: ids(staff) };
}

describe('navigation slot', () => {
  test('a link is current on its paths and below them; "/" only on the home page', () => {
    const questions = item({ id: 'q', href: '/questions', current: ['/', '/questions'] });
    const tags = item({ id: 't', href: '/tags' });
    const at = (url: string) => currentLink([questions, tags], url)?.id;
    assert.equal(at('/'), 'q');
    assert.equal(at('/?sort=votes'), 'q');
    assert.equal(at('/questions/12/slug'), 'q');
    assert.equal(at('/questionsx'), undefined);
    assert.equal(at('/tags/python'), 't');
    assert.equal(at('/bounties'), undefined);
  });

  test('where links nest, the closest one is current; a query in the href does not count', () => {
    const finance = item({ id: 'f', href: '/admin/finance', area: 'staff' });
    const payouts = item({ id: 'p', href: '/admin/finance/payouts?status=requested', area: 'staff' });
    const at = (url: string) => currentLink([finance, payouts], url)?.id;
    assert.equal(at('/admin/finance'), 'f');
    assert.equal(at('/admin/finance/journal'), 'f');
    assert.equal(at('/admin/finance/payouts'), 'p');
    assert.equal(at('/admin/finance/payouts?status=sent&page=2'), 'p');
  });

  test('staff links show only to the roles they name', () => {
    const items = [
      item({ id: 'a', href: '/a' }),
      item({ id: 'f', href: '/admin/finance', area: 'staff', roles: ['admin'] }),
      item({ id: 'd', href: '/moderation/disputes', area: 'staff', roles: ['moderator', 'admin'] }),
    ];
    const user = (role: 'user' | 'moderator' | 'admin') => ({ id: 1, username: 'u', displayName: 'u', role });
    assert.deepEqual(navLinks(items, 'staff', null), []);
    assert.deepEqual(navLinks(items, 'staff', user('user')), []);
    assert.deepEqual(
      navLinks(items, 'staff', user('moderator')).map((i) => i.id),
      ['d'],
    );
    assert.deepEqual(
      navLinks(items, 'staff', user('admin')).map((i) => i.id),
      ['f', 'd'],
    );
    assert.deepEqual(
      navLinks(items, 'main', null).map((i) => i.id),
      ['a'],
    );
    assert.equal(navTestId(items[1] as NavItem), 'nav-admin-finance');
    assert.equal(navTestId({ ...(items[2] as NavItem), name: 'disputes' }), 'nav-disputes');
  });

  test('the sections come from the modules in their order; the staff bar from theirs, by role', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    const moderator = await registerMember(app);
    const admin = await registerMember(app);
    await promote(database, moderator.userId, 'moderator');
    await promote(database, admin.userId, 'admin');
    const sections = ['questions', 'tags', 'users', 'bounties', 'experts'];

    assert.deepEqual(bars(await getPage(app, '/')), { main: sections, staff: [] });
    assert.deepEqual(bars(await getPage(app, '/', member)), { main: sections, staff: [] });
    assert.deepEqual(bars(await getPage(app, '/', moderator)), {
      main: sections,
      staff: ['disputes', 'moderation-log'],
    });
    assert.deepEqual(bars(await getPage(app, '/tags', admin)), {
      main: sections,
      staff: ['admin-finance', 'admin-payouts', 'disputes', 'moderation-log'],
    });
    const current = (html: string) =>
      [...html.matchAll(/<a [^>]*data-testid="nav-([\w-]+)"[^>]*>/g)]
        .filter((m) => m[0].includes('aria-current="page"'))
        .map((m) => m[1]);
    assert.deepEqual(current(await getPage(app, '/admin/finance/payouts', admin)), ['admin-payouts']);
    assert.deepEqual(current(await getPage(app, '/admin/finance/journal', admin)), ['admin-finance']);
    assert.deepEqual(current(await getPage(app, '/questions', admin)), ['questions']);
    const zh = await getPage(app, '/?lang=zh-CN', admin);
    assert.match(zh, /<nav class="staff-bar[^"]*" aria-label="管理"/);
  });
});
