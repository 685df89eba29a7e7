import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTestApp, registerMember, type Session } from '../../../test/helpers.js';
import type { ServiceContext } from '../../platform/context.js';
import { TOKEN_SCOPES } from '../../platform/http/auth.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { TokenScopeSchema } from './accounts.schemas.js';

/** Every API route that moves money: top-ups, payouts, bounties, paid questions, unlocks, refunds, admin money actions. */
const MONEY_ROUTES = [
  'POST /api/v1/wallet/topups',
  'POST /api/v1/wallet/topups/:id/refunds',
  'POST /api/v1/payouts',
  'POST /api/v1/admin/payouts/:id/approve',
  'POST /api/v1/admin/payouts/:id/reject',
  'POST /api/v1/questions/:id/bounties',
  'POST /api/v1/bounties/:id/award',
  'POST /api/v1/experts/:userId/questions',
  'POST /api/v1/paid-questions/:id/answer',
  'POST /api/v1/paid-questions/:id/decline',
  'POST /api/v1/paid-questions/:id/unlock',
  'POST /api/v1/paid-questions/:id/dispute/decision',
].sort();

/** Writes near money that move none: a rating, opening a dispute, an expert's own price. */
const MONEYLESS_WRITES = [
  'POST /api/v1/paid-questions/:id/rating',
  'POST /api/v1/paid-questions/:id/dispute',
  'PUT /api/v1/me/expert',
];

const MONEY_WORDS =
  /wallet|topup|payout|bount|paid-question|experts\/:userId\/questions|refund|unlock|award|ledger/;

async function tokenOf(
  member: Session,
  body: Record<string, unknown>,
): Promise<{ id: number; token: string }> {
  const response = await member.inject({
    method: 'POST',
    url: '/api/v1/me/tokens',
    payload: { name: 'script', ...body },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('token scopes', () => {
  test('the route table: every money route needs money, page forms a session, the rest read or write', async (t) => {
    const { app } = await buildTestApp(t);
    const table = app.routeScopes;
    const named = (entry: { method: string; url: string }) => `${entry.method} ${entry.url}`;
    const money = table
      .filter((r) => r.scope === 'money')
      .map(named)
      .sort();
    assert.deepEqual(money, MONEY_ROUTES, 'the money routes are exactly these, and each declares money');
    for (const route of table) {
      const name = named(route);
      const isWrite = !['GET', 'HEAD'].includes(route.method);
      if (!route.url.startsWith('/api/')) {
        assert.equal(route.scope, isWrite ? 'session' : 'read', `${name}: a token cannot post a page form`);
      } else if (isWrite && MONEY_WORDS.test(route.url) && !MONEYLESS_WRITES.includes(name)) {
        assert.equal(route.scope, 'money', `${name} looks like money`);
      } else if (!isWrite) {
        assert.equal(route.scope, 'read', name);
      }
    }
    for (const name of ['POST /api/v1/me/tokens', 'POST /api/v1/me/password']) {
      assert.equal(table.find((r) => named(r) === name)?.scope, 'session', name);
    }
    assert.deepEqual(
      TokenScopeSchema.anyOf.map((literal: { const: string }) => literal.const),
      [...TOKEN_SCOPES],
    );
  });

  test('a read token reads and gets 403 token.scope on a write; nothing changes', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const { token } = await tokenOf(member, { scopes: ['read'] });
    assert.equal((await app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode, 200);
    const write = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: bearer(token),
      payload: { displayName: 'Renamed' },
    });
    assert.equal(write.statusCode, 403);
    assert.equal(write.json().error.code, 'token.scope');
    const me = await member.inject({ url: '/api/v1/me' });
    assert.notEqual(me.json().user.displayName, 'Renamed');
  });

  test('without money a token cannot top up, pay out, offer a bounty, ask a paid question or unlock', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const plain = await tokenOf(member, {});
    assert.deepEqual((await member.inject({ url: '/api/v1/me/tokens' })).json().items[0].scopes, [
      'read',
      'write',
    ]);
    const payer = await tokenOf(member, { scopes: ['money'] });
    const attempts = [
      { url: '/api/v1/wallet/topups', payload: { amountMinor: 1000, currency: 'CNY', gateway: 'dev' } },
      { url: '/api/v1/payouts', payload: { amountMinor: 1000, currency: 'CNY', destination: 'me' } },
      { url: '/api/v1/questions/1/bounties', payload: { amountMinor: 1000, currency: 'CNY' } },
      { url: `/api/v1/experts/${member.userId}/questions`, payload: { title: 'x', body: 'y' } },
      { url: '/api/v1/paid-questions/1/unlock', payload: {} },
    ];
    for (const attempt of attempts) {
      const headers = { ...bearer(plain.token), 'idempotency-key': `k-${attempt.url}` };
      const refused = await app.inject({ method: 'POST', headers, ...attempt });
      assert.equal(refused.statusCode, 403, attempt.url);
      assert.equal(refused.json().error.code, 'token.scope', attempt.url);
      // With money the same call gets past the scope (and on to the route's own answer).
      const allowed = await app.inject({ method: 'POST', headers: bearer(payer.token), ...attempt });
      assert.notEqual(allowed.statusCode, 403, `${attempt.url}: ${allowed.body}`);
      assert.notEqual(allowed.json().error.code, 'token.scope', attempt.url);
    }
    const wallet = await app.inject({ url: '/api/v1/wallet', headers: bearer(payer.token) });
    assert.equal(wallet.statusCode, 200, 'every token can read');
  });

  test('no token can mint tokens, change the password or post a page form, whatever its scopes', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const { token } = await tokenOf(member, { scopes: ['read', 'write', 'money'] });
    const calls = [
      { url: '/api/v1/me/tokens', payload: { name: 'another' } },
      {
        url: '/api/v1/me/password',
        payload: { currentPassword: 'correct horse battery staple', newPassword: 'a brand new passphrase' },
      },
      { url: '/settings/profile', payload: { displayName: 'Bot' } },
    ];
    for (const call of calls) {
      const refused = await app.inject({ method: 'POST', headers: bearer(token), ...call });
      assert.equal(refused.statusCode, 403, call.url);
      if (call.url.startsWith('/api/')) assert.equal(refused.json().error.code, 'token.scope', call.url);
    }
    const tokens = await member.inject({ url: '/api/v1/me/tokens' });
    assert.equal(tokens.json().total, 1);
  });

  test('unknown scopes and lifetimes out of range are refused naming the field', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    for (const payload of [
      { name: 'x', scopes: ['admin'] },
      { name: 'x', scopes: [] },
      { name: 'x', expiresInDays: 0 },
      { name: 'x', expiresInDays: 366 },
      { name: 'x', expiresInDays: 1.5 },
    ]) {
      const response = await member.inject({ method: 'POST', url: '/api/v1/me/tokens', payload });
      assert.ok([400, 422].includes(response.statusCode), JSON.stringify(payload));
      const field = Object.keys(payload).find((key) => key !== 'name') ?? '';
      assert.ok(JSON.stringify(response.json().error.fields ?? {}).includes(field), response.body);
    }
    assert.equal((await member.inject({ url: '/api/v1/me/tokens' })).json().total, 0);
  });

  test('a route that moves money without declaring it fails loudly, never quietly lets a token pay', async (t) => {
    const { app } = await buildTestApp(
      t,
      {},
      {
        extraRoutes: (instance) =>
          instance.post('/api/v1/test-undeclared-money', async (request, reply) =>
            withIdempotency({} as ServiceContext, request, reply, async () => ({ status: 200 })),
          ),
      },
    );
    const member = await registerMember(app);
    const { token } = await tokenOf(member, {});
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/test-undeclared-money',
      headers: { ...bearer(token), 'idempotency-key': 'k1' },
      payload: {},
    });
    assert.equal(response.statusCode, 500);
  });
});

