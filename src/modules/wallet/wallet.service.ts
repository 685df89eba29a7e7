import type { Page, ServiceContext } from '../../platform/context.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import type { Translate } from '../../platform/i18n/index.js';
import type { Money } from '../../platform/money.js';
import { getMemberBalances, listWalletStatement, type StatementLine } from '../ledger/index.js';
import { sumPendingPayouts } from './payouts.repository.js';
import { describeStatementLine, statementLineRenderers } from './statement.present.js';
import {
  CSV_HEADER,
  csvRow,
  parseStatementFilters,
  type RawStatementFilters,
  type StatementFilters,
  statementCsvRow,
} from './statement.rules.js';

/** Use cases of the wallet: what a member has, and their statement (paged, or as CSV). */

export interface Wallet {
  /** Spendable, per currency (a currency appears once the member has had a wallet in it). */
  readonly balances: Money[];
  /** In escrow (holds), per currency with some. */
  readonly held: Money[];
  /** Requested or approved payouts, no longer in the wallet and not yet paid out. */
  readonly pendingPayouts: Money[];
}

/** The signed-in member's balances, held money and pending payouts. */
export async function getWallet(ctx: ServiceContext, actor: Actor | null): Promise<Wallet> {
  const me = requireActor(actor);
  const { balances, held } = await getMemberBalances(ctx.db, me.userId);
  return { balances, held, pendingPayouts: await sumPendingPayouts(ctx.db, me.userId) };
}

/** One page of the member's statement, newest first, filtered; 422 naming a bad filter. */
export async function listStatement(
  ctx: ServiceContext,
  actor: Actor | null,
  raw: RawStatementFilters,
  page: { page: number; pageSize: number },
): Promise<Page<StatementLine> & { filters: StatementFilters }> {
  const me = requireActor(actor);
  const filters = parseStatementFilters(raw);
  const lines = await listWalletStatement(ctx.db, { userId: me.userId, ...filters, ...page });
  return { ...lines, filters };
}

/** The most lines one CSV export writes (the newest ones); narrow the filters for older ones. */
export const CSV_MAX_LINES = 10_000;

/** The member's filtered statement as CSV text (header first, newest line first), its words in `text`'s language. */
export async function exportStatementCsv(
  ctx: ServiceContext,
  actor: Actor | null,
  raw: RawStatementFilters,
  text: Translate,
): Promise<string> {
  const me = requireActor(actor);
  const filters = parseStatementFilters(raw);
  const parts = [csvRow(CSV_HEADER)];
  const renderers = statementLineRenderers(ctx.extensions, ctx.log);
  const pageSize = 100;
  for (let page = 1; page <= CSV_MAX_LINES / pageSize; page += 1) {
    const lines = await listWalletStatement(ctx.db, { userId: me.userId, ...filters, page, pageSize });
    for (const line of lines.items)
      parts.push(statementCsvRow(line, describeStatementLine({ ...line, memo: null }, text, renderers)));
    if (page * pageSize >= lines.total) break;
  }
  return parts.join('');
}
