/**
 * Moves objects between layers by constructor and field name, so the core sees one object model (the
 * current layer's) whatever layer a client speaks. Fields the target lacks are dropped; required
 * fields it has and the source lacks get defaults (0, "", [], false, the simplest constructor of the
 * type); renames, stand-ins and field moves come from compat.ts.
 */
import type { TlObject } from "../tl/codec.ts";
import { TlDecodeError, TlEncodeError } from "../tl/errors.ts";
import type { TlConstructor, TlParam, TlTables, TlType } from "../tl/tables.ts";
import { FIELD_MOVES, RENAMED, RENAMED_BACK, STAND_IN_BY_TYPE } from "./compat.ts";
import { CURRENT_LAYER, tablesForLayer } from "./resolve.ts";

const MAX_DEPTH = 64;
/** Defaults are built from the simplest constructors; deeper than this the schema is not defaultable. */
const MAX_DEFAULT_DEPTH = 8;

type Direction = "up" | "down";

/** An object decoded in `fromLayer` as the current layer's object model. */
export function upgrade(obj: TlObject, fromLayer: number): TlObject {
  const from = tablesForLayer(fromLayer);
  const to = tablesForLayer(CURRENT_LAYER);
  if (from === to) return obj;
  try {
    return convertObject(to, obj, undefined, "up", 0) as TlObject;
  } catch (e) {
    // The call is valid in the client's layer but has no current-layer counterpart: answer it as unknown.
    if (e instanceof TlEncodeError)
      throw new TlDecodeError("UNKNOWN_CONSTRUCTOR", 0, e.message, from.byName.get(obj._)?.id);
    throw e;
  }
}

/** A current-layer object in the shape of `toLayer` (then encode it with that layer's tables). */
export function downgrade(obj: TlObject, toLayer: number): TlObject {
  const to = tablesForLayer(toLayer);
  if (to === tablesForLayer(CURRENT_LAYER)) return obj;
  return convertObject(to, obj, undefined, "down", 0) as TlObject;
}

/** Any value (object, vector of objects, primitive) converted to `toLayer`'s shapes. */
export function downgradeValue(value: unknown, type: TlType | undefined, toLayer: number): unknown {
  const to = tablesForLayer(toLayer);
  if (to === tablesForLayer(CURRENT_LAYER)) return value;
  return type ? convertValue(to, type, value, "down", 0) : convertAny(to, value, "down", 0);
}

function targetName(tables: TlTables, name: string, dir: Direction): string {
  if (tables.byName.has(name)) return name;
  const renamed = dir === "down" ? RENAMED[name] : RENAMED_BACK[name];
  return renamed && tables.byName.has(renamed) ? renamed : name;
}

function convertAny(tables: TlTables, value: unknown, dir: Direction, depth: number): unknown {
  if (Array.isArray(value)) return value.map((v) => convertAny(tables, v, dir, depth + 1));
  if (typeof value === "object" && value !== null && !(value instanceof Uint8Array) && "_" in value) {
    return convertObject(tables, value as TlObject, undefined, dir, depth + 1);
  }
  return value;
}

/**
 * `expected` is the boxed type the slot wants (undefined: any object). Returns undefined when the
 * object has no counterpart in the target and no stand-in: vectors leave it out, fields default it.
 */
function convertObject(
  tables: TlTables,
  obj: TlObject,
  expected: string | undefined,
  dir: Direction,
  depth: number,
  standIns = true,
): TlObject | undefined {
  if (depth > MAX_DEPTH) throw new TlEncodeError("object nested too deep (or cyclic)");
  let ctor = tables.byName.get(targetName(tables, obj._, dir));
  if (!ctor || (expected !== undefined && ctor.type !== expected)) {
    const standIn = expected && standIns ? STAND_IN_BY_TYPE[expected] : undefined;
    const fallback = standIn ? tables.byName.get(standIn) : undefined;
    if (!fallback || fallback.type !== expected) {
      if (expected === undefined) throw new TlEncodeError(`${obj._} has no counterpart in layer ${tables.layer}`);
      return undefined;
    }
    ctor = fallback;
  }
  const out: TlObject = { _: ctor.name };
  for (const p of ctor.params) {
    if (p.type.kind === "primitive" && p.type.name === "#") continue;
    const value = obj[p.name];
    if (value !== undefined && value !== null) {
      const converted = convertValue(tables, p.type, value, dir, depth + 1);
      if (converted !== undefined) out[p.name] = converted;
    }
  }
  const move = FIELD_MOVES[ctor.name] ?? FIELD_MOVES[obj._];
  if (dir === "up") move?.up?.(obj, out);
  else move?.down?.(obj, out);
  fillRequired(tables, ctor, out);
  return out;
}

