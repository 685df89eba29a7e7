import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, type TestContext, test } from 'node:test';
import { createTestDatabase } from '../../../test/db.js';
import { promote, registerMember } from '../../../test/helpers.js';
import { buildAppWithJobs } from '../../../test/jobs.js';
import { enqueueJob } from './index.js';
import { defineJob } from './registry.js';

// App-level tests use the process-wide registry, as the app does.
const ran: string[] = [];
const reminder = defineJob<{ token: string }>('test.clock-reminder', async ({ token }) => {
  ran.push(token);
});

async function appWith(t: TestContext, env: Record<string, string> = {}) {
  const database = await createTestDatabase();
  const built = await buildAppWithJobs(database, env);
  t.after(async () => {
    await built.app.close();
    await database.close();
  });
  return { ...built, database };
}

describe('POST /api/v1/test/clock', () => {
  test('does not exist without TEST_CLOCK', async (t) => {
    const { app, database } = await appWith(t);
    const admin = await registerMember(app);
    await promote(database, admin.userId, 'admin');
    const response = await admin.inject({
      method: 'POST',
      url: '/api/v1/test/clock',
      payload: { advanceSeconds: 60 },
    });
    assert.equal(response.statusCode, 404);
    assert.equal((await admin.inject({ url: '/api/v1/test/clock' })).statusCode, 404);
    const openApi = await app.inject({ url: '/api/openapi.json' });
    assert.ok(!('/api/v1/test/clock' in openApi.json().paths), 'nor is it documented');
  });

  test('is refused to anonymous callers (401) and to members who are not admins (403)', async (t) => {
    const { app, database } = await appWith(t, { TEST_CLOCK: '1' });
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/v1/test/clock',
      payload: { advanceSeconds: 60 },
    });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'auth.required');

    const member = await registerMember(app);
    const asMember = await member.inject({
      method: 'POST',
      url: '/api/v1/test/clock',
      payload: { advanceSeconds: 60 },
    });
    assert.equal(asMember.statusCode, 403);
    assert.equal(asMember.json().error.code, 'auth.forbidden');

    const moderator = await registerMember(app);
    await promote(database, moderator.userId, 'moderator');
    const asModerator = await moderator.inject({ url: '/api/v1/test/clock' });
    assert.equal(asModerator.statusCode, 403);
  });

  test('moves the clock for an admin and runs the jobs that became due before answering', async (t) => {
    const { app, clock, database } = await appWith(t, { TEST_CLOCK: '1' });
    const admin = await registerMember(app);
    await promote(database, admin.userId, 'admin');
    const soon = randomUUID();
    const later = randomUUID();
    const start = clock.now().getTime();
    await database.db.transaction().execute(async (trx) => {
      await enqueueJob(trx, reminder, { payload: { token: soon }, runAt: new Date(start + 3600_000) });
      await enqueueJob(trx, reminder, { payload: { token: later }, runAt: new Date(start + 48 * 3600_000) });
    });

    const openApi = await app.inject({ url: '/api/openapi.json' });
    assert.ok('/api/v1/test/clock' in openApi.json().paths, 'documented when enabled');

    const before = await admin.inject({ url: '/api/v1/test/clock' });
    assert.equal(before.statusCode, 200);
    const beforeMs = Date.parse(before.json().now);

    const moved = await admin.inject({
      method: 'POST',
      url: '/api/v1/test/clock',
      payload: { advanceSeconds: 3601 },
    });
    assert.equal(moved.statusCode, 200, moved.body);
    const body = moved.json();
    assert.ok(Date.parse(body.now) - beforeMs >= 3601_000, 'the clock moved by at least the advance');
    assert.ok(Math.abs(clock.now().getTime() - Date.parse(body.now)) < 5_000, "it is the app's clock");
    assert.deepEqual(body.jobs, { done: 1, retried: 0, failed: 0 });
    assert.ok(ran.includes(soon), 'the due job ran before the response');
    assert.ok(!ran.includes(later), 'the job due in two days waits');

    const stay = await admin.inject({
      method: 'POST',
      url: '/api/v1/test/clock',
      payload: { advanceSeconds: 0 },
    });
    assert.equal(stay.statusCode, 200);
    assert.deepEqual(stay.json().jobs, { done: 0, retried: 0, failed: 0 }, 'nothing runs twice');

    await admin.inject({ method: 'POST', url: '/api/v1/test/clock', payload: { advanceSeconds: 47 * 3600 } });
    assert.deepEqual(
      ran.filter((token) => token === soon || token === later),
      [soon, later],
    );
  });

  test('takes only a whole, non-negative, bounded number of seconds', async (t) => {
    const { app, database } = await appWith(t, { TEST_CLOCK: '1' });
    const admin = await registerMember(app);
    await promote(database, admin.userId, 'admin');
    for (const advanceSeconds of [-1, 1.5, '60', 10 ** 9, null]) {
      const response = await admin.inject({
        method: 'POST',
        url: '/api/v1/test/clock',
        payload: { advanceSeconds },
      });
      assert.equal(response.statusCode, 422, `advanceSeconds ${advanceSeconds}`);
      assert.ok(response.json().error.fields.advanceSeconds, `names the field for ${advanceSeconds}`);
    }
    const empty = await admin.inject({ method: 'POST', url: '/api/v1/test/clock', payload: {} });
    assert.equal(empty.statusCode, 422);
  });
});