describe('token lifetime', () => {
  test('a token with a lifetime stops working when it expires; one without keeps working', async (t) => {
    const { app, clock } = await buildTestApp(t);
    const member = await registerMember(app);
    const short = await tokenOf(member, { expiresInDays: 1 });
    const forever = await tokenOf(member, {});
    const list = (await member.inject({ url: '/api/v1/me/tokens' })).json().items;
    const shortOne = list.find((x: { id: number }) => x.id === short.id);
    assert.equal(Date.parse(shortOne.expiresAt) - Date.parse(shortOne.createdAt), 86_400_000);
    assert.equal(list.find((x: { id: number }) => x.id === forever.id).expiresAt, null);
    assert.equal((await app.inject({ url: '/api/v1/me', headers: bearer(short.token) })).statusCode, 200);
    clock.advance(86_400);
    const expired = await app.inject({ url: '/api/v1/me', headers: bearer(short.token) });
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().error.code, 'auth.required');
    assert.equal((await app.inject({ url: '/api/v1/me', headers: bearer(forever.token) })).statusCode, 200);
  });

  test('changing the password revokes every token', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const other = await registerMember(app);
    const tokens = [await tokenOf(member, {}), await tokenOf(member, { scopes: ['money'] })];
    const othersToken = await tokenOf(other, {});
    const changed = await member.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: 'correct horse battery staple', newPassword: 'a brand new passphrase' },
    });
    assert.equal(changed.statusCode, 204);
    for (const { token } of tokens) {
      assert.equal((await app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode, 401);
    }
    assert.equal((await member.inject({ url: '/api/v1/me/tokens' })).json().total, 0);
    assert.equal(
      (await app.inject({ url: '/api/v1/me', headers: bearer(othersToken.token) })).statusCode,
      200,
    );
  });
});
