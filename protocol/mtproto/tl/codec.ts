/**
 * Encodes and decodes TL objects by interpreting the generated tables (no generated code, no eval).
 * Objects look like mtcute's: `{ _: "messages.sendMessage", peer: {...}, message: "hi", randomId: 1n }`,
 * camelCase fields, `flags` computed from which optional fields are present, `flags.N?true` as
 * booleans, long as bigint, int128/int256/bytes as Uint8Array, Bool as boolean, vectors as arrays.
 */
import { TlDecodeError, TlEncodeError } from "./errors.ts";
import { TlReader } from "./reader.ts";
import type { TlConstructor, TlTables, TlType } from "./tables.ts";
import { parseType } from "./tables.ts";
import { TlWriter } from "./writer.ts";

export interface TlObject {
  _: string;
  [field: string]: unknown;
}

export interface TlDecodeOptions {
  /**
   * Inflates a `gzip_packed` payload (sync; the caller bounds the output size). Without it a
   * gzip_packed object decodes as `{ _: "mt_gzip_packed", packedData }`.
   */
  inflate?: (packed: Uint8Array) => Uint8Array;
}

export const VECTOR_ID = 0x1cb5c415;
export const GZIP_PACKED_ID = 0x3072cfa1;
const BOOL_TRUE_ID = 0x997275b5;
const BOOL_FALSE_ID = 0xbc799737;
const TRUE_ID = 0x3fedd339;
/** Deeper nesting than any real object; bounds recursion on hostile input and cyclic objects. */
const MAX_DEPTH = 64;
const ANY: TlType = { kind: "object", type: "Object", any: true };

// ---- encoding ----

/** A boxed object (constructor id first). */
export function encode(tables: TlTables, obj: TlObject): Uint8Array {
  const w = new TlWriter();
  writeObject(tables, w, obj);
  return w.result();
}

/** A bare object: its fields only, without the constructor id. */
export function encodeBare(tables: TlTables, obj: TlObject): Uint8Array {
  const w = new TlWriter();
  writeFields(tables, w, constructorOf(tables, obj), obj, 0);
  return w.result();
}

/** A method's result, typed by the method (`Vector<User>`, `Bool` …; generic wrappers by their query). */
export function encodeResult(tables: TlTables, call: TlObject | string, value: unknown): Uint8Array {
  const w = new TlWriter();
  writeValue(tables, w, resultType(tables, call), value, 0);
  return w.result();
}

/** Any value of a schema type expression, e.g. `encodeValue(t, "Vector<long>", [1n])`. */
export function encodeValue(tables: TlTables, type: string, value: unknown): Uint8Array {
  const w = new TlWriter();
  writeValue(tables, w, parseType(type, "api"), value, 0);
  return w.result();
}

export function writeObject(tables: TlTables, w: TlWriter, obj: TlObject): void {
  writeValue(tables, w, ANY, obj, 0);
}

function constructorOf(tables: TlTables, obj: unknown): TlConstructor {
  const name = typeof obj === "object" && obj !== null ? (obj as TlObject)._ : undefined;
  if (typeof name !== "string") throw new TlEncodeError("expected a TL object with a `_` name");
  const ctor = tables.byName.get(name);
  if (!ctor) throw new TlEncodeError(`${name} is not in layer ${tables.layer}`);
  return ctor;
}

function writeValue(tables: TlTables, w: TlWriter, type: TlType, value: unknown, depth: number): void {
  if (depth > MAX_DEPTH) throw new TlEncodeError("object nested too deep (or cyclic)");
  switch (type.kind) {
    case "primitive":
      writePrimitive(w, type.name, value);
      return;
    case "vector": {
      if (!Array.isArray(value)) throw new TlEncodeError(`expected an array for ${type.boxed ? "Vector" : "vector"}`);
      if (type.boxed) w.int(VECTOR_ID);
      w.int(value.length);
      for (const item of value) writeValue(tables, w, type.of, item, depth + 1);
      return;
    }
    case "bare": {
      const ctor = tables.byName.get(type.ctor);
      if (!ctor) throw new TlEncodeError(`bare ${type.ctor} is not in layer ${tables.layer}`);
      writeFields(tables, w, ctor, (value ?? {}) as TlObject, depth + 1);
      return;
    }
    case "object": {
      // A pre-encoded object (e.g. an rpc_result body already serialised) goes in as it is.
      if (type.any && value instanceof Uint8Array) {
        w.raw(value);
        return;
      }
      if (type.type === "True" && value === true) {
        w.int(TRUE_ID);
        return;
      }
      const ctor = constructorOf(tables, value);
      if (!type.any && ctor.type !== type.type) {
        throw new TlEncodeError(`${ctor.name} (${ctor.type}) where ${type.type} belongs`);
      }
      w.int(ctor.id);
      writeFields(tables, w, ctor, value as TlObject, depth + 1);
      return;
    }
  }
}

