import { CsrfField } from '../../../platform/views/components.js';
import { Layout } from '../../../platform/views/layout.js';
import { Byline } from '../../../platform/views/widgets.js';
import type { DiffSegment } from '../revision-diff.js';
import type { PostHistory, RevisionView } from '../revisions.service.js';
import { questionPath, type ViewContext } from './paths.js';

/** Word diff: added words as <ins>, removed as <del>, everything escaped. */
function Diff(props: { segments: readonly DiffSegment[] }) {
  return (
    <>
      {props.segments.map((segment) =>
        segment.kind === 'added' ? (
          <ins class="diff-add" safe>
            {segment.text}
          </ins>
        ) : segment.kind === 'removed' ? (
          <del class="diff-del" safe>
            {segment.text}
          </del>
        ) : (
          <span safe>{segment.text}</span>
        ),
      )}
    </>
  );
}

/** Tags as badges, the added and removed ones marked. */
function TagDiff(props: { segments: readonly DiffSegment[] }) {
  return (
    <ul class="list-inline mb-0">
      {props.segments.map((segment) => (
        <li class="list-inline-item">
          {segment.kind === 'added' ? (
            <ins class="diff-add tag-badge" safe>
              {segment.text}
            </ins>
          ) : segment.kind === 'removed' ? (
            <del class="diff-del tag-badge" safe>
              {segment.text}
            </del>
          ) : (
            <span class="tag-badge" safe>
              {segment.text}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function Revision(props: {
  ctx: ViewContext;
  history: PostHistory;
  revision: RevisionView;
  isCurrent: boolean;
}) {
  const { ctx, history, revision } = props;
  const { post } = history;
  return (
    <article
      class="revision card mb-3"
      id={`revision-${revision.number}`}
      data-revision={String(revision.number)}
    >
      <header class="card-header d-flex flex-wrap align-items-center gap-2">
        <h2 class="h6 mb-0">{ctx.t('qa.revisions.number', { n: revision.number })}</h2>
        <span class={`badge revision-kind revision-kind-${revision.kind}`}>
          {ctx.t(`qa.revisions.kind.${revision.kind}`)}
        </span>
        {props.isCurrent ? <span class="badge text-bg-success">{ctx.t('qa.revisions.current')}</span> : ''}
        <span class="small text-body-secondary">
          <Byline ctx={ctx} person={revision.author} date={revision.createdAt} now={ctx.now} />
        </span>
        {history.canRollback && !props.isCurrent ? (
          <form
            method="post"
            action={`/${post.kind}s/${post.id}/revisions/${revision.number}/rollback`}
            class="ms-auto m-0"
            data-confirm={ctx.text('qa.revisions.rollback_confirm')}
          >
            <CsrfField token={ctx.csrfToken} />
            <button type="submit" class="btn btn-sm btn-outline-warning" data-testid="rollback">
              {ctx.t('qa.revisions.rollback')}
            </button>
          </form>
        ) : (
          ''
        )}
      </header>
      <div class="card-body">
        {revision.comment ? (
          <p class="revision-comment mb-2">
            <span class="text-body-secondary">{ctx.t('qa.revisions.comment')}</span>{' '}
            <span safe>{revision.comment}</span>
          </p>
        ) : (
          ''
        )}
        {revision.diff.title ? (
          <h3 class="h5 revision-title">
            <Diff segments={revision.diff.title} />
          </h3>
        ) : (
          ''
        )}
        <div class="revision-body diff-text">
          <Diff segments={revision.diff.body} />
        </div>
        {revision.diff.tags && revision.diff.tags.length > 0 ? (
          <div class="mt-2">
            <TagDiff segments={revision.diff.tags} />
          </div>
        ) : (
          ''
        )}
      </div>
    </article>
  );
}

/** `/questions/:id/revisions`, `/answers/:id/revisions`: newest first, each with its diff. */
export function RevisionsPage(props: { ctx: ViewContext; history: PostHistory }) {
  const { ctx, history } = props;
  const { post } = history;
  const back = `${questionPath({ id: post.questionId, slug: post.slug })}#${post.kind}-${post.id}`;
  const newestFirst = [...history.revisions].reverse();
  const latest = newestFirst[0]?.number;
  return (
    <Layout ctx={ctx} title={ctx.text('qa.revisions.title')}>
      <h1 class="h3 mb-1">
        {ctx.t(post.kind === 'question' ? 'qa.revisions.of_question' : 'qa.revisions.of_answer')}
      </h1>
      <p class="mb-4">
        <a href={back} safe>
          {post.title}
        </a>
      </p>
      {newestFirst.map((revision) => (
        <Revision ctx={ctx} history={history} revision={revision} isCurrent={revision.number === latest} />
      ))}
    </Layout>
  );
}
