import { randomBytes } from 'node:crypto';
import type { Session } from '../../../test/helpers.js';
import type { Database } from '../../platform/db/index.js';
import { type Money, money } from '../../platform/money.js';
import {
  checkLedgerIntegrity,
  credit,
  debit,
  gatewayClearing,
  getTrialBalance,
  postTransfer,
  walletKey,
} from '../ledger/index.js';
import type { PaymentGateway, ProviderResult, TransferRequest } from '../payments/index.js';

/** Factories for the wallet's tests: money in wallets, a fake gateway, ledger checks. */

export const cny = (amountMinor: number): Money => money(amountMinor, 'CNY');
export const usd = (amountMinor: number): Money => money(amountMinor, 'USD');

/** A fresh Idempotency-Key. */
export function newKey(): string {
  return `k-${randomBytes(8).toString('hex')}`;
}

/** Credits a member's wallet as a paid dev top-up would (gateway clearing ↑, wallet ↑). */
export async function topUp(
  database: Database,
  userId: number,
  amount: Money,
  options: { memo?: string; now?: Date } = {},
): Promise<number> {
  const posted = await database.db.transaction().execute((trx) =>
    postTransfer(trx, {
      kind: 'topup',
      idempotencyKey: `test-topup:${randomBytes(8).toString('hex')}`,
      entries: [
        debit(gatewayClearing('dev', amount.currency), amount),
        credit(walletKey(userId, amount.currency), amount),
      ],
      memo: options.memo,
      now: options.now ?? new Date(),
    }),
  );
  return posted.id;
}

/** The ledger is healthy: trial balance balanced and every balance equal to its entries. */
export async function assertLedgerHealthy(database: Database): Promise<void> {
  const trial = await getTrialBalance(database.db);
  if (!trial.balanced) throw new Error(`trial balance off: ${JSON.stringify(trial)}`);
  const problems = await checkLedgerIntegrity(database.db);
  if (problems.length > 0) throw new Error(`ledger integrity: ${JSON.stringify(problems)}`);
}

/** Balance (normal side, minor units) of a platform account: payouts payable or a gateway's clearing. */
export async function platformBalance(
  database: Database,
  kind: 'payouts_payable' | 'gateway_clearing',
  currency: string,
  ref = '',
): Promise<number> {
  const row = await database.db
    .selectFrom('ledger_accounts')
    .select('balance_minor')
    .where('kind', '=', kind)
    .where('ref', '=', ref)
    .where('currency', '=', currency)
    .executeTakeFirst();
  return row?.balance_minor ?? 0;
}

/** A gateway double for payouts: its transfer answers what the test says, and records each call. */
export class FakeGateway implements PaymentGateway {
  readonly name = 'dev' as const;
  readonly currencies = ['CNY', 'USD'] as const;
  readonly transfers: TransferRequest[] = [];
  outcome: ProviderResult | Error = { status: 'succeeded', externalId: 'fake-1' };

  async transfer(request: TransferRequest): Promise<ProviderResult> {
    this.transfers.push(request);
    if (this.outcome instanceof Error) throw this.outcome;
    return this.outcome;
  }
  async createCheckout(): ReturnType<PaymentGateway['createCheckout']> {
    throw new Error('not used');
  }
  async verifyNotification(): ReturnType<PaymentGateway['verifyNotification']> {
    throw new Error('not used');
  }
  acknowledgement() {
    return { contentType: 'text/plain', body: 'ok' };
  }
  async queryPayment(): ReturnType<PaymentGateway['queryPayment']> {
    return { status: 'unknown', externalId: null, amount: null };
  }
  async refund(): Promise<ProviderResult> {
    return { status: 'failed', externalId: null, failure: 'not used' };
  }
}

/** The wallet's JSON as the API returns it. */
export async function walletOf(
  member: Session,
): Promise<{ balances: Money[]; held: Money[]; pendingPayouts: Money[] }> {
  const response = await member.inject({ method: 'GET', url: '/api/v1/wallet' });
  if (response.statusCode !== 200) throw new Error(`wallet ${response.statusCode}: ${response.body}`);
  return response.json();
}
