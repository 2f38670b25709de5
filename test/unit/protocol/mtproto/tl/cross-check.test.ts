/**
 * Our encoder against two other libraries' serialisers, over random objects of every constructor and
 * method: mtcute (layer 227, @mtcute/tl-runtime with @mtcute/core's generated maps) and GramJS
 * (layer 198, npm `telegram`). Bytes must agree both ways.
 */
import { readFileSync } from "node:fs";
import { TlBinaryReader, TlBinaryWriter } from "@mtcute/tl-runtime";
import Long from "long";
import { Api } from "telegram";
import { BinaryReader } from "telegram/extensions/index.js";
import { describe, expect, it } from "vitest";
import { __tlReaderMap } from "../../../../../node_modules/@mtcute/core/tl/binary/reader.js";
import { __tlWriterMap } from "../../../../../node_modules/@mtcute/core/tl/binary/writer.js";
import { tablesForLayer } from "../../../../../protocol/mtproto/layers/resolve.ts";
import { decode, encode, type TlObject } from "../../../../../protocol/mtproto/tl/codec.ts";
import type { TlTables, TlType } from "../../../../../protocol/mtproto/tl/tables.ts";
import { randomObject, rngFrom } from "../random-tl.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const SEEDS = [11, 12, 13];

describe("mtcute (layer 227)", () => {
  const t = tablesForLayer(227);
  // mtcute reads some longs as JS numbers (its `int53`): name.field of those.
  const schema = JSON.parse(readFileSync("node_modules/@mtcute/core/tl/api-schema.json", "utf8")) as {
    e: { name: string; arguments: { name: string; type: string }[] }[];
  };
  const camel = (s: string) => s.replace(/_([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
  const int53 = new Set(
    schema.e.flatMap((e) => e.arguments.filter((a) => a.type === "int53").map((a) => `${e.name}.${camel(a.name)}`)),
  );

  /** Our object model → mtcute's (Long for long, number for its int53 fields, Uint8Array otherwise the same). */
  function toMtcute(tables: TlTables, type: TlType, value: unknown, key: string): unknown {
    if (type.kind === "primitive" && type.name === "long") {
      return int53.has(key) ? Number(value as bigint) : Long.fromBigInt(value as bigint);
    }
    if (type.kind === "vector") return (value as unknown[]).map((v) => toMtcute(tables, type.of, v, key));
    if (type.kind === "object" && typeof value === "object" && value !== null && !(value instanceof Uint8Array)) {
      const obj = value as TlObject;
      const ctor = tables.byName.get(obj._);
      if (!ctor) return value;
      const out: Record<string, unknown> = { _: obj._ };
      for (const p of ctor.params) {
        if (obj[p.name] !== undefined) out[p.name] = toMtcute(tables, p.type, obj[p.name], `${obj._}.${p.name}`);
      }
      return out;
    }
    return value;
  }

  it("writes every constructor and method as mtcute does", () => {
    let checked = 0;
    for (const ctor of t.byName.values()) {
      if (ctor.namespace !== "api" || !__tlWriterMap[ctor.name]) continue;
      for (const seed of SEEDS) {
        const obj = randomObject(t, ctor, rngFrom(seed ^ ctor.id), 0, {
          longs: "safe",
          nonEmptyOptionalVectors: true,
        });
        const ours = encode(t, obj);
        const theirs = TlBinaryWriter.serializeObject(__tlWriterMap, toMtcute(t, ANY, obj, "") as { _: string });
        expect(hex(theirs), ctor.name).toBe(hex(ours));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2400 * SEEDS.length);
  });

  it("reads every constructor we write, and writes it back byte for byte", () => {
    for (const ctor of t.byName.values()) {
      if (ctor.namespace !== "api" || ctor.method || !__tlReaderMap[ctor.id]) continue;
      for (const seed of SEEDS) {
        const ours = encode(
          t,
          randomObject(t, ctor, rngFrom(seed * 31 + ctor.id), 0, { longs: "safe", nonEmptyOptionalVectors: true }),
        );
        const read = TlBinaryReader.deserializeObject<{ _: string }>(__tlReaderMap, ours);
        const back = TlBinaryWriter.serializeObject(__tlWriterMap, read);
        expect(hex(back), ctor.name).toBe(hex(ours));
        expect(encode(t, decode(t, back))).toEqual(ours);
      }
    }
  });
});

const ANY: TlType = { kind: "object", type: "Object", any: true };

const GRAMJS_SKIPS = new Set([
  "boolTrue",
  "boolFalse",
  "true",
  "error",
  "null",
  "message",
  "messageService",
  "messageEmpty",
]);

describe("GramJS (layer 198)", () => {
  const t = tablesForLayer(198);

  it("reads every constructor and method we write, and writes it back byte for byte", () => {
    expect(typeof Api.messages.SendMessage).toBe("function");
    let checked = 0;
    for (const ctor of t.byName.values()) {
      // GramJS reads TL's core types (Bool, true, error, null) itself, not as objects.
      if (ctor.namespace !== "api" || GRAMJS_SKIPS.has(ctor.name)) continue;
      for (const seed of SEEDS) {
        const ours = encode(t, randomObject(t, ctor, rngFrom(seed * 7 + ctor.id), 0, { longs: "positive" }));
        const read = new BinaryReader(Buffer.from(ours)).tgReadObject() as { getBytes(): Buffer };
        const back = new Uint8Array(read.getBytes());
        expect(hex(back), ctor.name).toBe(hex(ours));
        expect(decode(t, back)).toEqual(decode(t, ours));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2000 * SEEDS.length);
  });
});
