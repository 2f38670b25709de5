/**
 * Reads valibot schemas as data (their `type`, `entries`, `options`, `pipe`)
 * and says in words what each accepts and which error each check produces,
 * so docs/rpc.md is derived from the same objects the gateway validates with.
 */
import type * as v from "valibot";

/** A valibot schema or action seen as plain data: only the fields the docs read. */
export interface Node {
  kind: string;
  type: string;
  message?: unknown;
  entries?: Record<string, Node>;
  item?: Node;
  options?: readonly (Node | string | number)[];
  wrapped?: Node;
  default?: unknown;
  literal?: unknown;
  key?: string;
  pipe?: readonly Node[];
  requirement?: unknown;
  description?: string;
  getter?: (input: unknown) => Node;
}

export const asNode = (s: v.GenericSchema | Node): Node => s as unknown as Node;

/** The UPPER_SNAKE text a check carries, if it carries one (valibot's own wording is not an API error). */
export function apiMessage(n: Node): string | undefined {
  return typeof n.message === "string" && /^[A-Z][A-Z0-9_]+$/.test(n.message) ? n.message : undefined;
}

/**
 * The gateway's rule for a failure without its own text: the field's path, upper-snaked, + `_INVALID`.
 * In `path`, "[]" stands for an array index (shown as `<i>`) and "<path>" for wherever a shared type is used.
 */
export function fallbackError(path: readonly string[]): string {
  if (path.length === 0) return "INPUT_INVALID";
  const marks: Record<string, string> = { "[]": "<i>", "<path>": "<PATH>" };
  const text = path
    .map((p) => marks[p] ?? p.toUpperCase().replace(/[^A-Z0-9]+/g, "_"))
    .join("_")
    .replace(/_+/g, "_");
  return `${text}_INVALID`;
}

/** The schema under pipes: what kind of value it is. */
export function rootOf(n: Node): Node {
  // valibot's pipe() is its first schema plus a `pipe` list (whose head is that schema).
  return n.pipe?.[0] ? rootOf(n.pipe[0]) : n;
}

/** Actions applied after the root (for `pipe(pipe(string, a), b)`: a then b). */
export function actionsOf(n: Node): Node[] {
  if (!n.pipe) return [];
  const [first, ...rest] = n.pipe;
  return [...(first ? actionsOf(first) : []), ...rest];
}

/** Optional and nullable wrappers peeled off, with what they mean for the field. */
export function unwrap(n: Node): { inner: Node; optional: boolean; nullable: boolean; dflt: unknown } {
  let inner = n;
  let optional = false;
  let nullable = false;
  let dflt: unknown;
  for (;;) {
    if (inner.type === "optional" || inner.type === "nullish") {
      optional = true;
      if (inner.default !== undefined) dflt = inner.default;
    } else if (inner.type === "nullable") nullable = true;
    else break;
    inner = inner.wrapped as Node;
  }
  return { inner, optional, nullable, dflt };
}

/** The schemas a lazy schema picks between, found by asking it about a tagged and an untagged object. */
export function lazyOptions(n: Node): Node[] {
  const getter = n.getter as (input: unknown) => Node;
  const picks = [getter({ _: "" }), getter({})];
  return picks.filter((p, i) => picks.indexOf(p) === i);
}

/** For anonymous variants and unions: their member schemas. */
export function membersOf(n: Node): Node[] {
  const root = rootOf(n);
  if (root.type === "lazy") return lazyOptions(root);
  return (root.options ?? []) as Node[];
}

/** The `_` tag of a variant member, when it is a literal. */
export function tagOf(n: Node): string | undefined {
  const tag = rootOf(n).entries?._;
  return tag && tag.type === "literal" ? String(tag.literal) : undefined;
}

const DECIMAL_ID = /^\^-?\??\\d\{1,20\}\$$/;

