import type { LoadedPanels } from '../../../platform/extensions/index.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { Alert, CsrfField, Field } from '../../../platform/views/components.js';
import { Layout } from '../../../platform/views/layout.js';
import { tagLimits } from '../../tags/index.js';
import { postLimits } from '../questions.rules.js';
import type { AskFormRegions } from '../questions.slots.js';
import { questionPath, type ViewContext } from './paths.js';

/** A refused or previewed form: the values typed, each field's error, a general message. */
export interface PostFormState {
  readonly values?: Readonly<Record<string, string | undefined>>;
  readonly fieldErrors?: Readonly<Record<string, string>>;
  readonly message?: string | undefined;
  /** Rendered Markdown of the body (by platform/markdown) when the member asked for a preview. */
  readonly previewHtml?: string | undefined;
}

/** The URL htmx posts a body to for its live preview. */
export const PREVIEW_URL = '/questions/preview';

/** The rendered Markdown a preview shows; empty text says so. */
export function PreviewFragment(props: { ctx: ViewContext; html: string }) {
  if (props.html.trim() === '') {
    return <p class="text-body-secondary small mb-0">{props.ctx.t('qa.editor.preview_empty')}</p>;
  }
  // Rendered by platform/markdown (raw HTML off, links allowlisted): safe to insert as-is.
  const safePreviewHtml = props.html;
  return <>{safePreviewHtml}</>;
}

/**
 * A Markdown textarea with its label, help and error, and a preview box: htmx fills it as the
 * member types; without JS the form's Preview button re-renders the page with it filled.
 */
export function MarkdownEditor(props: {
  ctx: ViewContext;
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  previewHtml?: string | undefined;
  maxlength: number;
  rows?: number;
  /** When a heading right above already says what the field is. */
  hideLabel?: boolean;
}) {
  const { ctx } = props;
  const id = `field-${props.name}`;
  const previewId = `${id}-preview`;
  return (
    <div class="mb-3 markdown-editor">
      <label class={props.hideLabel ? 'visually-hidden' : 'form-label'} for={id} safe>
        {props.label}
      </label>
      <textarea
        class={`form-control font-monospace${props.error ? ' is-invalid' : ''}`}
        id={id}
        name={props.name}
        rows={String(props.rows ?? 12)}
        maxlength={props.maxlength}
        required
        aria-describedby={`${id}-help${props.error ? ` ${id}-error` : ''}`}
        aria-invalid={props.error ? 'true' : undefined}
        hx-post={PREVIEW_URL}
        hx-trigger="input changed delay:400ms"
        hx-target={`#${previewId}`}
        hx-swap="innerHTML"
        hx-sync="this:replace"
        safe
      >
        {`\n${props.value ?? ''}`}
      </textarea>
      <div class="form-text" id={`${id}-help`}>
        {ctx.t('qa.editor.help')}
      </div>
      {props.error ? (
        <div class="invalid-feedback" id={`${id}-error`} data-field-error={props.name} safe>
          {props.error}
        </div>
      ) : (
        ''
      )}
      <div class="preview-box mt-2">
        <div class="preview-label small text-body-secondary">{ctx.t('qa.editor.preview')}</div>
        <div class="markdown-body" id={previewId} aria-live="polite" data-testid="preview">
          {props.previewHtml === undefined ? '' : <PreviewFragment ctx={ctx} html={props.previewHtml} />}
        </div>
      </div>
    </div>
  );
}

function FormMessage(props: { message?: string | undefined }) {
  return props.message ? (
    <Alert kind="danger">
      <span safe>{props.message}</span>
    </Alert>
  ) : (
    ''
  );
}

/** Submit, plus a Preview button for browsers without JS. */
function FormButtons(props: { ctx: ViewContext; submit: MessageKey; cancelHref?: string }) {
  return (
    <div class="d-flex flex-wrap gap-2">
      <button class="btn btn-primary" type="submit" data-testid="submit">
        {props.ctx.t(props.submit)}
      </button>
      <button class="btn btn-outline-secondary" type="submit" name="intent" value="preview">
        {props.ctx.t('qa.editor.preview_button')}
      </button>
      {props.cancelHref ? (
        <a class="btn btn-link" href={props.cancelHref}>
          {props.ctx.t('qa.form.cancel')}
        </a>
      ) : (
        ''
      )}
    </div>
  );
}

function TitleAndTags(props: {
  ctx: ViewContext;
  form?: PostFormState | undefined;
  position: 'title' | 'tags';
}) {
  const { ctx } = props;
  const values = props.form?.values ?? {};
  const errors = props.form?.fieldErrors ?? {};
  return props.position === 'title' ? (
    <Field
      name="title"
      label={ctx.text('qa.field.title')}
      value={values.title}
      error={errors.title}
      help={ctx.text('qa.field.title_help', { min: postLimits.title.min, max: postLimits.title.max })}
      maxlength={postLimits.title.max}
      required
    />
  ) : (
    <div
      hx-get="/tags/suggest"
      hx-trigger="input changed delay:300ms from:#field-tags"
      hx-include="#field-tags"
      hx-target="#tag-suggestions"
    >
      <Field
        name="tags"
        label={ctx.text('qa.field.tags')}
        value={values.tags}
        error={errors.tags}
        help={ctx.text('qa.field.tags_help', { max: tagLimits.perQuestion.max })}
        maxlength={200}
        autocomplete="off"
        required
      />
      <div id="tag-suggestions" class="mb-3" aria-live="polite"></div>
    </div>
  );
}

