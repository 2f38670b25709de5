/**
 * Lookup tables over one API layer plus the service schema: constructor/method by id and by name,
 * constructors by boxed type, and every param's type parsed once into a TlType the codec walks.
 */
import type { TlEntryData, TlSchemaData } from "./schema-data.ts";

export type TlPrimitive = "int" | "long" | "double" | "int128" | "int256" | "bytes" | "string" | "Bool" | "true" | "#";

export type TlType =
  | { readonly kind: "primitive"; readonly name: TlPrimitive }
  /** `Vector<T>` (boxed, with the vector id) or `vector<T>` (bare: count and elements only). */
  | { readonly kind: "vector"; readonly boxed: boolean; readonly of: TlType }
  /** A boxed object of the named type; `Object` and generics (`!X`, `X`) accept any object. */
  | { readonly kind: "object"; readonly type: string; readonly any: boolean }
  /** A bare constructor (`future_salt`, `%Message`), written without its id. */
  | { readonly kind: "bare"; readonly ctor: string };

export interface TlParam {
  readonly name: string;
  readonly type: TlType;
  readonly flag?: { readonly field: string; readonly bit: number };
}

export interface TlConstructor {
  readonly id: number;
  readonly name: string;
  /** Boxed type of a constructor; result type of a method. */
  readonly type: string;
  readonly method: boolean;
  readonly namespace: "mt" | "api";
  readonly params: readonly TlParam[];
  /** For methods: the result type parsed (`Vector<User>`, `X` …). */
  readonly result: TlType;
}

export interface TlTables {
  readonly layer: number;
  readonly byId: ReadonlyMap<number, TlConstructor>;
  readonly byName: ReadonlyMap<string, TlConstructor>;
  /** Constructors (not methods) of each boxed type. */
  readonly byType: ReadonlyMap<string, readonly TlConstructor[]>;
}

const PRIMITIVES = new Set<string>([
  "int",
  "long",
  "double",
  "int128",
  "int256",
  "bytes",
  "string",
  "Bool",
  "true",
  "#",
]);

/** Parses a schema type expression; `generics` are the entry's `{X:Type}` names (any object). */
export function parseType(expr: string, namespace: "mt" | "api"): TlType {
  if (PRIMITIVES.has(expr)) return { kind: "primitive", name: expr as TlPrimitive };
  const vec = /^([Vv])ector<(.+)>$/.exec(expr);
  if (vec) return { kind: "vector", boxed: vec[1] === "V", of: parseType(vec[2] as string, namespace) };
  if (expr.startsWith("!")) return { kind: "object", type: expr.slice(1), any: true };
  if (expr.startsWith("%")) return { kind: "bare", ctor: ctorName(expr.slice(1), namespace) };
  if (expr === "Object" || expr === "X" || expr === "Type") return { kind: "object", type: expr, any: true };
  const last = expr.slice(expr.lastIndexOf(".") + 1);
  if (/^[a-z]/.test(last)) return { kind: "bare", ctor: ctorName(expr, namespace) };
  return { kind: "object", type: expr, any: false };
}

/** The service schema's names carry `mt_` (as mtcute's do), so they never collide with API names. */
function ctorName(name: string, namespace: "mt" | "api"): string {
  return namespace === "mt" && !name.startsWith("mt_") ? `mt_${name}` : name;
}

/** Builds the tables for one API layer together with the service schema. */
export function buildTables(api: TlSchemaData, mt: TlSchemaData): TlTables {
  const byId = new Map<number, TlConstructor>();
  const byName = new Map<string, TlConstructor>();
  const byType = new Map<string, TlConstructor[]>();
  const typeCache = new Map<string, TlType>();
  const typeOf = (expr: string, ns: "mt" | "api"): TlType => {
    const key = `${ns}:${expr}`;
    const cached = typeCache.get(key);
    if (cached) return cached;
    const t = parseType(expr, ns);
    typeCache.set(key, t);
    return t;
  };
  const add = (e: TlEntryData, method: boolean, namespace: "mt" | "api") => {
    const [id, name, type, params] = e;
    const ctor: TlConstructor = {
      id: id >>> 0,
      name,
      type,
      method,
      namespace,
      params: params.map((p) => {
        const t = typeOf(p[1], namespace);
        return p.length === 4 ? { name: p[0], type: t, flag: { field: p[2], bit: p[3] } } : { name: p[0], type: t };
      }),
      result: typeOf(type, namespace),
    };
    byId.set(ctor.id, ctor);
    byName.set(name, ctor);
    if (!method) {
      const list = byType.get(type);
      if (list) list.push(ctor);
      else byType.set(type, [ctor]);
    }
  };
  for (const schema of [mt, api]) {
    for (const e of schema.constructors) add(e, false, schema.namespace);
    for (const e of schema.methods) add(e, true, schema.namespace);
  }
  return { layer: api.layer, byId, byName, byType };
}
