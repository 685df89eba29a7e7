import { CsrfField } from '../../../platform/views/components.js';
import { loginHref } from '../../../platform/views/href.js';
import { Byline } from '../../../platform/views/widgets.js';
import { type PrivilegeLack, PrivilegeNeeded } from '../../reputation/index.js';
import type { CommentView } from '../thread.service.js';
import { postAnchor, type ViewContext } from './paths.js';
import type { PostKind } from './post-parts.js';

/** What a no-JS comment post that failed shows again: its text and the problem. */
export interface CommentDraft {
  kind: PostKind;
  id: number;
  body: string;
  error?: string | undefined;
}

/**
 * One comment: its text, byline and, for its author, two small muted controls on the byline's
 * line (as on Stack Overflow): "edit" during the first five minutes and "delete". "edit" is a
 * `<details>` toggle that shows the edit form under the comment (CSS, no JS); htmx swaps just this
 * item on save and deletes it in place; without JS both post and come back to the page.
 */
export function CommentItem(props: {
  ctx: ViewContext;
  comment: CommentView;
  kind: PostKind;
  postId: number;
  questionId: number;
}) {
  const { ctx, comment } = props;
  const itemId = `comment-${comment.id}`;
  const fieldId = `comment-edit-${comment.id}`;
  const formId = `comment-edit-form-${comment.id}`;
  const hidden = (
    <>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="questionId" value={String(props.questionId)} />
      <input type="hidden" name="post" value={postAnchor({ kind: props.kind, id: props.postId })} />
    </>
  );
  // Rendered (inline mode) by platform/markdown when the comment was saved: safe HTML.
  const safeCommentHtml = comment.bodyHtml;
  return (
    <li class="comment" id={itemId}>
      <span class="comment-body">{safeCommentHtml}</span>
      <span class="comment-meta small text-body-secondary">
        {' – '}
        <Byline ctx={ctx} person={comment.author} date={comment.createdAt} now={ctx.now} />
      </span>
      {comment.abilities.edit ? (
        <details class="comment-edit-toggle">
          <summary class="comment-action" aria-controls={formId} data-testid="comment-edit">
            <span class="when-closed">{ctx.t('qa.comment.edit')}</span>
            <span class="when-open">{ctx.t('qa.comment.cancel_edit')}</span>
          </summary>
        </details>
      ) : (
        ''
      )}
      {comment.abilities.delete ? (
        <form
          method="post"
          action={`/comments/${comment.id}/delete`}
          hx-post={`/comments/${comment.id}/delete`}
          hx-target={`#${itemId}`}
          hx-swap="delete"
          hx-confirm={ctx.text('qa.comment.delete_confirm')}
          class="comment-delete-form"
        >
          {hidden}
          <button
            type="submit"
            class="comment-action comment-delete"
            title={ctx.text('qa.comment.delete')}
            data-testid="comment-delete"
          >
            {ctx.t('qa.comment.delete_short')}
          </button>
        </form>
      ) : (
        ''
      )}
      {comment.abilities.edit ? (
        <form
          method="post"
          action={`/comments/${comment.id}/edit`}
          hx-post={`/comments/${comment.id}/edit`}
          hx-target={`#${itemId}`}
          hx-swap="outerHTML"
          class="comment-edit-form"
          id={formId}
          data-testid={`comment-edit-form-${comment.id}`}
        >
          {hidden}
          <label class="visually-hidden" for={fieldId}>
            {ctx.t('qa.comment.label')}
          </label>
          <textarea
            class="form-control form-control-sm"
            id={fieldId}
            name="body"
            rows="2"
            maxlength={600}
            required
            safe
          >
            {`\n${comment.body}`}
          </textarea>
          <div class="d-flex justify-content-between align-items-center mt-1">
            <div class="form-text m-0">{ctx.t('qa.comment.edit_help')}</div>
            <button type="submit" class="btn btn-sm btn-outline-primary">
              {ctx.t('qa.comment.save')}
            </button>
          </div>
        </form>
      ) : (
        ''
      )}
    </li>
  );
}

/** A post's comments and the form to add one (htmx swaps this whole block). */
export function Comments(props: {
  ctx: ViewContext;
  kind: PostKind;
  id: number;
  questionId: number;
  comments: readonly CommentView[];
  canComment: boolean;
  /** What the viewer lacks to comment here: said instead of the form. */
  commentNeeds?: PrivilegeLack | null | undefined;
  pageUrl: string;
  draft?: CommentDraft | undefined;
}) {
  const { ctx, kind, id } = props;
  const boxId = `comments-${kind}-${id}`;
  const fieldId = `comment-body-${kind}-${id}`;
  const action = `/${kind}s/${id}/comments`;
  const draft = props.draft?.kind === kind && props.draft.id === id ? props.draft : undefined;
  return (
    <div class="comments" id={boxId} data-testid={boxId}>
      {props.comments.length > 0 ? (
        <ul class="comment-list list-unstyled mb-2">
          {props.comments.map((comment) => (
            <CommentItem ctx={ctx} comment={comment} kind={kind} postId={id} questionId={props.questionId} />
          ))}
        </ul>
      ) : (
        ''
      )}
      {props.canComment ? (
        <details class="add-comment" open={draft ? true : undefined}>
          <summary class="small">{ctx.t('qa.comment.add')}</summary>
          <form
            method="post"
            action={action}
            hx-post={action}
            hx-target={`#${boxId}`}
            hx-swap="outerHTML"
            class="mt-2"
            data-testid={`comment-form-${kind}-${id}`}
          >
            <CsrfField token={ctx.csrfToken} />
            <label class="visually-hidden" for={fieldId}>
              {ctx.t('qa.comment.label')}
            </label>
            <textarea
              class={`form-control form-control-sm${draft?.error ? ' is-invalid' : ''}`}
              id={fieldId}
              name="body"
              rows="2"
              maxlength={600}
              required
              aria-invalid={draft?.error ? 'true' : undefined}
              aria-describedby={`${fieldId}-help`}
              safe
            >
              {`\n${draft?.body ?? ''}`}
            </textarea>
            {draft?.error ? (
              <div class="invalid-feedback" data-field-error="comment" safe>
                {draft.error}
              </div>
            ) : (
              ''
            )}
            <div class="d-flex justify-content-between align-items-center mt-1">
              <div class="form-text m-0" id={`${fieldId}-help`}>
                {ctx.t('qa.comment.help')}
              </div>
              <button type="submit" class="btn btn-sm btn-outline-primary">
                {ctx.t('qa.comment.submit')}
              </button>
            </div>
          </form>
        </details>
      ) : ctx.user && props.commentNeeds ? (
        <PrivilegeNeeded ctx={ctx} lack={props.commentNeeds} />
      ) : ctx.user ? (
        ''
      ) : (
        <a class="small" href={loginHref(`${props.pageUrl}#${postAnchor({ kind, id })}`)}>
          {ctx.t('qa.comment.login')}
        </a>
      )}
    </div>
  );
}
