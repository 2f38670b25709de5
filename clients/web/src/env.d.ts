/** Vite client types: import.meta.env and CSS imports. */
/// <reference types="vite/client" />

/** The emoji picker's list (clients/web/build/emoji-plugin.ts): [label, emoji, group, space-separated tags]. */
declare module "virtual:emoji-list" {
  const rows: [string, string, number, string][];
  export default rows;
}
