import { escapeHtml } from '@kitajs/html';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { StatementFacts, StatementPart } from '../../ledger/index.js';
import { type RenderStatementLine, statementLineParts } from '../statement.present.js';

/** A renderer's link, only to a path of this site (`/bounties/42`, never `//host` or `javascript:`). */
function isLocalPath(href: string): boolean {
  return href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/\\');
}

/** One statement line's words, its links as links (what the line concerns: a bounty, a paid question). */
export function StatementLineText(props: {
  ctx: PageContext;
  line: { readonly facts: StatementFacts | null; readonly memo: string | null };
  renderers: readonly RenderStatementLine[];
  /** Shown when the line says nothing (no facts, no memo). */
  empty?: string;
}) {
  const parts: readonly StatementPart[] = statementLineParts(props.line, props.ctx.text, props.renderers);
  if (parts.length === 0 && props.empty) return escapeHtml(props.empty) as JSX.Element;
  return (
    <>
      {parts.map((part) =>
        typeof part === 'string' ? (
          (escapeHtml(part) as JSX.Element)
        ) : isLocalPath(part.href) ? (
          <a href={part.href} safe>
            {part.text}
          </a>
        ) : (
          (escapeHtml(part.text) as JSX.Element)
        ),
      )}
    </>
  );
}
