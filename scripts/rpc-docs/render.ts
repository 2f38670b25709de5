/**
 * Renders docs/rpc.md: every method of the registry grouped by namespace,
 * its parameters with their checks and errors, its result, and the shared
 * model types described once under "Types".
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type MethodName, methods } from "../../protocol/rpc/index.ts";
import { intro } from "./intro.ts";
import {
  actionsOf,
  apiMessage,
  asNode,
  constraintsOf,
  membersOf,
  type Node,
  rootOf,
  schemaErrors,
  tagOf,
  typeErrorOf,
  typeExpr,
  unwrap,
} from "./schema-text.ts";
import { readSourceComments, type SourceComments } from "./source-comments.ts";

interface NamedType {
  name: string;
  /** `file:Export`, the key of its source comments. */
  key: string;
  node: Node;
}

export const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");

/** Structured schemas exported by protocol/model and protocol/rpc: each is described once and linked to. */
async function namedTypes(root: string): Promise<Map<Node, NamedType>> {
  const out = new Map<Node, NamedType>();
  const used = new Set<string>();
  for (const dir of ["model", "rpc"]) {
    const folder = join(root, "protocol", dir);
    for (const file of readdirSync(folder).sort()) {
      if (!file.endsWith(".ts")) continue;
      const mod = (await import(pathToFileURL(join(folder, file)).href)) as Record<string, unknown>;
      const base = file.replace(/\.ts$/, "");
      for (const [name, value] of Object.entries(mod)) {
        const node = value as Node;
        if (typeof value !== "object" || value === null || node.kind !== "schema" || out.has(node)) continue;
        if (!["object", "variant", "union", "lazy"].includes(rootOf(node).type)) continue;
        const shown = used.has(name) ? `${base}.${name}` : name;
        used.add(shown);
        out.set(node, { name: shown, key: `${base}:${name}`, node });
      }
    }
  }
  return out;
}

const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");
const json = (x: unknown) => `\`${cell(JSON.stringify(x))}\``;

class Renderer {
  /** Types linked so far, in first-use order: the Types section lists exactly these. */
  readonly linked: NamedType[] = [];
  readonly types: Map<Node, NamedType>;
  readonly comments: SourceComments;
  constructor(types: Map<Node, NamedType>, comments: SourceComments) {
    this.types = types;
    this.comments = comments;
  }

  /** Types reached from some method's params: only their checks and errors matter to a caller. */
  readonly inParams = new Set<NamedType>();
  /** Whether what is being rendered now is (part of) a method's params. */
  paramsMode = false;

  link = (n: Node): string | undefined => {
    const t = this.types.get(n);
    if (!t) return undefined;
    if (!this.linked.includes(t)) this.linked.push(t);
    if (this.paramsMode) this.inParams.add(t);
    return `[${t.name}](#${anchor(t.name)})`;
  };

  /**
   * Table rows for an object's fields; anonymous objects (and arrays of them) inside are flattened
   * into dotted rows. `path` is the error path the gateway names a field by.
   */
  rows(obj: Node, prefix: string, path: string[], notes: Map<string, string> | undefined, checks: boolean): string[] {
    const out: string[] = [];
    for (const [key, entry] of Object.entries(rootOf(obj).entries ?? {})) {
      const { inner, optional, nullable, dflt } = unwrap(entry);
      const name = `${prefix}${key}`;
      const here = [...path, key];
      const required = optional ? (dflt !== undefined ? `no (default ${json(dflt)})` : "no") : "yes";
      const type = typeExpr(entry, this.link);
      const note = notes?.get(key) ?? "";
      const root = rootOf(inner);
      const named = this.types.has(inner);
      const list = checks && !named ? this.checksOf(inner, here) : [];
      if (!checks) out.push(`| \`${name}\` | ${type} | ${optional ? "no" : "yes"} | ${cell(note)} |`);
      else out.push(`| \`${name}\` | ${type} | ${required} | ${list.join("; ")} | ${cell(note)} |`);
      if (named) continue;
      if (root.type === "object") out.push(...this.rows(inner, `${name}.`, here, notes, checks));
      const item = root.type === "array" ? (root.item as Node) : undefined;
      if (item && !this.types.has(item) && rootOf(item).type === "object")
        out.push(...this.rows(item, `${name}[].`, [...here, "[]"], notes, checks));
      void nullable;
    }
    return out;
  }

  /** What is checked on a value and the error each check gives; arrays show their items' checks too. */
  checksOf(n: Node, path: string[]): string[] {
    const root = rootOf(n);
    const list: string[] = [];
    const typed = apiMessage(root);
    const article = root.type === "array" ? "an" : "a";
    if (typed && root.type !== "picklist") list.push(`not ${article} ${root.type} → \`${typed}\``);
    list.push(...constraintsOf(n, path));
    if (root.type === "array" && root.item && !this.types.has(root.item) && rootOf(root.item).type !== "object") {
      const items = this.checksOf(root.item, [...path, "[]"]);
      if (items.length) list.push(`each item: ${items.join(", ")}`);
    }
    if (root.type === "picklist") list.push(`one of these → \`${typeErrorOf(n, path)}\``);
    return list;
  }