function fillRequired(tables: TlTables, ctor: TlConstructor, out: TlObject): void {
  const isTrue = (p: TlParam) => p.type.kind === "primitive" && p.type.name === "true";
  for (const p of ctor.params) {
    if (p.type.kind === "primitive" && p.type.name === "#") continue;
    if (p.flag) {
      const flag = p.flag;
      if (isTrue(p)) {
        if (out[p.name] === undefined) out[p.name] = false;
        continue;
      }
      // Params sharing a flag bit travel together: if one is present, the others need a value too.
      const partners = ctor.params.filter((q) => q !== p && q.flag?.field === flag.field && q.flag.bit === flag.bit);
      const set = (q: TlParam) => (isTrue(q) ? out[q.name] === true : out[q.name] !== undefined);
      if (out[p.name] === undefined && partners.some(set)) {
        out[p.name] = defaultValue(tables, p.type, 0);
      }
      continue;
    }
    if (out[p.name] === undefined) out[p.name] = defaultValue(tables, p.type, 0);
  }
}

function convertValue(tables: TlTables, type: TlType, value: unknown, dir: Direction, depth: number): unknown {
  switch (type.kind) {
    case "primitive":
      return coerce(type.name, value);
    case "vector": {
      if (!Array.isArray(value)) return undefined;
      const items: unknown[] = [];
      for (const item of value) {
        // An element the target cannot represent is left out rather than replaced by a stand-in.
        const v =
          type.of.kind === "object" && !type.of.any && typeof item === "object" && item !== null
            ? convertObject(tables, item as TlObject, type.of.type, dir, depth + 1, false)
            : convertValue(tables, type.of, item, dir, depth + 1);
        if (v !== undefined) items.push(v);
      }
      return items;
    }
    case "bare": {
      if (typeof value !== "object" || value === null) return undefined;
      return convertObject(tables, { ...(value as TlObject), _: type.ctor }, undefined, dir, depth + 1);
    }
    case "object": {
      if (value instanceof Uint8Array) return type.any ? value : undefined;
      if (typeof value !== "object" || value === null) return type.type === "True" ? value : undefined;
      return convertObject(tables, value as TlObject, type.any ? undefined : type.type, dir, depth + 1);
    }
  }
}

/** A primitive in the target's type; a value of another kind (a field whose type changed) is dropped. */
function coerce(name: string, value: unknown): unknown {
  switch (name) {
    case "int": {
      // long → int and double → int happen when a field's type changed; out of range is dropped.
      const n = typeof value === "bigint" ? Number(value) : typeof value === "number" ? Math.trunc(value) : Number.NaN;
      return n >= -0x80000000 && n <= 0x7fffffff ? n : undefined;
    }
    case "double":
      if (typeof value === "bigint") return Number(value);
      return typeof value === "number" ? value : undefined;
    case "long":
      if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
      return typeof value === "bigint" ? value : undefined;
    case "int128":
    case "int256":
    case "bytes":
      return value instanceof Uint8Array ? value : undefined;
    case "string":
      // Text that gained entities (poll questions and answers, layer 178) goes back as its plain text.
      if (typeof value === "object" && value !== null && (value as TlObject)._ === "textWithEntities")
        return (value as { text?: unknown }).text;
      return typeof value === "string" ? value : undefined;
    case "Bool":
    case "true":
      return typeof value === "boolean" ? value : undefined;
    default:
      return undefined;
  }
}

/** The value a required field gets when the source layer has nothing for it. */
export function defaultValue(tables: TlTables, type: TlType, depth: number): unknown {
  switch (type.kind) {
    case "primitive":
      switch (type.name) {
        case "long":
          return 0n;
        case "int128":
          return new Uint8Array(16);
        case "int256":
          return new Uint8Array(32);
        case "bytes":
          return new Uint8Array(0);
        case "string":
          return "";
        case "Bool":
        case "true":
          return false;
        default:
          return 0;
      }
    case "vector":
      return [];
    case "bare": {
      const ctor = tables.byName.get(type.ctor);
      if (!ctor) throw new TlEncodeError(`no default for bare ${type.ctor}`);
      return defaultObject(tables, ctor, depth + 1);
    }
    case "object": {
      const ctors = type.any ? undefined : tables.byType.get(type.type);
      if (!ctors?.length) throw new TlEncodeError(`no default for ${type.type}`);
      return defaultObject(tables, simplest(ctors), depth + 1);
    }
  }
}

function requiredCount(ctor: TlConstructor): number {
  return ctor.params.filter((p) => !p.flag && !(p.type.kind === "primitive" && p.type.name === "#")).length;
}

/** The constructor of a type with the fewest required fields (an `…Empty` one when there is). */
function simplest(ctors: readonly TlConstructor[]): TlConstructor {
  return ctors.reduce((best, c) => (requiredCount(c) < requiredCount(best) ? c : best));
}

function defaultObject(tables: TlTables, ctor: TlConstructor, depth: number): TlObject {
  if (depth > MAX_DEFAULT_DEPTH) throw new TlEncodeError(`no default for ${ctor.type}: nested too deep`);
  const out: TlObject = { _: ctor.name };
  for (const p of ctor.params) {
    if (p.flag || (p.type.kind === "primitive" && p.type.name === "#")) continue;
    out[p.name] = defaultValue(tables, p.type, depth);
  }
  return out;
}
