import { type Session, testConfig } from '../../../test/helpers.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/index.js';
import type { Money } from '../../platform/money.js';
import { topUp as ledgerTopUp } from '../ledger/ledger.test-support.js';
import {
  type PaymentGateway,
  type ProviderResult,
  paymentGatewayFor,
  type TransferRequest,
} from '../payments/index.js';

/** Factories for the wallet's tests: money in wallets, a recording dev gateway, ledger checks. */

export { cny, newKey, usd } from '../ledger/ledger.test-support.js';

/** Credits a member's wallet as a paid dev top-up would (ledger's `topUp`), now unless told; its transaction id. */
export async function topUp(
  database: Database,
  userId: number,
  amount: Money,
  options: { memo?: string; now?: Date } = {},
): Promise<number> {
  return (await ledgerTopUp(database.db, userId, amount, { now: new Date(), ...options })).id;
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

/** The dev gateway as configured, recording each transfer it is asked for (see `recordingDevGateway`). */
export interface RecordingGateway extends PaymentGateway {
  readonly transfers: TransferRequest[];
  /** Answers instead of the real transfer while set: an Error is thrown (a network failure), a result returned. */
  interrupt: Error | ProviderResult | undefined;
  /** Makes the real transfer, then throws: the process died after the gateway paid, before we settled. */
  crashAfterTransfer: boolean;
}

/**
 * The real dev gateway of the test configuration (its `transfer` pays, or refuses a destination
 * starting with `fail`), wrapped to record calls; the app takes it through `buildApp({ gateways })`.
 */
export function recordingDevGateway(): RecordingGateway {
  const real = paymentGatewayFor({ config: testConfig() } as ServiceContext, 'dev');
  if (!real) throw new Error('the test configuration offers no dev gateway');
  const recorder: RecordingGateway = Object.assign(Object.create(real) as PaymentGateway, {
    transfers: [] as TransferRequest[],
    interrupt: undefined as Error | ProviderResult | undefined,
    crashAfterTransfer: false,
    async transfer(request: TransferRequest): Promise<ProviderResult> {
      recorder.transfers.push(request);
      if (recorder.interrupt instanceof Error) throw recorder.interrupt;
      if (recorder.interrupt) return recorder.interrupt;
      const result = await real.transfer(request);
      if (recorder.crashAfterTransfer) throw new Error('the process died after the transfer');
      return result;
    },
  });
  return recorder;
}

/** The wallet's JSON as the API returns it. */
export async function walletOf(
  member: Session,
): Promise<{ balances: Money[]; held: Money[]; pendingPayouts: Money[] }> {
  const response = await member.inject({ method: 'GET', url: '/api/v1/wallet' });
  if (response.statusCode !== 200) throw new Error(`wallet ${response.statusCode}: ${response.body}`);
  return response.json();
}
