import type { PageContext } from '../../../platform/views/page-context.js';
import type { TagRecord } from '../tags.repository.js';

/**
 * Buttons under the tags field (public/app.js puts a clicked one into the field), and a note when
 * the tag being typed is new and will be created with the post.
 */
export function TagSuggestions(props: {
  ctx: PageContext;
  tags: readonly TagRecord[];
  newTag?: string | undefined;
}) {
  const note = props.newTag ? (
    <p class="form-text mb-1" data-testid="tag-new">
      {props.ctx.t('tags.will_be_created', { tag: props.newTag })}
    </p>
  ) : (
    ''
  );
  if (props.tags.length === 0) return note;
  return (
    <>
      {note}
      <ul class="list-inline mb-0" aria-label={props.ctx.text('qa.field.tags')}>
        {props.tags.map((tag) => (
          <li class="list-inline-item">
            <button
              type="button"
              class="btn btn-sm btn-outline-secondary"
              data-tag-suggestion={tag.name}
              data-testid="tag-suggestion"
            >
              <span safe>{tag.name}</span> <span class="text-body-secondary">×{tag.questionCount}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
