import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import * as usernameSkeletonMigration from '../../../migrations/0019-username-skeleton.js';
import * as importedSkeletonsMigration from '../../../migrations/0023-imported-username-skeletons.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { confusableSkeleton } from './accounts.rules.js';

const CYRILLIC_ADMIN = '\u0430dmin'; // "аdmin": Cyrillic а, then Latin

function register(
  app: Awaited<ReturnType<typeof buildTestApp>>['app'],
  username: string,
  displayName?: string,
) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: {
      username,
      email: `${Math.random().toString(36).slice(2)}@example.com`,
      password: 'correct horse battery staple',
      ...(displayName === undefined ? {} : { displayName }),
    },
  });
}

test('the skeleton folds look-alikes across scripts and case, and leaves distinct names apart', () => {
  const admin = confusableSkeleton('admin');
  // Case is folded after the prototypes, as names are shown as typed: "ADMlN" passes for "ADMIN"
  // ("ADMIN" and "admin" share a username key, so they were never both possible).
  for (const lookalike of [CYRILLIC_ADMIN, 'adrnin', '\uFF41dmin', '\u0251dm\u0456n']) {
    assert.equal(confusableSkeleton(lookalike), admin, lookalike);
  }
  assert.equal(confusableSkeleton('Iack'), confusableSkeleton('lack'));
  assert.equal(confusableSkeleton('ADMlN'), confusableSkeleton('ADMIN'));
  assert.equal(confusableSkeleton('paypa1'), confusableSkeleton('paypal'));
  assert.notEqual(confusableSkeleton('adnim'), admin);
  assert.notEqual(confusableSkeleton('李雷'), confusableSkeleton('李雪'));
});

test('"аdmin" (Cyrillic а) cannot join beside "admin": 409 user.username_confusable, nothing written', async (t) => {
  const { app, database } = await buildTestApp(t);
  assert.equal((await register(app, 'admin')).statusCode, 201);
  for (const name of [CYRILLIC_ADMIN, 'adrnin', '\u0251dm\u0456n']) {
    const response = await register(app, name);
    assert.equal(response.statusCode, 409, name);
    assert.equal(response.json().error.code, 'user.username_confusable', name);
    assert.ok(response.json().error.fields.username, name);
  }
  assert.equal((await register(app, 'admins')).statusCode, 201);
  const users = await database.db.selectFrom('users').select(['username', 'username_skeleton']).execute();
  assert.deepEqual(users.map((u) => u.username).sort(), ['admin', 'admins']);
  assert.deepEqual(users.map((u) => u.username_skeleton).sort(), ['adrnin', 'adrnins']);
});

test('two look-alike sign-ups racing: the unique index lets exactly one in', async (t) => {
  const { app, database } = await buildTestApp(t);
  const responses = await Promise.all(
    ['paypal', 'p\u0430ypal', 'PAYPA1', 'paypaI'].map((name) => register(app, name)),
  );
  const statuses = responses.map((r) => r.statusCode).sort();
  assert.deepEqual(statuses, [201, 409, 409, 409]);
  for (const loser of responses.filter((r) => r.statusCode === 409)) {
    assert.ok(['user.username_confusable', 'user.username_taken'].includes(loser.json().error.code));
  }
  assert.equal((await database.db.selectFrom('users').select('id').execute()).length, 1);
});

test('a display name may not pass for another member’s username; one’s own is fine', async (t) => {
  const { app } = await buildTestApp(t);
  assert.equal((await register(app, 'admin')).statusCode, 201);
  const refusedAtSignUp = await register(app, 'visitor', CYRILLIC_ADMIN);
  assert.equal(refusedAtSignUp.statusCode, 409);
  assert.equal(refusedAtSignUp.json().error.code, 'user.display_name_confusable');

  const member = await registerMember(app);
  for (const displayName of [CYRILLIC_ADMIN, 'Admin']) {
    const response = await member.inject({ method: 'PATCH', url: '/api/v1/me', payload: { displayName } });
    assert.equal(response.statusCode, 409, displayName);
    assert.equal(response.json().error.code, 'user.display_name_confusable');
  }
  for (const displayName of [member.username.toUpperCase(), 'Ada Lovelace']) {
    const response = await member.inject({ method: 'PATCH', url: '/api/v1/me', payload: { displayName } });
    assert.equal(response.statusCode, 200, displayName);
  }
});

/** Members written straight into the table, as before a migration (no skeleton). */
async function insertRawMembers(db: Kysely<unknown>, usernames: readonly string[]) {
  for (const username of usernames) {
    await sql`insert into users (username, username_key, email, email_key, display_name, password_hash)
      values (${username}, ${username}, ${`${username}@x.example`}, ${`${username}@x.example`}, ${username}, 'x')`.execute(
      db,
    );
  }
}

/** Each member's username and skeleton, in the order they joined. */
function skeletons(database: TestDatabase) {
  return database.db.selectFrom('users').select(['username', 'username_skeleton']).orderBy('id').execute();
}

test('the migration backfills existing members; of two that already look alike the older keeps the skeleton', async (t) => {
  const database = await createTestDatabase();
  t.after(() => database.close());
  const db = database.db as unknown as Kysely<unknown>;
  await usernameSkeletonMigration.down(db);
  await insertRawMembers(db, ['admin', CYRILLIC_ADMIN, 'bob']);
  await usernameSkeletonMigration.up(db);
  assert.deepEqual(await skeletons(database), [
    { username: 'admin', username_skeleton: 'adrnin' },
    { username: CYRILLIC_ADMIN, username_skeleton: null },
    { username: 'bob', username_skeleton: 'bob' },
  ]);
});

test('members written without a skeleton (imports before 0023) get theirs; a look-alike of an older member keeps none', async (t) => {
  const database = await createTestDatabase();
  t.after(() => database.close());
  const db = database.db as unknown as Kysely<unknown>;
  await insertRawMembers(db, ['admin', 'imported-bob', CYRILLIC_ADMIN, 'bob']);
  await sql`update users set username_skeleton = 'adrnin' where username = 'admin'`.execute(db);
  await importedSkeletonsMigration.up(db);
  assert.deepEqual(await skeletons(database), [
    { username: 'admin', username_skeleton: 'adrnin' },
    { username: 'imported-bob', username_skeleton: 'irnported-bob' },
    { username: CYRILLIC_ADMIN, username_skeleton: null },
    { username: 'bob', username_skeleton: 'bob' },
  ]);
});