  /** A schema shown as tables: an object's fields, or one table per member of a variant. */
  shape(n: Node, notes: Map<string, string> | undefined, checks: boolean, path: string[]): string[] {
    const root = rootOf(n);
    const head = checks
      ? ["| field | type | required | checks → error | notes |", "| --- | --- | --- | --- | --- |"]
      : ["| field | type | always there | notes |", "| --- | --- | --- | --- |"];
    if (root.type === "object") {
      const body = this.rows(n, "", path, notes, checks);
      const whole = actionsOf(n).filter((a) => a.type === "check" || a.type === "raw_check");
      const also = whole.length ? [``, `Also ${constraintsOf(n, path).join("; ")}.`] : [];
      return body.length ? [...head, ...body, ...also] : ["No fields: `{}`."];
    }
    if (["variant", "union", "lazy"].includes(root.type)) {
      const out: string[] = [`One of${root.type === "variant" ? ", by `_`" : ""}:`, ""];
      for (const m of membersOf(n)) {
        const tag = tagOf(m);
        const linked = this.link(m);
        if (linked) {
          out.push(`- ${linked}`);
          continue;
        }
        const note = tag ? this.comments.tags.get(tag) : undefined;
        out.push(`- ${tag ? `\`${tag}\`` : "object"}${note ? ` — ${note}` : ""}`, "");
        out.push(...this.shape(m, notes, checks, path).map((l) => (l ? `  ${l}` : l)), "");
      }
      if (actionsOf(n).length) out.push(`Also: ${constraintsOf(n, path).join("; ")}.`);
      return out;
    }
    return [`${typeExpr(n, this.link)}${checks ? ` ${this.checksOf(n, path).join("; ")}` : ""}`];
  }
}

/** One entry per linked type; rendered until nothing new is linked, so params-ness has reached every type. */
function typesSection(r: Renderer): string[] {
  let out: string[] = [];
  let seen = -1;
  while (seen !== r.linked.length + r.inParams.size) {
    seen = r.linked.length + r.inParams.size;
    out = [];
    for (const t of [...r.linked].sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(`### ${t.name}`, "");
      const note = r.comments.exports.get(t.key);
      if (note) out.push(note, "");
      r.paramsMode = r.inParams.has(t);
      const checks = r.paramsMode;
      out.push(...r.shape(t.node, r.comments.exportFields.get(t.key), checks, ["<path>"]), "");
      r.paramsMode = false;
    }
  }
  return out;
}

const COMMON_ERRORS = "`400 METHOD_INVALID`, `400 <FIELD>_INVALID`, `500 INTERNAL`";

function errorList(spec: (typeof methods)[MethodName], params: Node): string {
  const all = new Set<string>();
  for (const e of schemaErrors(params)) all.add(`400 ${e}`);
  if (spec.auth) all.add("401 AUTH_KEY_UNREGISTERED");
  all.add("420 FLOOD_WAIT_<seconds>"); // every call counts against its device's rate limit
  for (const e of spec.errors ?? []) all.add(e);
  const sorted = [...all].sort((a, b) => a.localeCompare(b));
  return sorted.map((e) => `\`${e}\``).join(", ");
}

/** The whole of docs/rpc.md. */
export async function renderRpcDocs(root: string): Promise<string> {
  const r = new Renderer(await namedTypes(root), readSourceComments(root));
  const names = Object.keys(methods) as MethodName[];
  const byNamespace = new Map<string, MethodName[]>();
  for (const name of names) {
    const ns = name.includes(".") ? (name.split(".")[0] as string) : "connection";
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), name]);
  }
  const order = [...byNamespace.keys()].sort((a, b) =>
    a === "connection" ? -1 : b === "connection" ? 1 : a.localeCompare(b),
  );

  const out: string[] = [intro(r.link), "## Methods", ""];
  for (const ns of order) {
    const list = (byNamespace.get(ns) ?? []).sort();
    out.push(`- **${ns}**: ${list.map((m) => `[${m}](#${anchor(m)})`).join(", ")}`);
  }
  out.push("");
  for (const ns of order) {
    out.push(`## ${ns}`, "");
    for (const name of (byNamespace.get(ns) ?? []).sort()) {
      const spec = methods[name];
      const params = asNode(spec.params);
      const notes = r.comments.methodFields.get(name);
      out.push(`### ${name}`, "");
      const summary = r.comments.methods.get(name);
      if (summary) out.push(summary, "");
      const blob =
        spec.blob === "in"
          ? "the request carries the bytes as the frame's blob"
          : spec.blob === "out"
            ? "the result's bytes ride as the frame's blob"
            : "none";
      out.push(`Sign-in: ${spec.auth ? "required" : "not needed"}. Bytes: ${blob}.`, "");
      r.paramsMode = true;
      out.push("**Parameters**", "", ...r.shape(params, notes, true, []), "");
      r.paramsMode = false;
      const result = asNode(spec.result);
      const resultNote = r.comments.results.get(name);
      const linked = r.link(result);
      out.push(`**Result**${linked ? `: ${linked}` : ""}`, "");
      if (resultNote) out.push(resultNote, "");
      if (!linked) out.push(...r.shape(result, notes, false, []), "");
      out.push(`**Errors**: ${errorList(spec, params)}; and ${COMMON_ERRORS}.`, "");
    }
  }
  out.push("## Types", "", "The shapes the methods above share, each described once.", "");
  out.push(...typesSection(r));
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}
