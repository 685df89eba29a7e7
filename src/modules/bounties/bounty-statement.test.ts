import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, promote } from '../../../test/helpers.js';
import { contribute, type Extension } from '../../platform/extensions/index.js';
import { statementLineSlot } from '../ledger/index.js';
import { devGateway, devNotice, notify, topupAs } from '../payments/payments.test-support.js';
import {
  answerWithScore,
  bountyWorld,
  member,
  oldQuestion,
  postAward,
  postOffer,
  yuan,
} from './bounties.test-support.js';

/** The markup of each statement line's details cell, in page order. */
function detailsOf(html: string): string[] {
  return [...html.matchAll(/data-testid="statement-details">(.*?)<\/td>/gs)].map((m) => (m[1] ?? '').trim());
}

test('bounty postings carry statement facts: offered on a question, awarded to an answer', async (t) => {
  const world = await bountyWorld(t);
  const asker = await member(world, { wallet: 10000 });
  const author = await member(world);
  const questionId = await oldQuestion(world, asker);
  const offered = await postOffer(asker, questionId, { amount: yuan(1000) });
  assert.equal(offered.statusCode, 201, offered.body);
  const bountyId: number = offered.json().bounty.id;
  const answerId = await answerWithScore(world, author, questionId);
  const awarded = await postAward(asker, bountyId, answerId);
  assert.equal(awarded.statusCode, 200, awarded.body);

  const factsOf = async (key: string) =>
    (
      await world.database.db
        .selectFrom('ledger_transactions')
        .select('facts')
        .where('idempotency_key', '=', key)
        .executeTakeFirstOrThrow()
    ).facts;
  assert.deepEqual(await factsOf(`bounty:${bountyId}:hold`), {
    what: 'bounty.offered',
    bountyId,
    questionId,
  });
  assert.deepEqual(await factsOf(`bounty:${bountyId}:award`), {
    what: 'bounty.awarded',
    bountyId,
    questionId,
    answerId,
  });
});

test('statement lines link the bounty, its question and the awarded answer, in both languages; the CSV says them as text', async (t) => {
  const world = await bountyWorld(t);
  const asker = await member(world, { wallet: 10000 });
  const author = await member(world);
  const admin = await member(world);
  await promote(world.database, admin.userId, 'admin');
  const questionId = await oldQuestion(world, asker);
  const offered = await postOffer(asker, questionId, { amount: yuan(1000) });
  const bountyId: number = offered.json().bounty.id;
  const answerId = await answerWithScore(world, author, questionId);
  assert.equal((await postAward(asker, bountyId, answerId)).statusCode, 200);

  const bounty = `<a href="/bounties/${bountyId}">`;
  const question = `<a href="/questions/${questionId}">`;
  const answer = `<a href="/questions/${questionId}#answer-${answerId}">`;
  const en = await asker.inject({ method: 'GET', url: '/wallet?lang=en' });
  assert.equal(en.statusCode, 200);
  assert.equal(
    detailsOf(en.body)[0],
    `${bounty}Bounty #${bountyId}</a> on ${question}question #${questionId}</a>`,
  );
  const zh = await asker.inject({ method: 'GET', url: '/wallet?lang=zh-CN' });
  assert.equal(detailsOf(zh.body)[0], `${question}问题 #${questionId}</a> 的${bounty}悬赏 #${bountyId}</a>`);
  const won = await author.inject({ method: 'GET', url: '/wallet?lang=en' });
  assert.equal(
    detailsOf(won.body)[0],
    `${bounty}Bounty #${bountyId}</a> awarded to ${answer}answer #${answerId}</a>`,
  );
  const wonZh = await author.inject({ method: 'GET', url: '/wallet?lang=zh-CN' });
  assert.equal(detailsOf(wonZh.body)[0], `${bounty}悬赏 #${bountyId}</a> 授予${answer}回答 #${answerId}</a>`);

  const csv = await asker.inject({ method: 'GET', url: '/api/v1/wallet/entries.csv?lang=en' });
  assert.equal(csv.statusCode, 200);
  assert.match(csv.body, new RegExp(`,Bounty #${bountyId} on question #${questionId}\\r\\n`));
  assert.doesNotMatch(csv.body, /<a|href/);
  const csvZh = await author.inject({ method: 'GET', url: '/api/v1/wallet/entries.csv?lang=zh-CN' });
  assert.match(csvZh.body, new RegExp(`,悬赏 #${bountyId} 授予回答 #${answerId}\\r\\n`));

  const journal = await admin.inject({ method: 'GET', url: '/admin/finance/journal?lang=en' });
  assert.equal(journal.statusCode, 200);
  assert.ok(journal.body.includes(`${bounty}Bounty #${bountyId}</a> awarded to ${answer}`), 'journal links');
  const award = await world.database.db
    .selectFrom('ledger_transactions')
    .select('id')
    .where('idempotency_key', '=', `bounty:${bountyId}:award`)
    .executeTakeFirstOrThrow();
  const one = await admin.inject({ method: 'GET', url: `/admin/finance/journal/${award.id}?lang=zh-CN` });
  assert.ok(one.body.includes(`${bounty}悬赏 #${bountyId}</a> 授予${answer}回答 #${answerId}</a>`));
});

test('a statement renderer that throws leaves the page whole: the next renderer, the catalogue rule last, says each line', async (t) => {
  const broken: Extension = {
    module: 'probe',
    contributions: [
      contribute(statementLineSlot, {
        id: 'probe.broken',
        order: 1,
        render: () => {
          throw new Error('probe renderer is broken');
        },
      }),
    ],
  };
  const world = await buildTestApp(t, {}, { extensions: [broken] });
  const asker = await member(world, { wallet: 10000 });
  const { order } = await topupAs(asker, 5000);
  const paid = await notify(
    world.app,
    'dev',
    devGateway().signNotice(devNotice({ reference: order.reference, amountMinor: 5000 })),
  );
  assert.equal(paid.statusCode, 200, paid.body);
  const questionId = await oldQuestion(world, asker);
  const offered = await postOffer(asker, questionId, { amount: yuan(1000) });
  const bountyId: number = offered.json().bounty.id;

  const page = await asker.inject({ method: 'GET', url: '/wallet?lang=en' });
  assert.equal(page.statusCode, 200);
  const lines = detailsOf(page.body);
  assert.equal(
    lines[0],
    `<a href="/bounties/${bountyId}">Bounty #${bountyId}</a> on <a href="/questions/${questionId}">question #${questionId}</a>`,
  );
  assert.ok(lines.includes(`Top-up ${order.reference} via Test cashier (no real money)`), lines.join('\n'));
  const csv = await asker.inject({ method: 'GET', url: '/api/v1/wallet/entries.csv?lang=en' });
  assert.equal(csv.statusCode, 200);
  assert.match(csv.body, new RegExp(`,Bounty #${bountyId} on question #${questionId}\\r\\n`));
});