function writePrimitive(w: TlWriter, name: string, value: unknown): void {
  switch (name) {
    case "int":
      w.int(value as number);
      return;
    case "long":
      w.long(value as bigint);
      return;
    case "double":
      w.double(value as number);
      return;
    case "int128":
      w.fixed(value as Uint8Array, 16);
      return;
    case "int256":
      w.fixed(value as Uint8Array, 32);
      return;
    case "bytes":
      w.bytesValue(value as Uint8Array);
      return;
    case "string":
      w.string(value as string);
      return;
    case "Bool":
      if (typeof value !== "boolean") throw new TlEncodeError("expected a boolean for Bool");
      w.int(value ? BOOL_TRUE_ID : BOOL_FALSE_ID);
      return;
    case "true":
      return;
    default:
      throw new TlEncodeError(`cannot write a bare ${name}`);
  }
}

function present(value: unknown, isTrue: boolean): boolean {
  return isTrue ? value === true : value !== undefined && value !== null;
}

function writeFields(tables: TlTables, w: TlWriter, ctor: TlConstructor, obj: TlObject, depth: number): void {
  if (depth > MAX_DEPTH) throw new TlEncodeError("object nested too deep (or cyclic)");
  for (const p of ctor.params) {
    if (p.holds) {
      let flags = 0;
      for (const q of p.holds) if (present(obj[q.name], q.isTrue)) flags |= 1 << (q.flag?.bit ?? 0);
      w.int(flags >>> 0);
      continue;
    }
    const value = obj[p.name];
    if (p.flag) {
      if (p.isTrue) continue;
      if (!present(value, false)) {
        // Another param set this param's bit: the reader would expect this one too.
        if (p.partners?.some((q) => present(obj[q.name], q.isTrue))) {
          throw new TlEncodeError(
            `${ctor.name}.${p.name} shares flag bit ${p.flag.bit} with a field that is set: give both`,
          );
        }
        continue;
      }
    } else if (value === undefined || value === null) {
      throw new TlEncodeError(`${ctor.name} is missing required field ${p.name}`);
    }
    try {
      writeValue(tables, w, p.type, value, depth + 1);
    } catch (e) {
      if (e instanceof TlEncodeError && !e.message.includes(" in ")) {
        throw new TlEncodeError(`${e.message} in ${ctor.name}.${p.name}`);
      }
      throw e;
    }
  }
}

// ---- decoding ----

/** One boxed object that must fill `bytes` exactly. */
export function decode(tables: TlTables, bytes: Uint8Array, opts: TlDecodeOptions = {}): TlObject {
  const r = new TlReader(bytes);
  const obj = readValue(tables, r, ANY, 0, opts) as TlObject;
  expectEnd(r);
  return obj;
}

/** A bare object of the named constructor that must fill `bytes` exactly. */
export function decodeBare(tables: TlTables, name: string, bytes: Uint8Array, opts: TlDecodeOptions = {}): TlObject {
  const r = new TlReader(bytes);
  const obj = readValue(tables, r, { kind: "bare", ctor: name }, 0, opts) as TlObject;
  expectEnd(r);
  return obj;
}

/** A method's result as the method types it. */
export function decodeResult(
  tables: TlTables,
  call: TlObject | string,
  bytes: Uint8Array,
  opts: TlDecodeOptions = {},
): unknown {
  const r = new TlReader(bytes);
  const value = readValue(tables, r, resultType(tables, call), 0, opts);
  expectEnd(r);
  return value;
}

/** Reads one boxed object at the reader's position (for callers walking containers themselves). */
export function readObject(tables: TlTables, r: TlReader, opts: TlDecodeOptions = {}): TlObject {
  return readValue(tables, r, ANY, 0, opts) as TlObject;
}

function expectEnd(r: TlReader): void {
  if (r.remaining !== 0) throw new TlDecodeError("TRAILING_BYTES", r.pos, `${r.remaining} bytes after the object`);
}

/** The fewest bytes one element of a type can take: bounds a vector's count by the input left. */
function minSize(type: TlType): number {
  if (type.kind === "vector") return type.boxed ? 8 : 4;
  if (type.kind === "bare") return 0;
  if (type.kind === "object") return 4;
  switch (type.name) {
    case "long":
    case "double":
      return 8;
    case "int128":
      return 16;
    case "int256":
      return 32;
    case "true":
      return 0;
    default:
      return 4;
  }
}

function readVector(tables: TlTables, r: TlReader, of: TlType, depth: number, opts: TlDecodeOptions): unknown[] {
  const at = r.pos;
  const count = r.int();
  if (count < 0 || count > r.remaining / Math.max(1, minSize(of))) {
    throw new TlDecodeError("BAD_VECTOR", at, `count ${count} with ${r.remaining} bytes left`);
  }
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) items.push(readValue(tables, r, of, depth + 1, opts));
  return items;
}

