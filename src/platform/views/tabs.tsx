/**
 * Links to the views of one page (its sorts, languages, sections) as Bootstrap pills or tabs, the
 * shown one marked `active` and `aria-current`. Plain links: they work without JavaScript.
 */
export function TabLinks<Option extends string>(props: {
  /** The options, in the order shown. */
  options: readonly Option[];
  /** The option the page shows. */
  current: Option;
  href: (option: Option) => string;
  text: (option: Option) => JSX.Element;
  /** The navigation's accessible name; without it the list stands bare (sections under a heading). */
  label?: string;
  /** `data-<marker>="<option>"` on each link, for tests and scripts to find it by. */
  marker?: string;
  /** Pills (the default) or tabs. */
  kind?: 'pills' | 'tabs';
  /** Smaller pills, for a control inside a page's content (answers, search results). */
  compact?: boolean;
}) {
  const list = (
    <ul class={props.kind === 'tabs' ? 'nav nav-tabs mb-3' : 'nav nav-pills'}>
      {props.options.map((option) => {
        const current = option === props.current;
        const marker = props.marker ? { [`data-${props.marker}`]: option } : {};
        return (
          <li class="nav-item">
            <a
              class={`nav-link${props.compact ? ' py-1 px-2' : ''}${current ? ' active' : ''}`}
              href={props.href(option)}
              aria-current={current ? 'page' : undefined}
              {...marker}
            >
              {props.text(option)}
            </a>
          </li>
        );
      })}
    </ul>
  );
  return props.label === undefined ? list : <nav aria-label={props.label}>{list}</nav>;
}
