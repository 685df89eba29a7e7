import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { type DefaultTreeAdapterMap, parse } from 'parse5';
import {
  answerPaidViaApi,
  askExpertViaApi,
  becomeExpertViaApi,
} from '../src/modules/experts/experts.test-support.js';
import { devGateway, devNotice, notify, topupAs } from '../src/modules/payments/payments.test-support.js';
import { isMessageKey } from '../src/platform/i18n/index.js';
import { en } from '../src/platform/i18n/locales/en.js';
import { zhCN } from '../src/platform/i18n/locales/zh-CN.js';
import { answerAs, askAs, buildTestApp, promote, registerMember, type Session } from './helpers.js';

/**
 * "zh-CN pages carry no English": every GET page of the route table, rendered in zh-CN for a
 * visitor, a member and an admin over fixtures written in Chinese (so anything English on the
 * page came from us, not from a member), must show no raw catalogue key, no unfilled `{param}`
 * and no word of the English catalogue that the Chinese one does not use too (product names,
 * "API", "Markdown"…). Member content, code, URLs and non-visible attributes are not read.
 */

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** Words of the English catalogue (4+ letters) that never appear in the Chinese one. */
function englishWords(): Set<string> {
  const words = (text: string) =>
    text
      .replace(/\{\w+\}/g, ' ')
      .toLowerCase()
      .match(/[a-z]{4,}/g) ?? [];
  const chinese = new Set(Object.values(zhCN).flatMap(words));
  return new Set(
    Object.values(en)
      .flatMap(words)
      .filter((word) => !chinese.has(word)),
  );
}
const ENGLISH = englishWords();

/** Subtrees that hold member content, code or things that are not words. */
function skipped(element: Element): boolean {
  if (['script', 'style', 'code', 'pre', 'textarea', 'svg', 'math', 'template'].includes(element.tagName))
    return true;
  const classes = element.attrs.find((attr) => attr.name === 'class')?.value.split(/\s+/) ?? [];
  return classes.includes('markdown-body') || classes.includes('katex');
}

/** Visible text: text nodes, plus the attributes a reader sees or hears. */
function visibleTexts(node: Node, out: string[] = []): string[] {
  if (node.nodeName === '#text') out.push((node as DefaultTreeAdapterMap['textNode']).value);
  if ('tagName' in node) {
    if (skipped(node)) return out;
    for (const attr of node.attrs) {
      if (['title', 'placeholder', 'aria-label', 'alt'].includes(attr.name)) out.push(attr.value);
      // Only an input's value is shown; a button shows its content.
      const type = node.attrs.find((a) => a.name === 'type')?.value ?? '';
      if (node.tagName === 'input' && attr.name === 'value' && /^(submit|button)$/.test(type))
        out.push(attr.value);
    }
  }
  const own = 'childNodes' in node ? (node.childNodes as Node[]) : [];
  const templated = node.nodeName === 'template' ? [] : own;
  for (const child of templated) visibleTexts(child, out);
  return out;
}

/** What is English or unfinished in a zh-CN page. */
export function englishIn(html: string): string[] {
  const problems = new Set<string>();
  for (const text of visibleTexts(parse(html))) {
    for (const key of text.match(/\b[a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)+\b/g) ?? []) {
      if (isMessageKey(key)) problems.add(`raw key ${key}`);
    }
    for (const param of text.match(/\{[a-zA-Z]+\}/g) ?? [])
      problems.add(`unfilled ${param} in "${text.trim()}"`);
    const words = text.replace(/\b[a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)+\b/g, (key) =>
      isMessageKey(key) ? ' ' : key,
    );
    for (const word of words.match(/[A-Za-z]{4,}/g) ?? []) {
      if (ENGLISH.has(word.toLowerCase())) problems.add(`"${word}" in "${text.trim().slice(0, 80)}"`);
    }
  }
  return [...problems];
}

/** GET page paths of the route table: Fastify's tree, flattened (no /api, /assets or HEAD-only). */
function pageRoutes(tree: string): string[] {
  const paths: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)(?:├── |└── )(.+?) \(([^)]*)\)$/.exec(line.replace(/\u00a0/g, ' '));
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const path = stack.join('').replace(/\/\/+/g, '/');
    if ((match[3] ?? '').split(', ').includes('GET')) paths.push(path);
  }
  return paths.filter((path) => !/^\/(api|assets|healthz)(\/|$)/.test(path) && !path.includes('*'));
}

