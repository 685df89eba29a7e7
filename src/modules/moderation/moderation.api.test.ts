import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { askViaApi, getPage, LONG_BODY, postForm } from '../../../test/community.js';
import { createTestDatabase } from '../../../test/db.js';
import { buildTestApp, promote, registerMember, type Session } from '../../../test/helpers.js';
import { serviceContext } from '../../app.js';
import { setUserRole } from '../accounts/index.js';
import { topupAs } from '../payments/payments.test-support.js';

async function suspend(moderator: Session, userId: number, payload: Record<string, unknown>) {
  return moderator.inject({ method: 'POST', url: `/api/v1/moderation/users/${userId}/suspend`, payload });
}

async function logOf(moderator: Session) {
  const response = await moderator.inject({ method: 'GET', url: '/api/v1/moderation/log' });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as {
    items: Array<{
      actorId: number | null;
      action: string;
      target: { kind: string; id: number };
      reason: string | null;
      details: string | null;
    }>;
    total: number;
  };
}

test('a suspended member reads but cannot write (API and page forms) until the time passes', async (t) => {
  const { app, database, clock } = await buildTestApp(t);
  const moderator = await registerMember(app);
  await promote(database, moderator.userId, 'moderator');
  const member = await registerMember(app);
  const question = await askViaApi(member);

  const done = await suspend(moderator, member.userId, { days: 3, reason: 'Spam in three answers' });
  assert.equal(done.statusCode, 200, done.body);
  const until = done.json().suspension.until as string;
  // Three days from now (the test clock ticks on its own a little).
  assert.ok(Math.abs(new Date(until).getTime() - (clock.now().getTime() + 3 * 86_400_000)) < 60_000);

  // API writes, in any module: 403 account.suspended, naming until when and why.
  const answer = await member.inject({
    method: 'POST',
    url: `/api/v1/questions/${question.id}/answers`,
    payload: { body: LONG_BODY },
  });
  assert.equal(answer.statusCode, 403, answer.body);
  assert.equal(answer.json().error.code, 'account.suspended');
  assert.deepEqual(answer.json().error.params, { until, reason: 'Spam in three answers' });
  const ask = await member.inject({
    method: 'POST',
    url: '/api/v1/questions',
    payload: { title: 'How do I write while suspended here?', body: LONG_BODY, tags: ['x'] },
  });
  assert.equal(ask.json().error.code, 'account.suspended');

  // A page form post: the error page explains it, and every page carries the banner.
  const formPost = await postForm(app, `/questions/${question.id}/answers`, member, { body: LONG_BODY });
  assert.equal(formPost.statusCode, 403);
  assert.match(formPost.body, /data-testid="suspension-banner"/);
  assert.match(formPost.body, /Spam in three answers/);
  const page = await getPage(app, '/questions', member);
  assert.match(page, /data-testid="suspension-banner"/);
  assert.match(page, /Your account is suspended until/);

  // Reads still work; the allow-listed writes too (a token revoked, signing out of the API stays open).
  const me = await member.inject({ method: 'GET', url: '/api/v1/me' });
  assert.equal(me.statusCode, 200);

  // After the time passes, writes work again (no job: the check compares with the clock).
  clock.advance(3 * 86_400 + 1);
  const later = await member.inject({
    method: 'POST',
    url: `/api/v1/questions/${question.id}/answers`,
    payload: { body: LONG_BODY },
  });
  assert.equal(later.statusCode, 201, later.body);
  assert.doesNotMatch(await getPage(app, '/', member), /suspension-banner/);
});

