// markdown-it-sub and markdown-it-sup ship no types: each default-exports a plugin.
declare module 'markdown-it-sub' {
  import type { PluginSimple } from 'markdown-it';

  const subscript: PluginSimple;
  export default subscript;
}

declare module 'markdown-it-sup' {
  import type { PluginSimple } from 'markdown-it';

  const superscript: PluginSimple;
  export default superscript;
}
