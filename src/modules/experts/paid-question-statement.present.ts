import type { Translate } from '../../platform/i18n/index.js';
import {
  factId,
  fillStatement,
  type StatementFacts,
  type StatementLineRenderer,
  type StatementPart,
} from '../ledger/index.js';

/**
 * How experts say their statement lines (ledger's statement-line slot): the paid question as a
 * link to its page, the expert as a link to their profile when the facts carry their id (postings
 * since it was added). From the facts alone, no query per line. Everyone on such a line may open
 * the page: the asker, the expert, an unlocker, and admins in the journal.
 */

const MESSAGES = {
  'paid_question.asked': 'experts.statement.asked',
  'paid_question.answered': 'experts.statement.answered',
  'paid_question.declined': 'experts.statement.declined',
  'paid_question.expired': 'experts.statement.expired',
  'paid_question.unlocked': 'experts.statement.unlocked',
  'paid_question.dispute_refunded': 'experts.statement.dispute_refunded',
} as const;

function isPaidQuestionLine(what: string): what is keyof typeof MESSAGES {
  return Object.hasOwn(MESSAGES, what);
}

function paidQuestionLines(facts: StatementFacts, text: Translate): readonly StatementPart[] | undefined {
  const id = factId(facts, 'paidQuestionId');
  if (id === undefined || !isPaidQuestionLine(facts.what)) return undefined;
  const parts: Record<string, StatementPart> = {
    question: { text: text('experts.statement.question', { id }), href: `/paid-questions/${id}` },
  };
  if (facts.what === 'paid_question.asked') {
    if (typeof facts.expert !== 'string') return undefined;
    const expertId = factId(facts, 'expertId');
    parts.expert =
      expertId === undefined ? facts.expert : { text: facts.expert, href: `/experts/${expertId}` };
  }
  return fillStatement(text(MESSAGES[facts.what]), parts);
}

/** Paid questions' statement lines: asked, answered, declined, expired, unlocked, refunded after a dispute. */
export const paidQuestionStatementLines: StatementLineRenderer = {
  id: 'experts.statement',
  order: 20,
  render: paidQuestionLines,
};