function readValue(tables: TlTables, r: TlReader, type: TlType, depth: number, opts: TlDecodeOptions): unknown {
  if (depth > MAX_DEPTH) throw new TlDecodeError("TOO_DEEP", r.pos, `nesting over ${MAX_DEPTH}`);
  switch (type.kind) {
    case "primitive":
      return readPrimitive(r, type.name);
    case "vector": {
      if (type.boxed) {
        const at = r.pos;
        const id = r.uint();
        if (id !== VECTOR_ID) throw new TlDecodeError("UNEXPECTED_CONSTRUCTOR", at, "expected a Vector", id);
      }
      return readVector(tables, r, type.of, depth, opts);
    }
    case "bare": {
      const ctor = tables.byName.get(type.ctor);
      if (!ctor) throw new TlDecodeError("UNKNOWN_CONSTRUCTOR", r.pos, `bare ${type.ctor}`);
      return readFields(tables, r, ctor, depth + 1, opts);
    }
    case "object":
      return readBoxed(tables, r, type, depth, opts);
  }
}

function readBoxed(
  tables: TlTables,
  r: TlReader,
  type: TlType & { kind: "object" },
  depth: number,
  opts: TlDecodeOptions,
): unknown {
  const at = r.pos;
  const id = r.uint();
  if (id === GZIP_PACKED_ID) {
    const packedData = r.bytesValue();
    if (!opts.inflate) return { _: "mt_gzip_packed", packedData };
    let inner: Uint8Array;
    try {
      inner = opts.inflate(packedData);
    } catch (e) {
      throw new TlDecodeError("BAD_GZIP", at, e instanceof Error ? e.message : String(e));
    }
    const ir = new TlReader(inner);
    const value = readBoxed(tables, ir, type, depth + 1, opts);
    expectEnd(ir);
    return value;
  }
  if (type.any && id === VECTOR_ID) return readVector(tables, r, ANY, depth, opts);
  if (type.type === "True" && id === TRUE_ID) return true;
  const ctor = tables.byId.get(id);
  if (!ctor) throw new TlDecodeError("UNKNOWN_CONSTRUCTOR", at, `0x${id.toString(16)}`, id);
  if (!type.any && ctor.type !== type.type) {
    throw new TlDecodeError("UNEXPECTED_CONSTRUCTOR", at, `${ctor.name} where a ${type.type} belongs`, id);
  }
  return readFields(tables, r, ctor, depth + 1, opts);
}

function readPrimitive(r: TlReader, name: string): unknown {
  switch (name) {
    case "int":
      return r.int();
    case "long":
      return r.long();
    case "double":
      return r.double();
    case "int128":
      return r.int128();
    case "int256":
      return r.int256();
    case "bytes":
      return r.bytesValue();
    case "string":
      return r.string();
    case "Bool": {
      const at = r.pos;
      const id = r.uint();
      if (id === BOOL_TRUE_ID) return true;
      if (id === BOOL_FALSE_ID) return false;
      throw new TlDecodeError("BAD_BOOL", at, `0x${id.toString(16)}`, id);
    }
    case "true":
      return true;
    default:
      return r.uint();
  }
}

function readFields(
  tables: TlTables,
  r: TlReader,
  ctor: TlConstructor,
  depth: number,
  opts: TlDecodeOptions,
): TlObject {
  if (depth > MAX_DEPTH) throw new TlDecodeError("TOO_DEEP", r.pos, `nesting over ${MAX_DEPTH}`);
  const obj: TlObject = { _: ctor.name };
  let flags: Record<string, number> | undefined;
  for (const p of ctor.params) {
    if (p.holds) {
      flags ??= {};
      flags[p.name] = r.uint();
      continue;
    }
    if (p.flag) {
      const set = (((flags?.[p.flag.field] ?? 0) >>> p.flag.bit) & 1) === 1;
      if (p.isTrue) {
        obj[p.name] = set;
        continue;
      }
      if (!set) continue;
    }
    obj[p.name] = readValue(tables, r, p.type, depth + 1, opts);
  }
  return obj;
}

/** The type a call returns; generic wrappers (`invokeWithLayer` … `= X`) return their query's. */
export function resultType(tables: TlTables, call: TlObject | string): TlType {
  let current: TlObject | string = call;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const name = typeof current === "string" ? current : current._;
    const ctor = tables.byName.get(name);
    if (!ctor?.method) throw new TlEncodeError(`${name} is not a method of layer ${tables.layer}`);
    if (!(ctor.result.kind === "object" && ctor.result.any)) return ctor.result;
    const query = typeof current === "string" ? undefined : current.query;
    if (typeof query !== "object" || query === null) return ANY;
    current = query as TlObject;
  }
  throw new TlEncodeError("call nested too deep");
}
