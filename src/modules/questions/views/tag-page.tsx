import type { Page } from '../../../platform/context.js';
import type { LoadedPanels } from '../../../platform/extensions/index.js';
import { Alert, CsrfField } from '../../../platform/views/components.js';
import { Layout } from '../../../platform/views/layout.js';
import { tagPath } from '../../../platform/views/widgets.js';
import type { TagRecord } from '../../tags/index.js';
import type { QuestionSummaryRecord } from '../questions.repository.js';
import type { QuestionListRegions } from '../questions.slots.js';
import type { Sort, ViewContext } from './paths.js';
import { QuestionList } from './question-list.js';

/** A refused description edit: what was typed and why. */
export interface DescriptionForm {
  readonly value: string;
  readonly error?: string | undefined;
}

function DescriptionEditor(props: { ctx: ViewContext; tag: TagRecord; form?: DescriptionForm | undefined }) {
  const { ctx, tag, form } = props;
  return (
    <details class="mb-3" open={form ? true : undefined}>
      <summary class="small">{ctx.t('qa.tag.edit_description')}</summary>
      <form
        method="post"
        action={`${tagPath(tag.name)}/description`}
        class="mt-2"
        data-testid="tag-description-form"
      >
        <CsrfField token={ctx.csrfToken} />
        <label class="form-label" for="tag-description">
          {ctx.t('qa.tag.description')}
        </label>
        <textarea
          class={`form-control${form?.error ? ' is-invalid' : ''}`}
          id="tag-description"
          name="description"
          rows="5"
          maxlength={5000}
          aria-invalid={form?.error ? 'true' : undefined}
          safe
        >
          {`\n${form?.value ?? tag.description}`}
        </textarea>
        {form?.error ? (
          <div class="invalid-feedback" data-field-error="description" safe>
            {form.error}
          </div>
        ) : (
          ''
        )}
        <button type="submit" class="btn btn-sm btn-primary mt-2">
          {ctx.t('qa.tag.save_description')}
        </button>
      </form>
    </details>
  );
}

/** `/tags/:tag`: what the tag is about (moderators may edit it) and its questions. */
export function TagPage(props: {
  ctx: ViewContext;
  tag: TagRecord;
  list: Page<QuestionSummaryRecord>;
  sort: Sort;
  /** What other modules show in the list's rows (badges), loaded once for the page. */
  panels: LoadedPanels<QuestionListRegions>;
  canDescribe: boolean;
  form?: DescriptionForm | undefined;
  saved?: boolean;
}) {
  const { ctx, tag } = props;
  // Rendered by platform/markdown when a moderator saved it (raw HTML off): safe to insert.
  const safeDescriptionHtml = tag.descriptionHtml;
  return (
    <Layout ctx={ctx} title={ctx.text('qa.tag.title', { tag: tag.name })}>
      <h1 class="h3 mb-3">{ctx.t('qa.tag.title', { tag: tag.name })}</h1>
      {props.saved ? <Alert kind="success">{ctx.t('qa.tag.description_saved')}</Alert> : ''}
      <div class="tag-description mb-3" data-testid="tag-description">
        {tag.descriptionHtml ? (
          <div class="markdown-body">{safeDescriptionHtml}</div>
        ) : (
          <p class="text-body-secondary">{ctx.t('qa.tag.no_description')}</p>
        )}
      </div>
      {props.canDescribe ? <DescriptionEditor ctx={ctx} tag={tag} form={props.form} /> : ''}
      <QuestionList
        ctx={ctx}
        list={props.list}
        sort={props.sort}
        base={tagPath(tag.name)}
        panels={props.panels}
      />
    </Layout>
  );
}
