import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { form, type Session, TEST_DEV_GATEWAY_SECRET } from '../../../test/helpers.js';
import type { DB } from '../../platform/db/schema.js';
import type { Currency } from '../../platform/money.js';
import { DevGateway } from './gateways/dev.gateway.js';

/** Test-only helpers of the payments module: API calls, signed notices, stand-in provider servers. */

/** The dev gateway as the test config has it (testConfig's PAYMENTS_DEV_SECRET). */
export function devGateway(secret = TEST_DEV_GATEWAY_SECRET): DevGateway {
  return new DevGateway({ secret });
}

/** POST /api/v1/wallet/topups as `member`, with a fresh Idempotency-Key unless given. */
export function postTopup(
  member: Session,
  body: unknown,
  key: string = randomUUID(),
): Promise<LightMyRequestResponse> {
  return member.inject({
    method: 'POST',
    url: '/api/v1/wallet/topups',
    headers: { 'idempotency-key': key },
    payload: body as Record<string, unknown>,
  });
}

/** A created order (asserting 201). */
export async function topupAs(
  member: Session,
  amountMinor: number,
  gateway = 'dev',
  currency: Currency = 'CNY',
): Promise<{ order: { id: number; reference: string; status: string }; payUrl: string }> {
  const response = await postTopup(member, { amount: { amountMinor, currency }, gateway });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

/**
 * What a member does at the dev cashier a top-up sent them to (`payUrl`): opens it and answers
 * `outcome`. Gives the cashier page and the cashier's answer (a 303 to the order page).
 */
export async function payAtCashier(
  member: Session,
  payUrl: string,
  outcome: 'paid' | 'failed' = 'paid',
): Promise<{ cashier: LightMyRequestResponse; answered: LightMyRequestResponse }> {
  const cashier = await member.inject({ method: 'GET', url: payUrl });
  const url = new URL(payUrl, 'http://x');
  const answered = await member.inject({
    method: 'POST',
    url: `${url.pathname}/pay`,
    ...form({ _csrf: member.csrfToken, t: url.searchParams.get('t') ?? '', outcome }),
  });
  return { cashier, answered };
}

/** Sends a raw notification to a gateway's notify endpoint. */
export function notify(
  app: FastifyInstance,
  gateway: string,
  notice: { rawBody: string; headers: Readonly<Record<string, string | string[] | undefined>> },
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/api/v1/payments/notify/${gateway}`,
    headers: notice.headers as Record<string, string>,
    payload: notice.rawBody,
  });
}

/** A dev notice body; override any field to forge or alter one. */
export function devNotice(fields: {
  reference: string;
  amountMinor: number;
  currency?: string;
  type?: string;
  eventId?: string;
  merchant?: string;
}): string {
  return JSON.stringify({
    merchant: fields.merchant ?? 'techqa-dev',
    eventId: fields.eventId ?? `evt_${randomUUID()}`,
    type: fields.type ?? 'payment.succeeded',
    reference: fields.reference,
    externalId: `dev_${fields.reference}`,
    amountMinor: fields.amountMinor,
    currency: fields.currency ?? 'CNY',
  });
}

export async function walletMinor(
  db: Kysely<DB>,
  userId: number,
  currency: Currency = 'CNY',
): Promise<number> {
  const account = await db
    .selectFrom('ledger_accounts')
    .select('balance_minor')
    .where('kind', '=', 'wallet')
    .where('owner_user_id', '=', userId)
    .where('currency', '=', currency)
    .executeTakeFirst();
  return account?.balance_minor ?? 0;
}

export async function orderRow(db: Kysely<DB>, id: number) {
  return db.selectFrom('payment_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function countTopupPostings(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('ledger_transactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'topup')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A local HTTP server standing in for a provider; `handle` answers each request (body read as text). */
export interface StandIn {
  readonly url: string;
  readonly requests: Array<{
    method: string;
    url: string;
    body: string;
    headers: IncomingMessage['headers'];
  }>;
  handle: (request: { method: string; url: string; body: string }, response: ServerResponse) => void;
}

export async function startStandIn(t: TestContext): Promise<StandIn> {
  const standIn: StandIn = {
    url: '',
    requests: [],
    handle: (_request, response) => {
      response.writeHead(500).end();
    },
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        body: Buffer.concat(chunks).toString('utf8'),
        headers: request.headers,
      };
      standIn.requests.push(entry);
      standIn.handle(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  (standIn as { url: string }).url = `http://127.0.0.1:${port}`;
  return standIn;
}

/** Two RSA-2048 key pairs (PKCS#8 / SPKI PEM): the app's, and one standing in for Alipay's. */
export function alipayKeys() {
  const pair = () =>
    generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
  return { app: pair(), alipay: pair() };
}

/** Signs fields as Alipay signs an async notification (RSA2 over the sorted, decoded key=value pairs). */
export function signAlipayNotice(fields: Record<string, string>, alipayPrivateKey: string): string {
  const content = Object.keys(fields)
    .filter((key) => key !== 'sign' && key !== 'sign_type' && fields[key] !== '')
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('&');
  const sign = createSign('RSA-SHA256').update(content, 'utf8').sign(alipayPrivateKey, 'base64');
  return new URLSearchParams({ ...fields, sign, sign_type: 'RSA2' }).toString();
}

/** An Alipay OpenAPI response body for `method`, signed like Alipay's (the SDK checks it). */
export function alipayResponse(
  method: string,
  content: Record<string, unknown>,
  alipayPrivateKey: string,
): string {
  const inner = JSON.stringify(content);
  const sign = createSign('RSA-SHA256').update(inner, 'utf8').sign(alipayPrivateKey, 'base64');
  return `{"${method.replaceAll('.', '_')}_response":${inner},"sign":"${sign}"}`;
}

/** The Alipay method and biz_content of a request the SDK sent to the stand-in. */
export function alipayCall(request: { url: string; body: string }): {
  method: string;
  biz: Record<string, unknown>;
} {
  const method = new URL(request.url, 'http://x').searchParams.get('method') ?? '';
  const biz = JSON.parse(new URLSearchParams(request.body).get('biz_content') ?? '{}') as Record<
    string,
    unknown
  >;
  return { method, biz };
}