test('the suspension rides in the one query that finds the session or token, and applies at once to both', async (t) => {
  // Counts the statements the app sends while `counting` is on.
  const database = await createTestDatabase();
  let counting = false;
  let statements = 0;
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      if (counting) statements += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  database.db = database.db.withPlugin(counter);
  const { app, clock } = await buildTestApp(t, {}, { database });
  const moderator = await registerMember(app);
  await promote(database, moderator.userId, 'moderator');
  const member = await registerMember(app);
  const created = await member.inject({
    method: 'POST',
    url: '/api/v1/me/tokens',
    payload: { name: 'script', scopes: ['read', 'write'] },
  });
  assert.equal(created.statusCode, 201, created.body);
  const bearer = { authorization: `Bearer ${created.json().token}` };
  const question = await askViaApi(member);
  // The token's first use records it; later uses within the minute write nothing.
  await app.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: bearer });

  // A write refused for the suspension runs one statement: the caller's lookup.
  const answerBy = async (headers: Record<string, string>) => {
    statements = 0;
    counting = true;
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/questions/${question.id}/answers`,
      headers,
      payload: { body: LONG_BODY },
    });
    counting = false;
    return { response, statements };
  };
  assert.equal((await suspend(moderator, member.userId, { days: 1, reason: 'Spam' })).statusCode, 200);
  for (const headers of [bearer, { cookie: member.cookie, 'x-csrf-token': member.csrfToken }]) {
    const refused = await answerBy(headers);
    assert.equal(refused.response.json().error.code, 'account.suspended');
    assert.equal(refused.statements, 1);
  }

  // The time passes: the same token writes again at once.
  clock.advance(86_400 + 1);
  assert.equal((await answerBy(bearer)).response.statusCode, 201);
});

test('the allow-listed writes stay open to a suspended member: sign-out, their own money', async (t) => {
  const { app, database } = await buildTestApp(t);
  const moderator = await registerMember(app);
  await promote(database, moderator.userId, 'moderator');
  const member = await registerMember(app);
  assert.equal((await suspend(moderator, member.userId, { days: 1, reason: 'Cooling off' })).statusCode, 200);

  // topupAs asserts the 201.
  await topupAs(member, 1000);
  const settings = await postForm(app, '/settings/profile', member, { displayName: 'New name' });
  assert.equal(settings.statusCode, 403);
  const logout = await postForm(app, '/logout', member);
  assert.equal(logout.statusCode, 303);
});

test('lifting early ends it at once; both actions are in the log', async (t) => {
  const { app, database } = await buildTestApp(t);
  const moderator = await registerMember(app);
  await promote(database, moderator.userId, 'moderator');
  const member = await registerMember(app);
  const question = await askViaApi(member);
  assert.equal(
    (await suspend(moderator, member.userId, { days: 30, reason: 'Rude comments' })).statusCode,
    200,
  );
  const again = await suspend(moderator, member.userId, { days: 2, reason: 'Again' });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'moderation.already_suspended');

  const lifted = await moderator.inject({
    method: 'POST',
    url: `/api/v1/moderation/users/${member.userId}/lift`,
    payload: { reason: 'Apologised' },
  });
  assert.equal(lifted.statusCode, 200, lifted.body);
  assert.ok(lifted.json().suspension.liftedAt);
  const answer = await member.inject({
    method: 'POST',
    url: `/api/v1/questions/${question.id}/answers`,
    payload: { body: LONG_BODY },
  });
  assert.equal(answer.statusCode, 201, answer.body);
  const liftAgain = await moderator.inject({
    method: 'POST',
    url: `/api/v1/moderation/users/${member.userId}/lift`,
    payload: {},
  });
  assert.equal(liftAgain.json().error.code, 'moderation.not_suspended');

  const log = await logOf(moderator);
  assert.deepEqual(
    log.items.map((entry) => [entry.actorId, entry.action, entry.target, entry.reason]),
    [
      [moderator.userId, 'lift', { kind: 'user', id: member.userId }, 'Apologised'],
      [moderator.userId, 'suspend', { kind: 'user', id: member.userId }, 'Rude comments'],
    ],
  );
  // Append-only: the database refuses to change a line.
  await assert.rejects(database.db.updateTable('moderation_log').set({ reason: 'x' }).execute());
});

test('refusals: not a moderator, bad days or reason, unknown member, staff above or equal, oneself', async (t) => {
  const { app, database } = await buildTestApp(t);
  const moderator = await registerMember(app);
  await promote(database, moderator.userId, 'moderator');
  const admin = await registerMember(app);
  await promote(database, admin.userId, 'admin');
  const member = await registerMember(app);

  const byMember = await suspend(member, moderator.userId, { days: 1, reason: 'x' });
  assert.equal(byMember.statusCode, 403);
  assert.equal(byMember.json().error.code, 'moderation.forbidden');
  const log = await member.inject({ method: 'GET', url: '/api/v1/moderation/log' });
  assert.equal(log.json().error.code, 'moderation.forbidden');
  assert.equal((await getPage(app, '/moderation/log', member, 403)).includes('<html'), true);
  await getPage(app, `/moderation/users/${member.userId}`, member, 403);

  for (const days of [0, 366, 1.5]) {
    const bad = await suspend(moderator, member.userId, { days, reason: 'Spam' });
    assert.equal(bad.statusCode, 422, `${days}: ${bad.body}`);
  }
  const range = await suspend(moderator, member.userId, { days: 0, reason: 'Spam' });
  assert.equal(range.json().error.fieldProblems.days.code, 'moderation.days_range');
  const blank = await suspend(moderator, member.userId, { days: 1, reason: '   ' });
  assert.equal(blank.json().error.fieldProblems.reason.code, 'validation.required');
  const missing = await suspend(moderator, member.userId, { days: 1 });
  assert.equal(missing.statusCode, 422);
  const unknown = await suspend(moderator, 999_999, { days: 1, reason: 'Spam' });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().error.code, 'user.not_found');
  const onAdmin = await suspend(moderator, admin.userId, { days: 1, reason: 'Spam' });
  assert.equal(onAdmin.statusCode, 403);
  assert.equal(onAdmin.json().error.code, 'moderation.suspend_staff');
  const self = await suspend(admin, admin.userId, { days: 1, reason: 'Spam' });
  assert.equal(self.json().error.code, 'moderation.suspend_self');
  // An admin may suspend a moderator.
  assert.equal((await suspend(admin, moderator.userId, { days: 1, reason: 'Overreach' })).statusCode, 200);
  assert.equal((await logOf(admin)).total, 1);
});

test('moderator pages: suspend and lift by form, refusals shown on the form, the log paged', async (t) => {
  const { app, database } = await buildTestApp(t);
  const moderator = await registerMember(app);
  await promote(database, moderator.userId, 'moderator');
  const member = await registerMember(app);

  const home = await getPage(app, '/', moderator);
  assert.match(home, /data-testid="nav-moderation-log"/);
  assert.doesNotMatch(await getPage(app, '/', member), /nav-moderation-log/);

  const page = await getPage(app, `/moderation/users/${member.userId}`, moderator);
  assert.match(page, /data-testid="suspend-form"/);
  const refused = await postForm(app, `/moderation/users/${member.userId}/suspend`, moderator, {
    days: '400',
    reason: 'Spam links',
  });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /data-field-error="days"/);
  assert.match(refused.body, /Spam links/);

  const done = await postForm(app, `/moderation/users/${member.userId}/suspend`, moderator, {
    days: '7',
    reason: 'Spam links',
  });
  assert.equal(done.statusCode, 303);
  const after = await getPage(app, done.headers.location as string, moderator);
  assert.match(after, /data-testid="suspension-active"/);
  assert.match(after, /data-testid="lift-form"/);

  const lift = await postForm(app, `/moderation/users/${member.userId}/lift`, moderator, { reason: '' });
  assert.equal(lift.statusCode, 303);
  const log = await getPage(app, '/moderation/log', moderator);
  assert.equal([...log.matchAll(/data-testid="log-row"/g)].length, 2);
});

test('a role change made with user:role is in the log, by the server operator', async (t) => {
  const { app, database, config } = await buildTestApp(t);
  const admin = await registerMember(app);
  await promote(database, admin.userId, 'admin');
  const member = await registerMember(app);
  const ctx = serviceContext({ config, database, log: app.log });
  await setUserRole(ctx, member.username, 'moderator');
  await setUserRole(ctx, member.username, 'moderator');

  const log = await logOf(admin);
  assert.deepEqual(
    log.items.map((entry) => [entry.actorId, entry.action, entry.target, entry.details]),
    [[null, 'role', { kind: 'user', id: member.userId }, 'user>moderator']],
  );
  const page = await getPage(app, '/moderation/log', admin);
  assert.match(page, /Server operator/);
  assert.match(page, /from Member to Moderator/);
});
