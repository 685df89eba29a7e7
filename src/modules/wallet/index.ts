import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { contribute, type Extension } from '../../platform/extensions/index.js';
import { navSlot } from '../../platform/views/nav.js';
import { financeApi } from './finance.api.js';
import { financePages } from './finance.pages.js';
import { walletApi } from './wallet.api.js';
import { walletPages } from './wallet.pages.js';

export { isPending as isPayoutPending, PAYOUT_STATES, type PayoutState } from './payout.states.js';
export type { Payout } from './payouts.repository.js';
export { approvePayout, rejectPayout, requestPayout } from './payouts.service.js';
export { MoneySchema } from './wallet.schemas.js';
export { getWallet, type Wallet } from './wallet.service.js';

/** What the wallet adds to shared places: admin finance and the payouts to review, in the staff bar. */
export const walletExtension: Extension = {
  module: 'wallet',
  contributions: [
    contribute(navSlot, {
      id: 'wallet.finance',
      order: 10,
      area: 'staff',
      name: 'admin-finance',
      href: '/admin/finance',
      label: 'nav.admin_finance',
      roles: ['admin'],
    }),
    contribute(navSlot, {
      id: 'wallet.payouts',
      order: 11,
      area: 'staff',
      name: 'admin-payouts',
      href: '/admin/finance/payouts?status=requested',
      label: 'nav.admin_payouts',
      roles: ['admin'],
    }),
  ],
};

/** Registers the wallet: balances and statement, payouts, and the admin finance pages. */
export async function walletModule(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await app.register(walletApi, { ctx });
  await app.register(walletPages, { ctx });
  await app.register(financeApi, { ctx });
  await app.register(financePages, { ctx });
}
