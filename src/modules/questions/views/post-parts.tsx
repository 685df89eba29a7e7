import { CsrfField } from '../../../platform/views/components.js';
import { loginHref } from '../../../platform/views/href.js';
import { type PrivilegeLack, privilegeNeededText } from '../../reputation/index.js';
import type { AuthorRef } from '../questions.repository.js';
import { importOrigin } from '../questions.rules.js';
import type { ViewContext } from './paths.js';

// The pieces every post (question or answer) is made of on the question page.

export type PostKind = 'question' | 'answer';

function Arrow(props: { direction: 'up' | 'down' }) {
  return (
    <svg class="vote-arrow" aria-hidden="true" width="28" height="28" viewBox="0 0 36 36" fill="currentColor">
      <path d={props.direction === 'up' ? 'M2 25h32L18 9 2 25z' : 'M2 11h32L18 27 2 11z'} />
    </svg>
  );
}

/** An arrow the member may not use yet, saying what it needs ("Upvoting needs 15 reputation…"). */
function LockedArrow(props: { direction: 'up' | 'down'; hint: string }) {
  return (
    <span
      class={`vote-btn disabled vote-${props.direction}-locked`}
      title={props.hint}
      role="img"
      aria-label={props.hint}
      data-testid={`vote-${props.direction}-needs`}
    >
      <Arrow direction={props.direction} />
    </span>
  );
}

export interface VoteWidgetProps {
  ctx: ViewContext;
  kind: PostKind;
  id: number;
  score: number;
  myVote: -1 | 0 | 1;
  canVote: boolean;
  /** What the viewer lacks to vote up or down (a vote already cast can always be taken back). */
  needs?: { upvote: PrivilegeLack | null; downvote: PrivilegeLack | null } | undefined;
  /** Where a visitor returns after logging in to vote. */
  pageUrl: string;
}

/**
 * Up, score, down. A plain form (works without JS); htmx swaps the widget in place. Clicking the
 * pressed arrow again retracts the vote (value 0).
 */
export function VoteWidget(props: VoteWidgetProps) {
  const { ctx, kind, id, myVote } = props;
  const { t, text } = ctx;
  const widgetId = `vote-${kind}-${id}`;
  const score = (
    <span class="vote-score" data-testid="score">
      <span class="visually-hidden">{t('qa.vote.score')} </span>
      {props.score}
    </span>
  );
  const upLack = myVote === 1 ? null : (props.needs?.upvote ?? null);
  const downLack = myVote === -1 ? null : (props.needs?.downvote ?? null);
  if (!props.canVote && ctx.user && (upLack || downLack)) {
    // A member who may not vote yet: each arrow says what it needs.
    return (
      <div class="vote-widget" id={widgetId}>
        {upLack ? (
          <LockedArrow direction="up" hint={privilegeNeededText(ctx, upLack)} />
        ) : (
          <span class="vote-btn disabled" title={text('qa.vote.not_allowed')} aria-hidden="true">
            <Arrow direction="up" />
          </span>
        )}
        {score}
        {downLack ? (
          <LockedArrow direction="down" hint={privilegeNeededText(ctx, downLack)} />
        ) : (
          <span class="vote-btn disabled" title={text('qa.vote.not_allowed')} aria-hidden="true">
            <Arrow direction="down" />
          </span>
        )}
      </div>
    );
  }
  if (!props.canVote) {
    // Visitors get links to log in; members see why they cannot vote (own or deleted post).
    const reason = ctx.user ? text('qa.vote.not_allowed') : text('qa.vote.login');
    return (
      <div class="vote-widget" id={widgetId}>
        {ctx.user ? (
          <span class="vote-btn disabled" title={reason} aria-hidden="true">
            <Arrow direction="up" />
          </span>
        ) : (
          <a
            class="vote-btn"
            href={loginHref(props.pageUrl)}
            title={reason}
            aria-label={text('qa.vote.login_up')}
          >
            <Arrow direction="up" />
          </a>
        )}
        {score}
        {ctx.user ? (
          <span class="vote-btn disabled" title={reason} aria-hidden="true">
            <Arrow direction="down" />
          </span>
        ) : (
          <a
            class="vote-btn"
            href={loginHref(props.pageUrl)}
            title={reason}
            aria-label={text('qa.vote.login_down')}
          >
            <Arrow direction="down" />
          </a>
        )}
      </div>
    );
  }
  const action = `/${kind}s/${id}/vote`;
  return (
    <form
      class="vote-widget"
      id={widgetId}
      method="post"
      action={action}
      hx-post={action}
      hx-target={`#${widgetId}`}
      hx-swap="outerHTML"
      data-testid={`vote-${kind}`}
    >
      <CsrfField token={ctx.csrfToken} />
      {upLack ? (
        <LockedArrow direction="up" hint={privilegeNeededText(ctx, upLack)} />
      ) : (
        <button
          type="submit"
          id={`${widgetId}-up`}
          class={`vote-btn vote-up${myVote === 1 ? ' voted' : ''}`}
          name="value"
          value={myVote === 1 ? '0' : '1'}
          aria-pressed={myVote === 1 ? 'true' : 'false'}
          aria-label={text('qa.vote.up')}
          title={text(myVote === 1 ? 'qa.vote.retract' : 'qa.vote.up_help')}
        >
          <Arrow direction="up" />
        </button>
      )}
      {score}
      {downLack ? (
        <LockedArrow direction="down" hint={privilegeNeededText(ctx, downLack)} />
      ) : (
        <button
          type="submit"
          id={`${widgetId}-down`}
          class={`vote-btn vote-down${myVote === -1 ? ' voted' : ''}`}
          name="value"
          value={myVote === -1 ? '0' : '-1'}
          aria-pressed={myVote === -1 ? 'true' : 'false'}
          aria-label={text('qa.vote.down')}
          title={text(myVote === -1 ? 'qa.vote.retract' : 'qa.vote.down_help')}
        >
          <Arrow direction="down" />
        </button>
      )}
    </form>
  );
}

