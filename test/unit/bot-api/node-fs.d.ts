// What the docs-table test uses of Node, for the root tsconfig (Workers types, no Node types), as node-sqlite.d.ts does.
declare module "node:fs" {
  export function readFileSync(path: URL, encoding: "utf8"): string;
}
interface ImportMeta {
  readonly url: string;
}
