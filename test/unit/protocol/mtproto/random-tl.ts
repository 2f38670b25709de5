/**
 * Random, valid TL objects of any constructor of a layer, from a seeded generator, for round trips and
 * cross-checks against other libraries' serialisers. Flag params sharing a bit are set together (as a
 * real encoder must), and nesting thins out with depth so objects stay small.
 */
import type { TlObject } from "../../../../protocol/mtproto/tl/codec.ts";
import type { TlConstructor, TlTables, TlType } from "../../../../protocol/mtproto/tl/tables.ts";

export type Rng = () => number;

/** mulberry32: small, fast, seeded. */
export function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomOptions {
  /**
   * `safe`: [0, 2^53) (mtcute reads some longs as JS numbers, and writes negative ones off by one);
   * `positive`: [0, 2^63) (GramJS's patched message classes flip negative peer ids); default: any int64.
   */
  longs?: "safe" | "positive";
  /** Optional vectors get at least one element (mtcute writes an empty optional vector as absent). */
  nonEmptyOptionalVectors?: boolean;
  /** The object put in `Object` / `!X` slots. */
  anyObject?: TlObject;
}

const int = (rng: Rng, n: number) => Math.floor(rng() * n);

function randomBytes(rng: Rng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = int(rng, 256);
  return b;
}

function randomString(rng: Rng): string {
  const alphabet = ["a", "b", "Z", "0", " ", "é", "ж", "😀", "\n", "中"];
  const n = rng() < 0.1 ? 90 + int(rng, 40) : int(rng, 12);
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[int(rng, alphabet.length)];
  return s;
}

function randomLong(rng: Rng, range: RandomOptions["longs"]): bigint {
  if (range === "safe") return BigInt(Math.floor(rng() * 2 ** 53));
  const bits = (BigInt(int(rng, 2 ** 32)) << 32n) | BigInt(int(rng, 2 ** 32));
  return range === "positive" ? BigInt.asUintN(63, bits) : BigInt.asIntN(64, bits);
}

export function randomValue(t: TlTables, type: TlType, rng: Rng, depth: number, o: RandomOptions): unknown {
  switch (type.kind) {
    case "primitive":
      switch (type.name) {
        case "int":
          return int(rng, 2 ** 32) - 2 ** 31;
        case "long":
          return randomLong(rng, o.longs);
        case "double":
          return Math.round((rng() - 0.5) * 1e6) / 8;
        case "int128":
          return randomBytes(rng, 16);
        case "int256":
          return randomBytes(rng, 32);
        case "bytes":
          return randomBytes(rng, rng() < 0.1 ? 250 + int(rng, 300) : int(rng, 20));
        case "string":
          return randomString(rng);
        case "Bool":
        case "true":
          return rng() < 0.5;
        default:
          throw new Error(`no random ${type.name}`);
      }
    case "vector": {
      const n = depth > 3 ? 0 : int(rng, 3);
      return Array.from({ length: n }, () => randomValue(t, type.of, rng, depth + 1, o));
    }
    case "bare":
      return randomObject(t, t.byName.get(type.ctor) as TlConstructor, rng, depth + 1, o);
    case "object": {
      if (type.any) return o.anyObject ?? { _: "help.getConfig" };
      if (type.type === "True") return true;
      const ctors = t.byType.get(type.type);
      if (!ctors?.length) throw new Error(`no constructor of ${type.type}`);
      const pick = depth > 3 ? simplest(ctors) : (ctors[int(rng, ctors.length)] as TlConstructor);
      return randomObject(t, pick, rng, depth + 1, o);
    }
  }
}

function simplest(ctors: readonly TlConstructor[]): TlConstructor {
  const size = (c: TlConstructor) => c.params.filter((p) => !p.flag).length;
  return ctors.reduce((a, b) => (size(b) < size(a) ? b : a));
}

export function randomObject(t: TlTables, ctor: TlConstructor, rng: Rng, depth = 0, o: RandomOptions = {}): TlObject {
  const obj: TlObject = { _: ctor.name };
  const bits = new Map<string, boolean>();
  for (const p of ctor.params) {
    if (p.type.kind === "primitive" && p.type.name === "#") continue;
    if (p.flag) {
      const key = `${p.flag.field}.${p.flag.bit}`;
      if (!bits.has(key)) bits.set(key, depth < 4 && rng() < 0.5);
      const on = bits.get(key) as boolean;
      if (p.type.kind === "primitive" && p.type.name === "true") obj[p.name] = on;
      else if (on) {
        const v = randomValue(t, p.type, rng, depth, o);
        const fill = o.nonEmptyOptionalVectors && p.type.kind === "vector" && Array.isArray(v) && v.length === 0;
        obj[p.name] = fill ? [randomValue(t, p.type.of, rng, 5, o)] : v;
      }
      continue;
    }
    obj[p.name] = randomValue(t, p.type, rng, depth, o);
  }
  return obj;
}