async function devTopUp(app: Parameters<typeof notify>[0], member: Session, amountMinor: number) {
  const created = await topupAs(member, amountMinor);
  const paid = await notify(
    app,
    'dev',
    devGateway().signNotice(devNotice({ reference: created.order.reference, amountMinor })),
  );
  assert.equal(paid.statusCode, 200, paid.body);
  return created;
}

test('every page in zh-CN: no raw keys, no English from the catalogue', { timeout: 600_000 }, async (t) => {
  const { app, database, clock } = await buildTestApp(t);
  const asker = await registerMember(app, { username: '提问者', email: 'asker@example.com' });
  const answerer = await registerMember(app, { username: '回答者', email: 'answerer@example.com' });
  const expert = await registerMember(app, { username: '专家', email: 'expert@example.com' });
  const admin = await registerMember(app, { username: '管理员', email: 'admin@example.com' });
  await promote(database, admin.userId, 'admin');
  await database.db.updateTable('users').set({ reputation: 500 }).execute();

  const question = await askAs(asker, {
    title: '如何为一百万行的表建立索引以加快查询？',
    body: '我的查询很慢，表里有一百万行数据。应该怎样建立索引才能让查询更快？公式 $x^2$ 也请解释一下，谢谢大家。',
    tags: ['数据库', '索引'],
  });
  const answer = await answerAs(
    answerer,
    question.id,
    '为经常查询的列建立索引，并用执行计划检查查询是否真的用上了索引；范围条件的列放在复合索引的后面。',
  );
  // Reputation history for the profile's reputation tab.
  const upvoted = await asker.inject({
    method: 'POST',
    url: `/api/v1/answers/${answer.id}/vote`,
    payload: { value: 1 },
  });
  assert.equal(upvoted.statusCode, 200, upvoted.body);
  await asker.inject({
    method: 'POST',
    url: `/api/v1/questions/${question.id}/comments`,
    payload: { body: '这个问题很有意思，我也遇到过类似的情况。' },
  });
  const topup = await devTopUp(app, asker, 50000);
  await devTopUp(app, expert, 5000);
  clock.advance(3 * 86_400);
  const offered = await asker.inject({
    method: 'POST',
    url: `/api/v1/questions/${question.id}/bounties`,
    headers: { 'idempotency-key': randomUUID() },
    payload: { amount: { amountMinor: 1000, currency: 'CNY' } },
  });
  assert.equal(offered.statusCode, 201, offered.body);
  const bountyId: number = offered.json().bounty.id;
  await becomeExpertViaApi(expert, {
    bio: '我回答数据库问题。',
    tags: ['数据库'],
    price: { amountMinor: 500, currency: 'CNY' },
  });
  const paidQuestionId = await askExpertViaApi(asker, expert, {
    title: '复合索引的列顺序怎么选？',
    body: '我有一个按用户和时间查询的表，复合索引的列顺序应该如何选择？',
    tags: ['数据库'],
  });
  await answerPaidViaApi(
    expert,
    paidQuestionId,
    '把等值条件的列放在前面，范围条件的列放在后面，这样索引才能同时用于过滤和排序。',
  );
  const payout = await expert.inject({
    method: 'POST',
    url: '/api/v1/payouts',
    headers: { 'idempotency-key': randomUUID() },
    payload: { amount: { amountMinor: 1000, currency: 'CNY' }, gateway: 'dev', destination: '我的测试账户' },
  });
  assert.equal(payout.statusCode, 201, payout.body);

  // A suspended member (the banner on every page) and the moderation log's rows.
  const suspended = await registerMember(app, { username: '被封禁者', email: 'suspended@example.com' });
  const suspension = await admin.inject({
    method: 'POST',
    url: `/api/v1/moderation/users/${suspended.userId}/suspend`,
    payload: { days: 7, reason: '多次发布广告。' },
  });
  assert.equal(suspension.statusCode, 200, suspension.body);

  const ids: Record<string, string> = {
    '/moderation/users/:id': String(suspended.userId),
    '/questions/:id': String(question.id),
    '/answers/:id': String(answer.id),
    '/bounties/:id': String(bountyId),
    '/experts/:userId': String(expert.userId),
    '/paid-questions/:id': String(paidQuestionId),
    '/users/:id': String(asker.userId),
    '/tags/:name': encodeURIComponent('数据库'),
    '/tags/:tag': encodeURIComponent('数据库'),
    '/wallet/topups/:id': String(topup.order.id),
    '/admin/finance/journal/:id': '1',
    '/questions/:id/:slug': `${question.id}/${question.slug}`,
  };
  const concrete = (route: string): string | undefined => {
    let path = route;
    for (const [pattern, value] of Object.entries(ids).sort((a, b) => b[0].length - a[0].length)) {
      if (path.startsWith(pattern))
        path = value.includes('/')
          ? `${pattern.split('/:')[0]}/${value}${path.slice(pattern.length)}`
          : path.replace(/:[A-Za-z]+/, value);
    }
    return path.includes(':') ? undefined : path;
  };

  const sessions: Array<[string, (url: string) => ReturnType<Session['inject']>]> = [
    ['visitor', (url) => app.inject({ method: 'GET', url })],
    ['member', (url) => asker.inject({ method: 'GET', url })],
    ['expert', (url) => expert.inject({ method: 'GET', url })],
    ['admin', (url) => admin.inject({ method: 'GET', url })],
    ['suspended', (url) => suspended.inject({ method: 'GET', url })],
  ];
  const routes = pageRoutes(app.printRoutes({ commonPrefix: false, method: 'GET' }));
  assert.ok(routes.length > 20, routes.join(' '));
  const problems: string[] = [];
  const unshown: string[] = [];
  for (const route of routes) {
    // The internal routes for unreadable addresses only ever answer with the error page.
    if (route === '/test/redirect' || route.startsWith('/dev-gateway') || route.startsWith('/_errors/'))
      continue;
    const path = route === '/dev-gateway/orders' ? undefined : concrete(route);
    if (!path) {
      problems.push(`${route}: no fixture for its parameters (add one to this test)`);
      continue;
    }
    let shown = false;
    for (const [who, get] of sessions) {
      const response = await get(`${path}${path.includes('?') ? '&' : '?'}lang=zh-CN`);
      if (response.statusCode >= 500) problems.push(`GET ${path} as ${who}: ${response.statusCode}`);
      if (!String(response.headers['content-type'] ?? '').startsWith('text/html')) continue;
      if (response.statusCode === 200) shown = true;
      for (const problem of englishIn(response.body)) problems.push(`GET ${path} as ${who}: ${problem}`);
    }
    if (!shown) unshown.push(route);
  }
  // Pages the route table names once but that show different things by their query: the
  // profile's tabs (the member's posts, an expert's profile, bounties offered and won, reputation),
  // and the directory's orders (by tag, its prompt, newest with a name filter, nothing found).
  const variants = [
    `/users/${answerer.userId}?tab=activity&page=1`,
    `/users/${expert.userId}?tab=expert`,
    `/users/${asker.userId}?tab=expert`,
    `/users/${asker.userId}?tab=bounties`,
    `/users/${answerer.userId}?tab=bounties`,
    `/users/${answerer.userId}?tab=reputation`,
    `/users/${asker.userId}?tab=reputation`,
    `/users?sort=tag&tag=${encodeURIComponent('数据库')}`,
    '/users?sort=tag',
    `/users?sort=new&q=${encodeURIComponent('专')}`,
    '/users?q=zzz',
  ];
  for (const path of variants) {
    for (const [who, get] of sessions) {
      const response = await get(`${path}&lang=zh-CN`);
      if (response.statusCode !== 200) problems.push(`GET ${path} as ${who}: ${response.statusCode}`);
      for (const problem of englishIn(response.body)) problems.push(`GET ${path} as ${who}: ${problem}`);
    }
  }
  const cashier = await app.inject({ method: 'GET', url: `${topup.payUrl}&lang=zh-CN` });
  for (const problem of englishIn(cashier.body)) problems.push(`cashier: ${problem}`);
  assert.deepEqual(problems, [], `\n${[...new Set(problems)].join('\n')}`);
  assert.deepEqual(
    unshown.filter((route) => !['/questions/:id', '/bounties/:id/countdown'].includes(route)),
    [],
  );
});

test('the checker itself finds raw keys, unfilled parameters and catalogue English, and ignores code', () => {
  assert.deepEqual(englishIn('<p>wallet.kind.topup</p>'), ['raw key wallet.kind.topup']);
  assert.deepEqual(englishIn('<p>至少 {min} 个</p>'), ['unfilled {min} in "至少 {min} 个"']);
  assert.equal(englishIn('<p><span>Withdraw</span> 钱包</p>').length, 1);
  assert.deepEqual(
    englishIn('<p>提现 <code>Withdraw</code> <a class="Withdraw" href="/Withdraw">钱包</a></p>'),
    [],
  );
  assert.deepEqual(englishIn('<div class="markdown-body">Withdraw everything</div>'), []);
});
