import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { backfillStatementFacts } from '../../../migrations/0015-ledger-facts.js';
import { databaseForFile } from '../../../test/db.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import { placeHold, releaseHold } from './holds.service.js';
import { gatewayClearing, walletKey } from './ledger.chart.js';
import { listWalletStatement } from './ledger.queries.js';
import { findTransactionById } from './ledger.repository.js';
import { cny, countRows, insertMember, NOW, newKey, topUp } from './ledger.test-support.js';
import { reverseTransaction } from './reversals.service.js';
import { credit, debit, postTransfer, type TransferInput } from './transfers.service.js';

let db: Kysely<DB>;
databaseForFile((database) => {
  db = database.db;
});

function topUpInput(userId: number, facts: unknown, idempotencyKey = newKey('topup')): TransferInput {
  return {
    kind: 'topup',
    idempotencyKey,
    entries: [debit(gatewayClearing('dev', 'CNY'), cny(500)), credit(walletKey(userId, 'CNY'), cny(500))],
    facts: facts as TransferInput['facts'],
    now: NOW,
  };
}

describe('statement facts', () => {
  test('are stored with the transaction and read back by the statement, holds and reversals', async () => {
    const member = await insertMember(db);
    const payee = await insertMember(db);
    const facts = { what: 'topup', reference: 'T1', gateway: 'dev' };
    const posted = await db.transaction().execute((trx) => postTransfer(trx, topUpInput(member, facts)));
    assert.deepEqual(posted.facts, facts);
    assert.deepEqual((await findTransactionById(db, posted.id))?.facts, facts);

    const held = await db.transaction().execute(async (trx) => {
      const { hold } = await placeHold(trx, {
        payerUserId: member,
        amount: cny(200),
        product: { kind: 'bounty', ref: '7' },
        idempotencyKey: newKey('hold'),
        facts: { what: 'bounty.offered', bountyId: 7, questionId: 3 },
        now: NOW,
      });
      return releaseHold(trx, hold.id, {
        payeeUserId: payee,
        idempotencyKey: newKey('release'),
        facts: { what: 'bounty.awarded', bountyId: 7, answerId: 11 },
        now: NOW,
      });
    });
    assert.deepEqual(held.transaction.facts, { what: 'bounty.awarded', bountyId: 7, answerId: 11 });
    const second = await topUp(db, member, cny(300));
    const reversal = await db.transaction().execute((trx) =>
      reverseTransaction(trx, second.id, {
        idempotencyKey: newKey('rev'),
        facts: { what: 'topup_refund.failed', reference: 'T1_r1' },
        now: NOW,
      }),
    );
    assert.deepEqual(reversal.facts, { what: 'topup_refund.failed', reference: 'T1_r1' });

    const statement = await listWalletStatement(db, { userId: member });
    assert.deepEqual(
      statement.items.map((line) => line.facts?.what),
      ['topup_refund.failed', undefined, 'bounty.offered', 'topup'],
    );
    assert.equal(second.facts, null);
  });

  test('malformed facts are a 422 ledger.invalid_facts and nothing is posted', async () => {
    const member = await insertMember(db);
    const bad: unknown[] = [
      'topup',
      [],
      {},
      { what: 'Top Up' },
      { what: 'topup', amount: 1.5 },
      { what: 'topup', note: 'x'.repeat(101) },
      { what: 'topup', nested: { a: 1 } },
      { what: 'topup', 'bad-name': 1 },
    ];
    for (const facts of bad) {
      const before = await countRows(db, 'ledger_transactions');
      await assert.rejects(
        db.transaction().execute((trx) => postTransfer(trx, topUpInput(member, facts))),
        (error: unknown) =>
          error instanceof AppError && error.status === 422 && error.code === 'ledger.invalid_facts',
        JSON.stringify(facts),
      );
      assert.equal(await countRows(db, 'ledger_transactions'), before, JSON.stringify(facts));
    }
  });

  test('the migration derives facts for postings made before them, from keys, metadata and memos', async () => {
    const member = await insertMember(db);
    const other = await insertMember(db);
    const legacy = async (kind: TransferInput['kind'], idempotencyKey: string, memo: string, metadata = {}) =>
      (
        await db.transaction().execute((trx) =>
          postTransfer(trx, {
            kind,
            idempotencyKey,
            memo,
            metadata,
            entries: [debit(walletKey(other, 'CNY'), cny(1)), credit(walletKey(member, 'CNY'), cny(1))],
            now: NOW,
          }),
        )
      ).id;
    await topUp(db, other, cny(100));
    const ids = {
      topup: await legacy('topup', 'topup:TQX1', 'Top-up TQX1 via dev', {
        reference: 'TQX1',
        gateway: 'dev',
      }),
      award: await legacy('release', 'bounty:41:award', 'bounty 41 awarded to answer 907'),
      offer: await legacy('hold', 'bounty:41:hold', 'bounty 41 on question 12'),
      unlock: await legacy('unlock', 'paid_question:5:unlock:9', 'unlock of paid question 5'),
      asked: await legacy('hold', 'paid_question:5:hold', 'paid question 5 to ada'),
      paid: await legacy('payout_paid', 'payout:3:paid', 'payout #3 paid'),
      unknown: await legacy('adjustment', 'manual:1', 'by hand'),
    };
    await backfillStatementFacts(db as Kysely<unknown>);
    const factsOf = async (id: number) => (await findTransactionById(db, id))?.facts;
    assert.deepEqual(await factsOf(ids.topup), { what: 'topup', reference: 'TQX1', gateway: 'dev' });
    assert.deepEqual(await factsOf(ids.award), { what: 'bounty.awarded', bountyId: 41, answerId: 907 });
    assert.deepEqual(await factsOf(ids.offer), { what: 'bounty.offered', bountyId: 41, questionId: 12 });
    assert.deepEqual(await factsOf(ids.unlock), { what: 'paid_question.unlocked', paidQuestionId: 5 });
    assert.deepEqual(await factsOf(ids.asked), {
      what: 'paid_question.asked',
      paidQuestionId: 5,
      expert: 'ada',
    });
    assert.deepEqual(await factsOf(ids.paid), { what: 'payout.paid', payoutId: 3 });
    assert.equal(await factsOf(ids.unknown), null);
    // The journal is append-only again afterwards.
    await assert.rejects(
      db.updateTable('ledger_transactions').set({ memo: 'changed' }).where('id', '=', ids.topup).execute(),
    );
  });
});