/** Whether a string schema holds a 64-bit integer as a decimal string (a regex for it, or said so in its description). */
export function isDecimalString(n: Node): boolean {
  if (rootOf(n).type !== "string") return false;
  return actionsOf(n).some(
    (a) =>
      (a.type === "regex" && DECIMAL_ID.test((a.requirement as RegExp).source)) ||
      (a.type === "description" && /decimal string/.test(a.description ?? "")),
  );
}

const cell = (s: string) => s.replaceAll("|", "\\|");
const code = (s: string) => `\`${cell(s)}\``;

/** One line per check in the order valibot runs them, each with the error it produces. */
export function constraintsOf(n: Node, path: readonly string[]): string[] {
  const root = rootOf(n);
  const out: string[] = [];
  const err = (a: Node) => apiMessage(a) ?? fallbackError(path);
  const unit = root.type === "array" ? "items" : "length";
  for (const a of actionsOf(n)) {
    const r = a.requirement;
    switch (a.type) {
      case "integer":
        out.push(`integer → ${code(err(a))}`);
        break;
      case "min_value":
        out.push(`≥ ${r} → ${code(err(a))}`);
        break;
      case "max_value":
        out.push(`≤ ${r} → ${code(err(a))}`);
        break;
      case "min_length":
        out.push(`${unit} ≥ ${r} → ${code(err(a))}`);
        break;
      case "max_length":
        out.push(`${unit} ≤ ${r} → ${code(err(a))}`);
        break;
      case "length":
        out.push(`${unit} = ${r} → ${code(err(a))}`);
        break;
      case "regex":
        out.push(`matches ${code(String(r))} → ${code(err(a))}`);
        break;
      case "trim":
        out.push("trimmed first");
        break;
      case "check":
        out.push(`custom check → ${code(err(a))}`);
        break;
      case "raw_check":
        out.push("cross-field checks (errors listed with the method)");
        break;
      case "description":
        break;
      default:
        out.push(a.type);
    }
  }
  return out;
}

/** The error for a value of the wrong type (or a missing tag): the schema's own text, or the path's fallback. */
export function typeErrorOf(n: Node, path: readonly string[]): string {
  return apiMessage(rootOf(n)) ?? fallbackError(path);
}

/** Every UPPER_SNAKE text a schema tree can produce (its checks and typed failures), for a method's error list. */
export function schemaErrors(n: Node, seen = new Set<Node>()): Set<string> {
  const out = new Set<string>();
  const walk = (s: Node) => {
    if (seen.has(s)) return;
    seen.add(s);
    const m = apiMessage(s);
    if (m) out.add(m);
    for (const a of s.pipe ?? []) walk(a);
    for (const e of Object.values(s.entries ?? {})) walk(e);
    for (const o of s.options ?? []) if (typeof o === "object") walk(o);
    if (s.item) walk(s.item);
    if (s.wrapped) walk(s.wrapped);
    if (s.type === "lazy") for (const o of lazyOptions(s)) walk(o);
  };
  walk(n);
  return out;
}

/** A short type expression; named schemas become links through `link`. */
export function typeExpr(n: Node, link: (n: Node) => string | undefined): string {
  const named = link(n);
  if (named) return named;
  const { inner, nullable } = unwrap(n);
  if (inner !== n) return typeExpr(inner, link) + (nullable ? " \\| null" : "");
  const root = rootOf(n);
  switch (root.type) {
    case "string":
      return isDecimalString(n) ? "decimal string (64-bit)" : "string";
    case "number":
      return actionsOf(n).some((a) => a.type === "integer") ? "integer" : "number";
    case "boolean":
      return "boolean";
    case "unknown":
      return "any JSON";
    case "literal":
      return code(JSON.stringify(root.literal));
    case "picklist":
      return (root.options ?? []).map((o) => code(JSON.stringify(o))).join(" \\| ");
    case "array":
      return `array of ${typeExpr(root.item as Node, link)}`;
    case "object":
      return "object";
    case "variant":
    case "union":
    case "lazy":
      return membersOf(root)
        .map((m) => typeExpr(m, link))
        .join(" \\| ");
    default:
      return root.type;
  }
}
