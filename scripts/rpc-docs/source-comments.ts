/**
 * The doc comments of protocol/rpc and protocol/model, read from the source
 * text: valibot schemas keep no comments at run time, and the comments are
 * where a method's or a field's meaning is written down once.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface SourceComments {
  /** Method name → the comment above its entry (or above its params). */
  methods: Map<string, string>;
  /** Method name → the comment above its `result`. */
  results: Map<string, string>;
  /** Method name → field name → comment, from the method's own schemas. */
  methodFields: Map<string, Map<string, string>>;
  /** Exported schema name (`file:Name`) → the comment above it. */
  exports: Map<string, string>;
  /** Exported schema name (`file:Name`) → field name → comment. */
  exportFields: Map<string, Map<string, string>>;
  /** Variant member tag (`updateNewMessage`) → the comment above that member. */
  tags: Map<string, string>;
}

const DOC = String.raw`/\*\*((?:(?!\*/)[\s\S])*)\*/\s*`;

function clean(raw: string): string {
  return raw
    .split("\n")
    .map((l) => l.replace(/^\s*\*?\s?/, "").trim())
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

/** `name: …` fields with a doc comment right above them, inside one stretch of source. */
function fieldComments(region: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of region.matchAll(new RegExp(`${DOC}(\\w+)\\??:`, "g")))
    if (m[2] !== "params" && m[2] !== "result") out.set(m[2] as string, clean(m[1] as string));
  return out;
}

/** Splits a file at each match of `start`, giving every match the text up to the next one. */
function regions(text: string, start: RegExp): { name: string; at: number; body: string }[] {
  const hits = [...text.matchAll(start)].map((m) => ({ name: (m[1] ?? m[2]) as string, at: m.index }));
  return hits.map((h, i) => ({ ...h, body: text.slice(h.at, hits[i + 1]?.at ?? text.length) }));
}

export function readSourceComments(root: string): SourceComments {
  const out: SourceComments = {
    methods: new Map(),
    results: new Map(),
    methodFields: new Map(),
    exports: new Map(),
    exportFields: new Map(),
    tags: new Map(),
  };
  const tagUses = new Map<string, number>();
  for (const dir of ["rpc", "model"]) {
    const folder = join(root, "protocol", dir);
    for (const file of readdirSync(folder).filter((f) => f.endsWith(".ts"))) {
      const text = readFileSync(join(folder, file), "utf8");
      const base = file.replace(/\.ts$/, "");
      for (const m of text.matchAll(new RegExp(`${DOC}(?:"([\\w.]+)"|(\\w+)): method\\(`, "g")))
        out.methods.set((m[2] ?? m[3]) as string, clean(m[1] as string));
      for (const r of regions(text, /^\s*(?:"([\w.]+)"|(\w+)): method\(/gm)) {
        const name = r.name;
        const params = new RegExp(`^[^]*?method\\(\\{\\s*${DOC}params:`).exec(r.body);
        if (params && !out.methods.has(name)) out.methods.set(name, clean(params[1] as string));
        const result = new RegExp(`${DOC}result:`).exec(r.body);
        if (result) out.results.set(name, clean(result[1] as string));
        out.methodFields.set(name, fieldComments(r.body));
      }
      for (const m of text.matchAll(new RegExp(`${DOC}export const (\\w+)`, "g")))
        out.exports.set(`${base}:${m[2]}`, clean(m[1] as string));
      for (const r of regions(text, /^export const (\w+)/gm))
        out.exportFields.set(`${base}:${r.name}`, fieldComments(r.body));
      for (const m of text.matchAll(/v\.object\(\{\s*_: v\.literal\("([\w.]+)"\)/g))
        tagUses.set(m[1] as string, (tagUses.get(m[1] as string) ?? 0) + 1);
      for (const m of text.matchAll(new RegExp(`${DOC}v\\.object\\(\\{\\s*_: v\\.literal\\("([\\w.]+)"\\)`, "g")))
        out.tags.set(m[2] as string, clean(m[1] as string));
    }
  }
  // A tag used by several schemas (Peer's "chat" and Chat's) cannot say which comment is its own.
  for (const [tag, uses] of tagUses) if (uses > 1) out.tags.delete(tag);
  return out;
}
