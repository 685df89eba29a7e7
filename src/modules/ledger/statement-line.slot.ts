import { type Contribution, defineSlot } from '../../platform/extensions/index.js';
import type { Translate } from '../../platform/i18n/index.js';
import type { StatementFacts } from './ledger.rules.js';

/**
 * The extension point ledger owns: how a statement line is said. The wallet shows lines (its
 * statement, the CSV, the admin journal) from the facts a posting stored; the module that posted
 * them may say them better than the catalogue rule (`statement.<what>`), with links to what the
 * line concerns. Ledger never imports those modules (decision 0010).
 */

/** A link inside a statement line: its words and a local path (`/bounties/42`). */
export interface StatementLink {
  readonly text: string;
  readonly href: string;
}

/** A piece of a statement line: plain words, or words that link to what the line is about. */
export type StatementPart = string | StatementLink;

/**
 * Says a statement line from its facts alone, in `text`'s language, or returns undefined when it
 * does not know them (the next renderer is asked, the catalogue rule last). It runs once per line,
 * so it must not query: whatever it links to comes from the ids in the facts.
 */
export interface StatementLineRenderer extends Contribution {
  render(facts: StatementFacts, text: Translate): readonly StatementPart[] | undefined;
}

/** Statement-line renderers: the wallet's statement page, its CSV (as plain text) and the admin journal. */
export const statementLineSlot = defineSlot<StatementLineRenderer>('ledger.statement-line');

/**
 * A translated template (`text(key)` without parameters keeps its `{name}` placeholders) with its
 * placeholders filled by parts: `fillStatement('{bounty} on {question}', { bounty: link, … })`.
 * A placeholder without a part stays as written.
 */
export function fillStatement(
  template: string,
  parts: Readonly<Record<string, StatementPart>>,
): StatementPart[] {
  const filled: StatementPart[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    const part = Object.hasOwn(parts, match[1] as string) ? parts[match[1] as string] : undefined;
    if (part === undefined) continue;
    if (match.index > last) filled.push(template.slice(last, match.index));
    filled.push(part);
    last = match.index + match[0].length;
  }
  if (last < template.length) filled.push(template.slice(last));
  return filled;
}

/** A positive id among the facts (`bountyId`), or undefined when missing or not one. */
export function factId(facts: StatementFacts, name: string): number | undefined {
  const value = facts[name];
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** A statement line's words without its links (the CSV, a title attribute). */
export function statementText(parts: readonly StatementPart[]): string {
  return parts.map((part) => (typeof part === 'string' ? part : part.text)).join('');
}
