// turndown-plugin-gfm ships no types; these are the parts we use.
declare module 'turndown-plugin-gfm' {
  import type TurndownService from 'turndown';

  /** GitHub-flavoured rules for turndown: tables, strikethrough, task lists, highlighted code. */
  export const gfm: TurndownService.Plugin;
}