/** `/questions/ask`. */
export function AskPage(props: {
  ctx: ViewContext;
  panels: LoadedPanels<AskFormRegions>;
  form?: PostFormState;
}) {
  const { ctx, form } = props;
  return (
    <Layout ctx={ctx} title={ctx.text('qa.ask.title')}>
      <h1 class="h3 mb-3">{ctx.t('qa.ask.title')}</h1>
      <p class="text-body-secondary">{ctx.t('qa.ask.intro')}</p>
      <FormMessage message={form?.message} />
      <form method="post" action="/questions/ask" novalidate data-testid="ask-form" class="post-form">
        <CsrfField token={ctx.csrfToken} />
        <TitleAndTags ctx={ctx} form={form} position="title" />
        {props.panels.render('afterTitle', ctx)}
        <MarkdownEditor
          ctx={ctx}
          name="body"
          label={ctx.text('qa.field.body')}
          value={form?.values?.body}
          error={form?.fieldErrors?.body}
          previewHtml={form?.previewHtml}
          maxlength={postLimits.body.max}
        />
        <TitleAndTags ctx={ctx} form={form} position="tags" />
        <FormButtons ctx={ctx} submit="qa.ask.submit" />
      </form>
    </Layout>
  );
}

function EditComment(props: { ctx: ViewContext; form?: PostFormState | undefined }) {
  return (
    <Field
      name="comment"
      label={props.ctx.text('qa.field.edit_comment')}
      value={props.form?.values?.comment}
      error={props.form?.fieldErrors?.comment}
      help={props.ctx.text('qa.field.edit_comment_help')}
      maxlength={postLimits.editComment.max}
    />
  );
}

/** `/questions/:id/edit`. */
export function EditQuestionPage(props: {
  ctx: ViewContext;
  question: { id: number; slug: string; title: string };
  form: PostFormState;
}) {
  const { ctx, form, question } = props;
  return (
    <Layout ctx={ctx} title={ctx.text('qa.edit.question_title')}>
      <h1 class="h3 mb-3">{ctx.t('qa.edit.question_title')}</h1>
      <FormMessage message={form.message} />
      <form
        method="post"
        action={`/questions/${question.id}/edit`}
        novalidate
        data-testid="edit-form"
        class="post-form"
      >
        <CsrfField token={ctx.csrfToken} />
        <TitleAndTags ctx={ctx} form={form} position="title" />
        <MarkdownEditor
          ctx={ctx}
          name="body"
          label={ctx.text('qa.field.body')}
          value={form.values?.body}
          error={form.fieldErrors?.body}
          previewHtml={form.previewHtml}
          maxlength={postLimits.body.max}
        />
        <TitleAndTags ctx={ctx} form={form} position="tags" />
        <EditComment ctx={ctx} form={form} />
        <FormButtons ctx={ctx} submit="qa.edit.submit" cancelHref={questionPath(question)} />
      </form>
    </Layout>
  );
}

/** `/answers/:id/edit`. */
export function EditAnswerPage(props: {
  ctx: ViewContext;
  answerId: number;
  question: { id: number; slug: string; title: string };
  form: PostFormState;
}) {
  const { ctx, form, question } = props;
  const back = `${questionPath(question)}#answer-${props.answerId}`;
  return (
    <Layout ctx={ctx} title={ctx.text('qa.edit.answer_title')}>
      <h1 class="h3 mb-1">{ctx.t('qa.edit.answer_title')}</h1>
      <p class="mb-3">
        <a href={back} safe>
          {question.title}
        </a>
      </p>
      <FormMessage message={form.message} />
      <form
        method="post"
        action={`/answers/${props.answerId}/edit`}
        novalidate
        data-testid="edit-form"
        class="post-form"
      >
        <CsrfField token={ctx.csrfToken} />
        <MarkdownEditor
          ctx={ctx}
          name="body"
          label={ctx.text('qa.field.answer')}
          value={form.values?.body}
          error={form.fieldErrors?.body}
          previewHtml={form.previewHtml}
          maxlength={postLimits.answer.max}
        />
        <EditComment ctx={ctx} form={form} />
        <FormButtons ctx={ctx} submit="qa.edit.submit" cancelHref={back} />
      </form>
    </Layout>
  );
}

/** The "Your answer" form under a question (also its no-JS preview and refusal state). */
export function AnswerForm(props: {
  ctx: ViewContext;
  questionId: number;
  form?: PostFormState | undefined;
}) {
  const { ctx, form } = props;
  return (
    <form
      method="post"
      action={`/questions/${props.questionId}/answers`}
      novalidate
      data-testid="answer-form"
      class="post-form"
    >
      <CsrfField token={ctx.csrfToken} />
      <FormMessage message={form?.message} />
      <MarkdownEditor
        ctx={ctx}
        name="body"
        label={ctx.text('qa.field.answer')}
        value={form?.values?.body}
        error={form?.fieldErrors?.body}
        previewHtml={form?.previewHtml}
        maxlength={postLimits.answer.max}
        rows={10}
        hideLabel
      />
      <FormButtons ctx={ctx} submit="qa.answer.submit" />
    </form>
  );
}
