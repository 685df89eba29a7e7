import type { ExtensionLog, Extensions } from '../../platform/extensions/index.js';
import { isMessageKey, type Translate, textOr } from '../../platform/i18n/index.js';
import {
  type StatementFacts,
  type StatementPart,
  statementLineSlot,
  statementText,
} from '../ledger/index.js';
import { isStatementKind } from './statement.rules.js';

/**
 * Statement lines in the reader's language, from what the ledger stored as data: a transaction's
 * kind and its facts (`{ what: 'bounty.awarded', bountyId: 42, answerId: 7 }`). The modules that
 * posted them say them first (ledger's `statementLineSlot`: words with links to the bounty, the
 * paid question…); the catalogue rule (`statement.<what>` with the facts as parameters) says the
 * rest. Postings without facts (made before they existed and not derivable, or by a caller that
 * gave none) show their memo.
 */

/** Turns one statement's facts into words, or undefined when it does not know them. */
export type RenderStatementLine = (
  facts: StatementFacts,
  text: Translate,
) => readonly StatementPart[] | undefined;

/** Parameter values that are words themselves: a gateway's name (`dev` → "Test cashier"). */
function localParams(facts: StatementFacts, text: Translate): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(facts)) {
    if (name === 'what') continue;
    params[name] = name === 'gateway' ? textOr(text, `payments.gateway.${value}`, String(value)) : value;
  }
  return params;
}

/** The catalogue rule: `statement.<what>` with the facts as named parameters. */
export const catalogueStatementLine: RenderStatementLine = (facts, text) => {
  const key = `statement.${facts.what}`;
  return isMessageKey(key) ? [text(key, localParams(facts, text))] : undefined;
};

/**
 * The renderers a page or export passes on: the slot's contributions in their order, each guarded
 * (one that throws is logged and skipped, so the next one, finally the catalogue rule, says the
 * line), then the catalogue rule.
 */
export function statementLineRenderers(extensions: Extensions, log: ExtensionLog): RenderStatementLine[] {
  const contributed = extensions.list(statementLineSlot).map(
    (renderer): RenderStatementLine =>
      (facts, text) => {
        try {
          return renderer.render(facts, text);
        } catch (error) {
          log.error(
            { err: error, slot: statementLineSlot.name, contribution: renderer.id, stage: 'render' },
            'extension failed to render',
          );
          return undefined;
        }
      },
  );
  return [...contributed, catalogueStatementLine];
}

/** What a statement line says, in parts: the first renderer that knows its facts, else its memo, else nothing. */
export function statementLineParts(
  line: { readonly facts: StatementFacts | null; readonly memo: string | null },
  text: Translate,
  renderers: readonly RenderStatementLine[] = [catalogueStatementLine],
): readonly StatementPart[] {
  if (line.facts) {
    for (const render of renderers) {
      const parts = render(line.facts, text);
      if (parts !== undefined) return parts;
    }
  }
  return line.memo ? [line.memo] : [];
}

/** What a statement line says, as plain text (the CSV): its parts without their links. */
export function describeStatementLine(
  line: { readonly facts: StatementFacts | null; readonly memo: string | null },
  text: Translate,
  renderers: readonly RenderStatementLine[] = [catalogueStatementLine],
): string {
  return statementText(statementLineParts(line, text, renderers));
}

/** A transaction kind's name ("Top-up", "充值"); an unknown kind as it is spelled. */
export function transactionKindLabel(kind: string, text: Translate): string {
  return isStatementKind(kind) ? text(`wallet.kind.${kind}`) : kind;
}

/** A ledger account kind's name ("Escrow", "托管"). */
export function accountKindLabel(kind: string, text: Translate): string {
  return textOr(text, `ledger.account.${kind}`, kind);
}
