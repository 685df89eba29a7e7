import { formatNumber } from '../../../platform/views/widgets.js';
import type { LinkedQuestion } from '../links.repository.js';
import { questionPath, type ViewContext } from './paths.js';

/** "Marked as a duplicate of: …" above a question that duplicates others; nothing otherwise. */
export function DuplicateBanner(props: { ctx: ViewContext; links: readonly LinkedQuestion[] }) {
  const originals = props.links.filter((link) => link.relation === 'original');
  if (originals.length === 0) return '';
  return (
    <div class="alert alert-info duplicate-banner" data-testid="duplicate-banner">
      <strong>{props.ctx.t('qa.links.duplicate_of')}</strong>
      <ul class="mb-0 mt-1">
        {originals.map((original) => (
          <li>
            <a href={questionPath(original)} safe>
              {original.title}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The "Linked" box: questions that link here, that this one links to, and its duplicates. */
export function LinkedBox(props: { ctx: ViewContext; links: readonly LinkedQuestion[] }) {
  const { ctx } = props;
  const listed = props.links.filter((link) => link.relation !== 'original');
  if (listed.length === 0) return '';
  return (
    <aside class="card mt-4" aria-labelledby="linked-questions-title" data-testid="linked-box">
      <div class="card-body">
        <h2 class="h6 card-title" id="linked-questions-title">
          {ctx.t('qa.links.linked')}
        </h2>
        <ul class="list-unstyled mb-0 linked-list">
          {listed.map((link) => (
            <li class="d-flex gap-2 align-items-baseline mb-1" data-linked-id={String(link.id)}>
              <span
                class={`badge ${link.accepted ? 'text-bg-success' : 'text-bg-light border'}`}
                title={ctx.text('qa.links.answers_n', {
                  n: formatNumber(link.answerCount, ctx.locale),
                  score: formatNumber(link.score, ctx.locale),
                })}
                safe
              >
                {formatNumber(link.score, ctx.locale)}
              </span>
              <a href={questionPath(link)} safe>
                {link.title}
              </a>
              {link.relation === 'duplicate_of_this' ? (
                <span class="badge text-bg-secondary">{ctx.t('qa.links.duplicate')}</span>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}
