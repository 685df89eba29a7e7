import type { PageContext } from '../../../platform/views/page-context.js';
import { formatNumber } from '../../../platform/views/widgets.js';
import type { PrivilegeLack } from '../privileges.js';

/** "Upvoting needs 15 reputation; you have 3." in the page's language, numbers as it writes them. */
export function privilegeNeededText(ctx: Pick<PageContext, 'text' | 'locale'>, lack: PrivilegeLack): string {
  return ctx.text(`privilege.needs.${lack.privilege}`, {
    required: formatNumber(lack.required, ctx.locale),
    current: formatNumber(lack.current, ctx.locale),
  });
}

/** What a member needs for an action a page does not offer them, as a muted line. */
export function PrivilegeNeeded(props: {
  ctx: Pick<PageContext, 'text' | 'locale'>;
  lack: PrivilegeLack;
  class?: string;
}) {
  return (
    <p
      class={`privilege-needed small text-body-secondary ${props.class ?? 'mb-0'}`}
      data-testid={`privilege-needed-${props.lack.privilege}`}
      safe
    >
      {privilegeNeededText(props.ctx, props.lack)}
    </p>
  );
}
