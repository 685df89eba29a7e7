import { isMessageKey, type Translate } from '../../platform/i18n/index.js';
import type { StatementFacts } from '../ledger/index.js';
import { isStatementKind } from './statement.rules.js';

/**
 * Statement lines in the reader's language, from what the ledger stored as data: a transaction's
 * kind and its facts (`{ what: 'bounty.awarded', bountyId: 42, answerId: 7 }` → the catalogue
 * message `statement.bounty.awarded` with those parameters). Postings without facts (made before
 * they existed and not derivable, or by a caller that gave none) show their memo.
 */

/** Turns one statement's facts into words, or undefined when it does not know them. */
export type StatementLineRenderer = (facts: StatementFacts, text: Translate) => string | undefined;

/** Parameter values that are words themselves: a gateway's name (`dev` → "Test cashier"). */
function localParams(facts: StatementFacts, text: Translate): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(facts)) {
    if (name === 'what') continue;
    const gatewayKey = `payments.gateway.${value}`;
    params[name] = name === 'gateway' && isMessageKey(gatewayKey) ? text(gatewayKey) : value;
  }
  return params;
}

/** The catalogue renderer: `statement.<what>` with the facts as named parameters. */
export const catalogueStatementLine: StatementLineRenderer = (facts, text) => {
  const key = `statement.${facts.what}`;
  return isMessageKey(key) ? text(key, localParams(facts, text)) : undefined;
};

/** What a statement line says: the first renderer that knows its facts, else its memo, else nothing. */
export function describeStatementLine(
  line: { readonly facts: StatementFacts | null; readonly memo: string | null },
  text: Translate,
  renderers: readonly StatementLineRenderer[] = [catalogueStatementLine],
): string {
  if (line.facts) {
    for (const render of renderers) {
      const words = render(line.facts, text);
      if (words !== undefined) return words;
    }
  }
  return line.memo ?? '';
}

/** A transaction kind's name ("Top-up", "充值"); an unknown kind as it is spelled. */
export function transactionKindLabel(kind: string, text: Translate): string {
  return isStatementKind(kind) ? text(`wallet.kind.${kind}`) : kind;
}

/** A ledger account kind's name ("Escrow", "托管"). */
export function accountKindLabel(kind: string, text: Translate): string {
  const key = `ledger.account.${kind}`;
  return isMessageKey(key) ? text(key) : kind;
}
