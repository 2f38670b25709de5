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
  /** `flags.N?true`: a bit only, no bytes. */
  readonly isTrue: boolean;
  /** For a `#` param: the params whose bits it holds. */
  readonly holds?: readonly TlParam[];
  /** For a flag param: the other params of the same bit (they are present or absent together). */
  readonly partners?: readonly TlParam[];
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

/** Parses a schema type expression (`Vector<User>`, `!X`, `%Message`, `mt.FutureSalts` …). */
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

type TypeOf = (expr: string, namespace: "mt" | "api") => TlType;

/**
 * One table entry. Its params are parsed on first use: a layer has ~2,500 entries and a connection
 * touches a few dozen, so building the tables stays cheap on a cold isolate.
 */
class Entry implements TlConstructor {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly method: boolean;
  readonly namespace: "mt" | "api";
  private readonly data: TlEntryData;
  private readonly typeOf: TypeOf;
  private parsed: readonly TlParam[] | undefined;

  constructor(data: TlEntryData, method: boolean, namespace: "mt" | "api", typeOf: TypeOf) {
    this.id = data[0] >>> 0;
    this.name = data[1];
    this.type = data[2];
    this.method = method;
    this.namespace = namespace;
    this.data = data;
    this.typeOf = typeOf;
  }

  get result(): TlType {
    return this.typeOf(this.type, this.namespace);
  }

  get params(): readonly TlParam[] {
    if (!this.parsed) this.parsed = parseParams(this.data[3], this.namespace, this.typeOf);
    return this.parsed;
  }
}

function parseParams(data: TlEntryData[3], namespace: "mt" | "api", typeOf: TypeOf): TlParam[] {
  type Mutable = { -readonly [K in keyof TlParam]: TlParam[K] };
  const params: Mutable[] = data.map((p) => {
    const type = typeOf(p[1], namespace);
    const isTrue = type.kind === "primitive" && type.name === "true";
    return p.length === 4
      ? { name: p[0], type, flag: { field: p[2], bit: p[3] }, isTrue }
      : { name: p[0], type, isTrue };
  });
  for (const p of params) {
    if (p.type.kind === "primitive" && p.type.name === "#") p.holds = params.filter((q) => q.flag?.field === p.name);
    const flag = p.flag;
    if (flag) {
      const partners = params.filter((q) => q !== p && q.flag?.field === flag.field && q.flag.bit === flag.bit);
      if (partners.length) p.partners = partners;
    }
  }
  return params;
}

/** Builds the tables for one API layer together with the service schema. */
export function buildTables(api: TlSchemaData, mt: TlSchemaData): TlTables {
  const byId = new Map<number, TlConstructor>();
  const byName = new Map<string, TlConstructor>();
  const byType = new Map<string, TlConstructor[]>();
  const typeCache = new Map<string, TlType>();
  const typeOf: TypeOf = (expr, ns) => {
    const key = ns === "mt" ? `mt:${expr}` : expr;
    const cached = typeCache.get(key);
    if (cached) return cached;
    const t = parseType(expr, ns);
    typeCache.set(key, t);
    return t;
  };
  for (const schema of [mt, api]) {
    for (const [list, method] of [
      [schema.constructors, false],
      [schema.methods, true],
    ] as const) {
      for (const data of list) {
        const ctor = new Entry(data, method, schema.namespace, typeOf);
        byId.set(ctor.id, ctor);
        byName.set(ctor.name, ctor);
        if (!method) {
          const same = byType.get(ctor.type);
          if (same) same.push(ctor);
          else byType.set(ctor.type, [ctor]);
        }
      }
    }
  }
  return { layer: api.layer, byId, byName, byType };
}
