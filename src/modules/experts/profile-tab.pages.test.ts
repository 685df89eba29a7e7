import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTestApp, registerMember, type Session } from '../../../test/helpers.js';
import { cny, topUp } from '../ledger/ledger.test-support.js';
import { answerPaidViaApi, askExpertViaApi, becomeExpertViaApi } from './experts.test-support.js';

/** The open tab's content. */
function tabPanelOf(html: string): string {
  return /data-testid="profile-tab-panel">(.*?)<\/section><\/div><\/main>/s.exec(html)?.[1] ?? '';
}

function becomeExpert(member: Session, fields: Record<string, unknown> = {}) {
  return becomeExpertViaApi(member, {
    bio: 'I answer PostgreSQL questions: plans, indexes, vacuum.',
    tags: ['postgresql', 'indexing'],
    answerHours: 24,
    ...fields,
  });
}

describe("the profile's expert tab (experts' contribution)", () => {
  test('an expert: price, deadline, fields, answered count and the way to ask, in both languages', async (t) => {
    const { app, database } = await buildTestApp(t);
    const expert = await registerMember(app);
    const asker = await registerMember(app);
    await becomeExpert(expert);
    await topUp(database.db, asker.userId, cny(10000));
    await answerPaidViaApi(expert, await askExpertViaApi(asker, expert));

    const en = tabPanelOf((await asker.inject({ url: `/users/${expert.userId}?tab=expert&lang=en` })).body);
    assert.match(en, /data-testid="expert-tab-price"[^>]*>CN¥50\.00</);
    assert.ok(en.includes('Answers within 24 hours'));
    assert.ok(en.includes('postgresql') && en.includes('indexing'));
    assert.match(en, /data-testid="expert-tab-answered">1 paid question answered</);
    assert.ok(en.includes('I answer PostgreSQL questions'));
    assert.match(en, new RegExp(`href="/experts/${expert.userId}" data-testid="expert-tab-ask">Ask `));

    const zh = tabPanelOf((await app.inject({ url: `/users/${expert.userId}?tab=expert&lang=zh-CN` })).body);
    assert.ok(zh.includes('已回答 1 个付费问题'));
    assert.ok(zh.includes('24 小时内回答'));
    assert.ok(zh.includes('接受提问'));

    const own = tabPanelOf((await expert.inject({ url: `/users/${expert.userId}?tab=expert&lang=en` })).body);
    assert.ok(own.includes('href="/me/expert"'));
    assert.doesNotMatch(own, /expert-tab-ask/);
  });

  test('a paused expert cannot be asked from the tab; a member who is no expert is invited to become one', async (t) => {
    const { app } = await buildTestApp(t);
    const expert = await registerMember(app);
    const member = await registerMember(app);
    await becomeExpert(expert, { accepting: false });
    const paused = tabPanelOf((await app.inject({ url: `/users/${expert.userId}?tab=expert&lang=en` })).body);
    assert.ok(paused.includes('Paused'));
    assert.ok(paused.includes('is not accepting questions right now.'));
    assert.doesNotMatch(paused, /expert-tab-ask/);

    const invited = tabPanelOf(
      (await member.inject({ url: `/users/${member.userId}?tab=expert&lang=zh-CN` })).body,
    );
    assert.match(invited, /data-testid="expert-tab-empty"/);
    assert.ok(invited.includes('成为专家'));
    const visitor = await app.inject({ url: `/users/${member.userId}?tab=expert` });
    assert.doesNotMatch(visitor.body, /data-tab="expert"/);
  });
});
