// The bounty pages as a browser sees them: the featured list and its sorts, the banner with its
// countdown on the question page, the offer and award forms (303 after a post, a page with the
// problem after a refusal), the badge in question lists, in both languages.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { askViaApi, getPage, HTMX, postForm, topupLinkOf } from '../../../test/community.js';
import { translate } from '../../platform/i18n/index.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import {
  answerWithScore,
  bountyWorld,
  DAY,
  footprint,
  HOUR,
  member,
  oldQuestion,
  postOffer,
  wallets,
} from './bounties.test-support.js';

const CNY = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });

/** The ids of the bounties on a featured page, in page order. */
function featuredIds(html: string): number[] {
  return [...html.matchAll(/data-bounty-id="(\d+)"/g)].map((m) => Number(m[1]));
}

describe('/bounties, the featured list', () => {
  test('largest first by default, ending first on request, with countdowns; empty state; both languages', async (t) => {
    const world = await bountyWorld(t);
    assert.match(await getPage(world.app, '/bounties'), /data-testid="featured-empty"/);

    const offerer = await member(world, { wallet: 100_000 });
    const other = await member(world, { wallet: 100_000 });
    const [q1, q2] = [(await askViaApi(offerer)).id, (await askViaApi(other)).id];
    world.clock.advance(3 * DAY);
    const small = (await postOffer(offerer, q1, { amount: CNY(1_000) })).json().bounty.id;
    world.clock.advance(2 * DAY);
    const large = (await postOffer(other, q2, { amount: CNY(9_900) })).json().bounty.id;

    const byAmount = await getPage(world.app, '/bounties');
    assert.deepEqual(featuredIds(byAmount), [large, small]);
    assert.match(byAmount, /\+CN¥99\.00/);
    assert.match(byAmount, /data-testid="bounty-countdown"[^>]*>5d 0h left</);
    assert.match(byAmount, /data-testid="nav-bounties"/);
    const ending = await getPage(world.app, '/bounties?sort=ending');
    assert.deepEqual(featuredIds(ending), [small, large]);
    assert.match(ending, /class="nav-link active"[^>]*data-sort="ending"/);
    const zh = await getPage(world.app, '/bounties?lang=zh-CN');
    assert.match(zh, /精选：有悬赏的问题/);
    assert.match(zh, /剩余 7天0小时/);
  });
});

