import type { Page, ServiceContext } from '../../platform/context.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js';
import {
  findJournalTransaction,
  getTrialBalance,
  type JournalQuery,
  type JournalTransaction,
  listJournal,
  type TrialBalance,
} from '../ledger/index.js';
import {
  type GatewayOrder,
  listGatewayOrders,
  type Reconciliation,
  reconcileOrders,
} from '../payments/index.js';

/** Admin finance use cases: read-only views of the ledger and the gateway orders. Admins only (403). */

function requireAdmin(actor: Actor | null): Actor {
  const me = requireActor(actor);
  if (me.role !== 'admin') throw new ForbiddenError();
  return me;
}

/** Debits and credits per currency; `balanced` must always be true. */
export async function trialBalance(ctx: ServiceContext, actor: Actor | null): Promise<TrialBalance> {
  requireAdmin(actor);
  return getTrialBalance(ctx.db);
}

export async function browseJournal(
  ctx: ServiceContext,
  actor: Actor | null,
  query: JournalQuery,
): Promise<Page<JournalTransaction>> {
  requireAdmin(actor);
  return listJournal(ctx.db, query);
}

/** One transaction with its entries and its reversal; 404 ledger.transaction_not_found. */
export async function journalTransaction(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
): Promise<JournalTransaction> {
  requireAdmin(actor);
  const found = await findJournalTransaction(ctx.db, id);
  if (!found) throw new NotFoundError('ledger.transaction_not_found');
  return found;
}

export async function gatewayOrders(
  ctx: ServiceContext,
  actor: Actor | null,
  query: { gateway?: string | undefined; status?: string | undefined; page: number; pageSize: number },
): Promise<Page<GatewayOrder>> {
  requireAdmin(actor);
  return listGatewayOrders(ctx.db, query);
}

export async function reconciliation(ctx: ServiceContext, actor: Actor | null): Promise<Reconciliation> {
  requireAdmin(actor);
  return reconcileOrders(ctx.db);
}
