import type { Translate } from '../../platform/i18n/index.js';
import {
  factId,
  fillStatement,
  type StatementFacts,
  type StatementLineRenderer,
  type StatementPart,
} from '../ledger/index.js';

/**
 * How bounties say their statement lines (ledger's statement-line slot): from the ids in the
 * facts alone, as links to the bounty's page (which names the question and the awarded answer),
 * the question and the answer. No query per line; postings made before the facts carried the
 * question's id link the bounty and name the answer without a link.
 */

function bountyLines(facts: StatementFacts, text: Translate): readonly StatementPart[] | undefined {
  const bountyId = factId(facts, 'bountyId');
  if (bountyId === undefined) return undefined;
  const questionId = factId(facts, 'questionId');
  const answerId = factId(facts, 'answerId');
  const parts: Record<string, StatementPart> = {
    bounty: { text: text('bounty.statement.bounty', { id: bountyId }), href: `/bounties/${bountyId}` },
  };
  if (questionId !== undefined)
    parts.question = {
      text: text('bounty.statement.question', { id: questionId }),
      href: `/questions/${questionId}`,
    };
  if (answerId !== undefined) {
    const words = text('bounty.statement.answer', { id: answerId });
    parts.answer =
      questionId === undefined ? words : { text: words, href: `/questions/${questionId}#answer-${answerId}` };
  }
  switch (facts.what) {
    case 'bounty.offered':
      return questionId === undefined ? undefined : fillStatement(text('bounty.statement.offered'), parts);
    case 'bounty.awarded':
      return answerId === undefined ? undefined : fillStatement(text('bounty.statement.awarded'), parts);
    case 'bounty.auto_awarded':
      return answerId === undefined ? undefined : fillStatement(text('bounty.statement.auto_awarded'), parts);
    case 'bounty.refunded':
      return fillStatement(text('bounty.statement.refunded'), parts);
    default:
      return undefined;
  }
}

/** Bounties' statement lines: offered, awarded, auto-awarded, refunded (anything else: undefined). */
export const bountyStatementLines: StatementLineRenderer = {
  id: 'bounties.statement',
  order: 10,
  render: bountyLines,
};
