import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  answerWithScore,
  bountyWorld,
  member,
  oldQuestion,
  postAward,
  postOffer,
  yuan,
} from './bounties.test-support.js';

/** The bounty ids of one of the tab's tables (`offered` or `won`), in order. */
function rowsOf(html: string, role: 'offered' | 'won'): number[] {
  const table = new RegExp(`data-testid="bounties-${role}">(.*?)</table>`, 's').exec(html)?.[1] ?? '';
  return [...table.matchAll(/data-bounty-id="(\d+)"/g)].map((m) => Number(m[1]));
}

describe("the profile's bounties tab (bounties' contribution)", () => {
  test('bounties offered and won, newest first, linking to the bounty and its question, in both languages', async (t) => {
    const world = await bountyWorld(t);
    const offerer = await member(world, { wallet: 10000 });
    const author = await member(world);
    const q1 = await oldQuestion(world, offerer);
    const q2 = await oldQuestion(world, offerer);
    const first = (await postOffer(offerer, q1, { amount: yuan(1000) })).json().bounty.id as number;
    world.clock.advance(60);
    const second = (await postOffer(offerer, q2, { amount: yuan(2500) })).json().bounty.id as number;
    const answerId = await answerWithScore(world, author, q1);
    assert.equal((await postAward(offerer, first, answerId)).statusCode, 200);

    const en = await world.app.inject({ url: `/users/${offerer.userId}?tab=bounties&lang=en` });
    assert.equal(en.statusCode, 200);
    assert.deepEqual(rowsOf(en.body, 'offered'), [second, first]);
    assert.ok(en.body.includes('Offered (2)') && en.body.includes('Won (0)'));
    assert.ok(en.body.includes(`href="/bounties/${second}"`) && en.body.includes(`href="/questions/${q2}"`));
    assert.match(en.body, /data-testid="bounties-won-empty">No bounties won yet\./);
    assert.match(en.body, /data-tab="bounties">Bounties<span[^>]*>2</);

    const zh = await world.app.inject({ url: `/users/${author.userId}?tab=bounties&lang=zh-CN` });
    assert.deepEqual(rowsOf(zh.body, 'won'), [first]);
    assert.ok(zh.body.includes('获得的悬赏（1）'));
    assert.ok(zh.body.includes('还没有发起过悬赏。'));
    // What reached the author's wallet: the amount less the 10 % commission.
    assert.match(zh.body, /¥9\.00/);
    assert.ok(zh.body.includes('已发放'));
  });
});