describe('the question page', () => {
  test('a bounty banner with amount, state and countdown; award buttons only for the offerer, not on their own answer', async (t) => {
    const world = await bountyWorld(t);
    const offerer = await member(world, { wallet: 10_000 });
    const alice = await member(world, { reputation: 1 });
    const questionId = await oldQuestion(world, offerer);
    const offered = await postOffer(offerer, questionId, { amount: CNY(5_000) });
    const bountyId = offered.json().bounty.id;
    const aliceAnswer = await answerWithScore(world, alice, questionId);
    const ownAnswer = await answerWithScore(world, offerer, questionId);
    const url = `/questions/${questionId}`;
    const pageOf = async (who: typeof alice | null) => {
      const response = await world.app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
      const location = response.headers.location;
      return getPage(world.app, typeof location === 'string' ? location : url, who);
    };

    const visitor = await pageOf(null);
    assert.match(visitor, /data-testid="bounty-banner"/);
    assert.match(visitor, /This question has a bounty of CN¥50\.00/);
    assert.match(visitor, /data-testid="bounty-countdown"[^>]*>7d 0h left</);
    assert.match(visitor, new RegExp(`hx-get="/bounties/${bountyId}/countdown"`));
    assert.doesNotMatch(visitor, /bounty-award-form|bounty-offer-form/);

    const asOfferer = await pageOf(offerer);
    const awardForms = [...asOfferer.matchAll(/name="answerId" value="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(awardForms, [aliceAnswer]);
    assert.ok(!awardForms.includes(ownAnswer));
    assert.doesNotMatch(await pageOf(alice), /bounty-award-form/);

    // Accepting an answer with htmx swaps the answers in again: the award buttons stay.
    const accepted = await postForm(world.app, `/answers/${aliceAnswer}/accept`, offerer, {}, HTMX);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.match(accepted.body, new RegExp(`name="answerId" value="${aliceAnswer}"`));

    // In grace: the state and the countdown say so.
    world.clock.advance(7 * DAY + HOUR);
    const inGrace = await pageOf(offerer);
    assert.match(inGrace, /In grace period/);
    assert.match(inGrace, /in grace, 23h 0m left/);
    const fragment = await getPage(world.app, `/bounties/${bountyId}/countdown`);
    assert.match(
      fragment,
      new RegExp(`^<span[^>]*hx-get="/bounties/${bountyId}/countdown"[^>]*><time[^>]*data-phase="grace"`),
    );

    // Awarded through the form: 303 to the answer, the banner tells who received what.
    const awarded = await postForm(world.app, `/bounties/${bountyId}/award`, offerer, {
      answerId: String(aliceAnswer),
      idempotencyKey: randomUUID(),
    });
    assert.equal(awarded.statusCode, 303, awarded.body);
    assert.equal(awarded.headers.location, `/questions/${questionId}#answer-${aliceAnswer}`);
    const after = await pageOf(offerer);
    assert.match(after, /data-testid="bounty-settled" data-state="awarded"/);
    assert.match(after, /its author received CN¥45\.00/);
    assert.doesNotMatch(after, /bounty-award-form/);
    const stopped = await getPage(world.app, `/bounties/${bountyId}/countdown`);
    assert.doesNotMatch(stopped, /hx-get/, 'a settled bounty stops polling');
    assert.deepEqual(await wallets(world.database.db, [offerer.userId, alice.userId]), [5_000, 4_500]);
    const details = await getPage(world.app, `/bounties/${bountyId}`);
    assert.match(details, /data-testid="bounty-recipient"><span class="money text-nowrap">CN¥45\.00/);
    assert.match(details, /data-testid="bounty-fee"><span class="money text-nowrap">CN¥5\.00/);
    await assertBooksBalance(world.database.db);
  });

  test('an award refused without JS comes back on the bounty page with the reason, moving nothing', async (t) => {
    const world = await bountyWorld(t);
    const offerer = await member(world, { wallet: 10_000 });
    const alice = await member(world, { reputation: 1 });
    const questionId = await oldQuestion(world, offerer);
    const bountyId = (await postOffer(offerer, questionId, { amount: CNY(5_000) })).json().bounty.id;
    const answerId = await answerWithScore(world, alice, questionId);
    const response = await postForm(world.app, `/bounties/${bountyId}/award`, alice, {
      answerId: String(answerId),
      idempotencyKey: randomUUID(),
    });
    assert.equal(response.statusCode, 403);
    // The refusal's own message, whatever its English words are this year.
    assert.ok(response.body.includes(translate('en', 'bounty.not_offerer')), 'the not-offerer refusal');
    assert.deepEqual(await wallets(world.database.db, [offerer.userId, alice.userId]), [5_000, 0]);
  });

  test('the offer form: shown to members who may, posts with a fresh key, refusals come back beside the amount', async (t) => {
    const world = await bountyWorld(t);
    const asker = await member(world);
    const rich = await member(world, { wallet: 10_000 });
    const novice = await member(world, { reputation: 3, wallet: 10_000 });
    const broke = await member(world);
    const questionId = await oldQuestion(world, asker);
    const page = async (who: typeof rich, query = '') => {
      const first = await world.app.inject({
        url: `/questions/${questionId}`,
        headers: { cookie: who.cookie },
      });
      return getPage(world.app, `${String(first.headers.location)}${query}`, who);
    };
    const richPage = await page(rich);
    assert.match(richPage, /data-testid="bounty-offer-form"/);
    assert.match(richPage, /<option value="CNY" selected>CNY<\/option>/);
    assert.match(richPage, /name="idempotencyKey" value="[0-9a-f-]{36}"/);
    const novicePage = await page(novice);
    assert.doesNotMatch(novicePage, /bounty-offer-form/);
    assert.match(
      novicePage,
      /data-testid="privilege-needed-offer_bounty">Offering a bounty needs 75 reputation; you have 3\.</,
    );
    assert.match(await page(novice, '?lang=zh-CN'), />发起悬赏需要 75 声望，你现在有 3。</);
    assert.match(await page(broke), /data-testid="bounty-no-money"/);

    const before = await footprint(world.database.db);
    const tooSmall = await postForm(world.app, `/questions/${questionId}/bounties`, rich, {
      amount: '1',
      currency: 'CNY',
      idempotencyKey: randomUUID(),
    });
    assert.equal(tooSmall.statusCode, 422);
    assert.match(tooSmall.body, /data-field-error="amount">The smallest bounty is 5\.00 CNY\./);
    assert.match(tooSmall.body, /name="amount"[^>]*value="1"/);
    const garbled = await postForm(world.app, `/questions/${questionId}/bounties`, rich, {
      amount: 'lots',
      currency: 'CNY',
      idempotencyKey: randomUUID(),
    });
    assert.equal(garbled.statusCode, 422);
    assert.match(garbled.body, /data-field-error="amount"/);
    assert.match(garbled.body, /name="amount"[^>]*aria-describedby="[^"]*-error"[^>]*aria-invalid="true"/);
    const tooPoor = await postForm(world.app, `/questions/${questionId}/bounties`, rich, {
      amount: '200',
      currency: 'CNY',
      idempotencyKey: randomUUID(),
    });
    // Not enough money: back to the offer page (a GET, not the POST URL), filled in, with the
    // balance, the shortfall and a top-up of exactly that which returns to the same offer.
    assert.equal(tooPoor.statusCode, 303);
    const offerAgain = `/questions/${questionId}/bounties/new?amount=200&currency=CNY`;
    assert.equal(tooPoor.headers.location, offerAgain);
    assert.deepEqual(await footprint(world.database.db), before);
    const short = await getPage(world.app, offerAgain, rich);
    assert.match(short, /data-testid="shortfall" data-shortfall-minor="10000"/);
    assert.match(short, /name="amount"[^>]*value="200"/);
    assert.deepEqual(topupLinkOf(short), { amount: '100.00', currency: 'CNY', next: offerAgain });

    const key = randomUUID();
    const fields = { amount: '50', currency: 'CNY', idempotencyKey: key };
    const offered = await postForm(world.app, `/questions/${questionId}/bounties`, rich, fields);
    assert.equal(offered.statusCode, 303, offered.body);
    assert.equal(offered.headers.location, `/questions/${questionId}#bounty`);
    const again = await postForm(world.app, `/questions/${questionId}/bounties`, rich, fields);
    assert.equal(again.statusCode, 303, 'a double submit gets the same answer');
    assert.deepEqual(await wallets(world.database.db, [rich.userId]), [5_000]);
    assert.equal((await footprint(world.database.db)).bounties, before.bounties + 1);
    const zh = await getPage(world.app, `/questions/${questionId}/bounties/new?lang=zh-CN`, rich);
    assert.match(zh, /发起悬赏/);
    await assertBooksBalance(world.database.db);
  });
});

describe('question lists', () => {
  test('a question with an open bounty carries a badge with the amount', async (t) => {
    const world = await bountyWorld(t);
    const offerer = await member(world, { wallet: 10_000 });
    const plain = (await askViaApi(offerer)).id;
    const questionId = await oldQuestion(world, offerer);
    const bountyId = (await postOffer(offerer, questionId, { amount: CNY(2_500) })).json().bounty.id;
    // The home list and a tag's list (both questions carry askViaApi's tag, `testing`).
    for (const path of ['/questions', '/tags/testing']) {
      const list = await getPage(world.app, path);
      const item = (id: number) => {
        const start = list.indexOf(`data-question-id="${id}"`);
        assert.ok(start >= 0, `question ${id} listed on ${path}`);
        return list.slice(start, list.indexOf('</li>', start));
      };
      assert.match(item(questionId), new RegExp(`href="/bounties/${bountyId}"[^>]*>\\+CN¥25\\.00<`));
      assert.doesNotMatch(item(plain), /bounty-badge/);
    }
  });
});
