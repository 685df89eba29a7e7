import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Database } from '../src/platform/db/index.js';
import { buildTestApp, form, registerMember, type Session } from './helpers.js';

// Helpers for tests of the community pages: content is made through the JSON API (short), and
// pages are posted to like a browser would (urlencoded form with the `_csrf` field).

export const LONG_BODY = 'This body is long enough to pass the thirty character minimum of a post.';

export interface CreatedQuestion {
  id: number;
  slug: string;
  title: string;
}

let asked = 0;

/** Asks a question through the API; a unique title unless one is given. */
export async function askViaApi(
  member: Session,
  fields: { title?: string; body?: string; tags?: string[] } = {},
): Promise<CreatedQuestion> {
  asked += 1;
  const response = await member.inject({
    method: 'POST',
    url: '/api/v1/questions',
    payload: {
      title: fields.title ?? `How do I make question number ${asked} work?`,
      body: fields.body ?? LONG_BODY,
      tags: fields.tags ?? ['testing'],
    },
  });
  assert.equal(response.statusCode, 201, response.body);
  const { question } = response.json() as { question: CreatedQuestion };
  return question;
}

export async function answerViaApi(member: Session, questionId: number, body = LONG_BODY): Promise<number> {
  const response = await member.inject({
    method: 'POST',
    url: `/api/v1/questions/${questionId}/answers`,
    payload: { body },
  });
  assert.equal(response.statusCode, 201, response.body);
  return (response.json() as { answer: { id: number } }).answer.id;
}

/**
 * What most question-page tests start from: a fresh app where `asker` asked `question` and
 * `answerer` answered it (`answerId`); `url` is the question's page.
 */
export async function answeredQuestion(t: TestContext) {
  const testApp = await buildTestApp(t);
  const asker = await registerMember(testApp.app);
  const answerer = await registerMember(testApp.app);
  const question = await askViaApi(asker);
  const answerId = await answerViaApi(answerer, question.id);
  return {
    ...testApp,
    asker,
    answerer,
    question,
    answerId,
    url: `/questions/${question.id}/${question.slug}`,
  };
}

export async function voteViaApi(member: Session, kind: 'question' | 'answer', id: number, value: 1 | -1) {
  const response = await member.inject({
    method: 'POST',
    url: `/api/v1/${kind}s/${id}/vote`,
    payload: { value },
  });
  assert.equal(response.statusCode, 200, response.body);
}

/** A form post from a page, as the member (their session's CSRF token in `_csrf`). */
export function postForm(
  app: FastifyInstance,
  url: string,
  member: Session | null,
  fields: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const body = form(member ? { _csrf: member.csrfToken, ...fields } : fields);
  return app.inject({
    method: 'POST',
    url,
    payload: body.payload,
    headers: { ...body.headers, ...(member ? { cookie: member.cookie } : {}), ...headers },
  });
}

/** What htmx sends with its requests. */
export const HTMX = { 'hx-request': 'true' };

/** Gives a member a role (as `npm run user:role` would). */
export async function setRole(
  database: Database,
  userId: number,
  role: 'moderator' | 'admin',
): Promise<void> {
  await database.db.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

/** The ids of the items of a question list, in page order. */
export function listedIds(html: string): number[] {
  return [...html.matchAll(/data-question-id="(\d+)"/g)].map((m) => Number(m[1]));
}

/** A page fetched as a member (or a visitor), asserting the status. */
export async function getPage(
  app: FastifyInstance,
  url: string,
  member: Session | null = null,
  status = 200,
): Promise<string> {
  const response = await app.inject({ url, headers: member ? { cookie: member.cookie } : {} });
  assert.equal(response.statusCode, status, `${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
  return response.body;
}

/** The shortfall notice's top-up link on a page: its amount, currency and return path. */
export function topupLinkOf(html: string): {
  amount: string | null;
  currency: string | null;
  next: string | null;
} {
  const match = /href="([^"]+)" data-testid="shortfall-topup"/.exec(html);
  if (!match?.[1]) throw new Error('no shortfall top-up link on the page');
  const url = new URL(match[1].replaceAll('&amp;', '&'), 'http://x');
  if (url.pathname !== '/wallet/topup') throw new Error(`the top-up link goes to ${url.pathname}`);
  const query = url.searchParams;
  return { amount: query.get('amount'), currency: query.get('currency'), next: query.get('next') };
}

/** Every <time> on a page: its machine value, tooltip and text (entities in the tooltip left as sent). */
export function timesIn(html: string): Array<{ datetime: string; title: string; text: string }> {
  return [...html.matchAll(/<time\b([^>]*)>([^<]*)<\/time>/g)].map((match) => {
    const attrs = match[1] ?? '';
    return {
      datetime: /\bdatetime="([^"]*)"/.exec(attrs)?.[1] ?? '',
      title: /\btitle="([^"]*)"/.exec(attrs)?.[1] ?? '',
      text: (match[2] ?? '').replace(/\s/g, ' '),
    };
  });
}

/** The wall clock ("07:08", 24-hour) and UTC tooltip text of an ISO instant, at a fixed offset from UTC. */
export function wallClock(iso: string, offsetMinutes: number): { hhmm: string; utc: string } {
  const at = new Date(iso);
  const local = new Date(at.getTime() + offsetMinutes * 60_000).toISOString();
  return { hhmm: local.slice(11, 16), utc: `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` };
}
