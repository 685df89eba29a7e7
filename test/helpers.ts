import type { TestContext } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type AppDeps, buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { ManualClock } from '../src/platform/clock.js';
import type { Database } from '../src/platform/db/index.js';
import type { Extension } from '../src/platform/extensions/index.js';
import { createTestDatabase } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: ManualClock;
  config: Config;
}

/** The dev cashier's secret in tests, fixed so they can sign its notifications (a real start makes its own). */
export const TEST_DEV_GATEWAY_SECRET = 'techqa-dev-gateway-insecure-secret';

/** Settings for tests: quiet logs and rate limits high enough not to get in the way. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    RATE_LIMIT_LOGIN_IP: '10000/60',
    RATE_LIMIT_LOGIN_ACCOUNT: '10000/60',
    RATE_LIMIT_LOGIN_ACCOUNT_TOTAL: '10000/60',
    RATE_LIMIT_REGISTER_IP: '10000/60',
    PAYMENTS_DEV_SECRET: TEST_DEV_GATEWAY_SECRET,
    ...env,
  });
}

/**
 * The real app on a fresh database (in-memory PGlite, or a throw-away PostgreSQL database when
 * DATABASE_URL is set), with a clock the test can move; closed when the test ends.
 */
export async function buildTestApp(
  t: TestContext,
  env: Record<string, string> = {},
  options: {
    database?: Database;
    extraRoutes?: (app: FastifyInstance) => void;
    gateways?: AppDeps['gateways'];
    /** Contributions added after the modules' own (a probing or a failing one). */
    extensions?: readonly Extension[];
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const clock = new ManualClock();
  const config = testConfig(env);
  const app = await buildApp({
    config,
    database,
    clock,
    ...(options.gateways ? { gateways: options.gateways } : {}),
    extensions: options.extensions ?? [],
  });
  options.extraRoutes?.(app);
  t.after(async () => {
    await app.close();
    await database.close();
  });
  await app.ready();
  return { app, database, clock, config };
}

/** A signed-in browser-like caller: its cookie and CSRF token ride along on every request. */
export interface Session {
  userId: number;
  username: string;
  cookie: string;
  csrfToken: string;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

let counter = 0;

/** A unique username for this process, safe to use in parallel test files. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${process.pid}x${counter}`;
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'tq_session');
  if (!cookie) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return `tq_session=${cookie.value}`;
}

/** Registers a member through the API and returns a session that injects as them. */
export async function registerMember(
  app: FastifyInstance,
  fields: { username?: string; email?: string; password?: string } = {},
): Promise<Session> {
  const username = fields.username ?? uniqueName();
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: {
      username,
      email: fields.email ?? `${username}@example.com`,
      password: fields.password ?? 'correct horse battery staple',
    },
  });
  if (response.statusCode !== 201)
    throw new Error(`register failed ${response.statusCode}: ${response.body}`);
  const body = response.json() as { user: { id: number }; csrfToken: string };
  const cookie = sessionCookieOf(response);
  return {
    userId: body.user.id,
    username,
    cookie,
    csrfToken: body.csrfToken,
    inject: (options) =>
      app.inject({
        ...options,
        headers: { cookie, 'x-csrf-token': body.csrfToken, ...(options.headers ?? {}) },
      }),
  };
}

/** The `_csrf` value embedded in a rendered page's forms. */
export function csrfFieldOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no _csrf field in page');
  return match[1];
}

/** The fresh idempotency key in a rendered page's form (the first form posting to `action`, when named). */
export function idempotencyFieldOf(html: string, action?: string): string {
  const at = action === undefined ? 0 : html.indexOf(`action="${action}"`);
  if (at < 0) throw new Error(`no form posting to ${action}`);
  const match = /name="idempotencyKey" value="([^"]+)"/.exec(html.slice(at));
  if (!match?.[1])
    throw new Error(`no idempotencyKey field${action ? ` in the form posting to ${action}` : ''}`);
  return match[1];
}

/** Cookies set by a response, as a Cookie header value. */
export function cookiesOf(response: LightMyRequestResponse): string {
  return response.cookies
    .filter((c) => c.value !== '')
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}

/** A urlencoded form body. */
export function form(fields: Record<string, string>): { payload: string; headers: Record<string, string> } {
  return {
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  };
}

/** Gives an existing member a role directly in the database (moderator, admin). */
export async function promote(
  database: Database,
  userId: number,
  role: 'moderator' | 'admin',
): Promise<void> {
  await database.db.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

/** A question body long enough for the rules, with something recognisable in it. */
export function questionBody(marker = 'details'): string {
  return `I tried the obvious approach and it fails with an error; ${marker}. What am I missing here?`;
}

/** Asks a question through the API as `member` and returns its JSON. */
export async function askAs(
  member: Session,
  fields: { title?: string; body?: string; tags?: string[] } = {},
): Promise<{ id: number; slug: string; title: string; tags: string[] }> {
  const response = await member.inject({
    method: 'POST',
    url: '/api/v1/questions',
    payload: {
      title: fields.title ?? `How do I make this work in ${uniqueName('case')}?`,
      body: fields.body ?? questionBody(),
      tags: fields.tags ?? ['typescript'],
    },
  });
  if (response.statusCode !== 201) throw new Error(`ask failed ${response.statusCode}: ${response.body}`);
  return response.json().question;
}

/** Answers a question through the API as `member` and returns its JSON. */
export async function answerAs(member: Session, questionId: number, body?: string): Promise<{ id: number }> {
  const response = await member.inject({
    method: 'POST',
    url: `/api/v1/questions/${questionId}/answers`,
    payload: {
      body: body ?? 'Use the other approach: it handles this case correctly and is well documented.',
    },
  });
  if (response.statusCode !== 201) throw new Error(`answer failed ${response.statusCode}: ${response.body}`);
  return response.json().answer;
}