/** The accepted tick, and for the asker a button to accept or un-accept. */
export function AcceptControl(props: {
  ctx: ViewContext;
  answerId: number;
  isAccepted: boolean;
  canAccept: boolean;
}) {
  const { ctx, answerId, isAccepted } = props;
  if (!props.canAccept) {
    return isAccepted ? (
      <span class="accepted-mark" title={ctx.text('qa.answer.accepted')} data-testid="accepted-mark">
        <span aria-hidden="true">✓</span>
        <span class="visually-hidden">{ctx.t('qa.answer.accepted')}</span>
      </span>
    ) : (
      ''
    );
  }
  const action = `/answers/${answerId}/accept`;
  return (
    <form method="post" action={action} hx-post={action} hx-target="#answers" hx-swap="outerHTML" class="m-0">
      <CsrfField token={ctx.csrfToken} />
      <button
        type="submit"
        id={`accept-${answerId}`}
        class={`accept-btn${isAccepted ? ' accepted' : ''}`}
        aria-pressed={isAccepted ? 'true' : 'false'}
        title={ctx.text(isAccepted ? 'qa.answer.unaccept' : 'qa.answer.accept')}
        data-testid="accept-button"
      >
        <span aria-hidden="true">✓</span>
        <span class="visually-hidden">{ctx.t(isAccepted ? 'qa.answer.unaccept' : 'qa.answer.accept')}</span>
      </button>
    </form>
  );
}

/** Edit, history and delete links under a post, as far as the caller may use them. */
export function PostMenu(props: {
  ctx: ViewContext;
  kind: PostKind;
  id: number;
  canEdit: boolean;
  canDelete: boolean;
}) {
  const { ctx, kind, id } = props;
  const base = `/${kind}s/${id}`;
  return (
    <div class="post-menu d-flex flex-wrap gap-3 small" data-testid={`menu-${kind}-${id}`}>
      {props.canEdit ? (
        <a href={`${base}/edit`} data-testid="edit-link">
          {ctx.t('qa.post.edit')}
        </a>
      ) : (
        ''
      )}
      <a href={`${base}/revisions`}>{ctx.t('qa.post.revisions')}</a>
      {props.canDelete ? (
        <form
          method="post"
          action={`${base}/delete`}
          class="d-inline m-0"
          data-confirm={ctx.text('qa.post.delete_confirm')}
        >
          <CsrfField token={ctx.csrfToken} />
          <button
            type="submit"
            class="btn btn-link btn-sm p-0 link-danger align-baseline"
            data-testid="delete-button"
          >
            {ctx.t('qa.post.delete')}
          </button>
        </form>
      ) : (
        ''
      )}
    </div>
  );
}

/**
 * "Imported from <site> by <author>": the original post and, where the import knows it, the
 * author's original profile (the credit CC BY-SA asks for). Nothing for posts written here.
 * `named: false` leaves the author out where a byline beside it already names them (lists); the
 * post's own page always credits them.
 */
export function ImportedFrom(props: {
  ctx: ViewContext;
  sourceUrl: string | null;
  author: AuthorRef | null;
  named?: boolean;
}) {
  const { ctx, author } = props;
  const origin = importOrigin(props.sourceUrl, author);
  if (!origin) return '';
  return (
    <span class="imported-from" data-testid="imported-from">
      {ctx.t('qa.attribution.source')}{' '}
      <a href={origin.url} rel="nofollow ugc noopener noreferrer" class="attribution-source" safe>
        {origin.site}
      </a>
      {author && props.named !== false ? (
        <>
          {ctx.t('qa.attribution.by')}
          {origin.authorUrl ? (
            <a href={origin.authorUrl} rel="nofollow ugc noopener noreferrer" class="attribution-author" safe>
              {author.displayName}
            </a>
          ) : (
            <span class="attribution-author" safe>
              {author.displayName}
            </span>
          )}
        </>
      ) : (
        ''
      )}
    </span>
  );
}

/** Where imported content came from, by whom, and under which licence (CC BY-SA requires this). */
export function Attribution(props: {
  ctx: ViewContext;
  license: string | null;
  sourceUrl: string | null;
  author: AuthorRef | null;
}) {
  const { ctx, license, sourceUrl } = props;
  if (!license && !sourceUrl) return '';
  const linkable = importOrigin(sourceUrl, props.author) !== undefined;
  return (
    <p class="attribution small text-body-secondary mb-2" data-testid="attribution">
      <ImportedFrom ctx={ctx} sourceUrl={sourceUrl} author={props.author} />
      {license ? (
        <>
          {linkable ? ' · ' : ''}
          {ctx.t('qa.attribution.license', { license })}
        </>
      ) : (
        ''
      )}
    </p>
  );
}

/** Shown on a deleted post to those who may still see it. */
export function DeletedNotice(props: { ctx: ViewContext; kind: PostKind }) {
  return (
    <div class="alert alert-warning deleted-notice py-2" role="status" data-testid="deleted-notice">
      {props.ctx.t(props.kind === 'question' ? 'qa.question.deleted_notice' : 'qa.answer.deleted_notice')}
    </div>
  );
}
