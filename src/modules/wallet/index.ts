import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { financeApi } from './finance.api.js';
import { financePages } from './finance.pages.js';
import { walletApi } from './wallet.api.js';
import { walletPages } from './wallet.pages.js';

export { isPending as isPayoutPending, PAYOUT_STATES, type PayoutState } from './payout.states.js';
export { sendPayout } from './payouts.jobs.js';
export type { Payout } from './payouts.repository.js';
export { approvePayout, rejectPayout, requestPayout } from './payouts.service.js';
export { MoneySchema } from './wallet.schemas.js';
export { getWallet, type Wallet } from './wallet.service.js';

/** Registers the wallet: balances and statement, payouts, and the admin finance pages. */
export async function walletModule(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await app.register(walletApi, { ctx });
  await app.register(walletPages, { ctx });
  await app.register(financeApi, { ctx });
  await app.register(financePages, { ctx });
}
