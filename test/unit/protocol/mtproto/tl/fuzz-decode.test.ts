/**
 * The TL decoder on hostile bytes: random input, random input behind a real constructor id, and
 * mutated valid encodings, in every layer. The only failure allowed is a TlDecodeError. CI runs 2,000
 * cases per property; `npm run fuzz` sets FUZZ_RUNS (≥100,000).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCall } from "../../../../../protocol/mtproto/layers/calls.ts";
import { SUPPORTED_LAYERS, tablesForLayer } from "../../../../../protocol/mtproto/layers/resolve.ts";
import { decode, encode } from "../../../../../protocol/mtproto/tl/codec.ts";
import { TlDecodeError } from "../../../../../protocol/mtproto/tl/errors.ts";
import { randomObject, rngFrom } from "../random-tl.ts";

const RUNS = Number(process.env.FUZZ_RUNS) || 2000;

/** Decoding either succeeds or fails with a TlDecodeError; anything else is a crash. */
function decodesOrRejects(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (e) {
    if (e instanceof TlDecodeError) return true;
    throw e;
  }
}

const le32 = (id: number) => new Uint8Array(new Uint32Array([id]).buffer);

for (const layer of SUPPORTED_LAYERS) {
  describe(`decoder fuzz, layer ${layer}`, () => {
    const t = tablesForLayer(layer);
    const ids = [...t.byId.keys()];
    const ctors = [...t.byName.values()];
    // Valid encodings to mutate: a spread of constructors and methods, including nested ones.
    const pool = Array.from({ length: 200 }, (_, i) => {
      const ctor = ctors[(i * 7919) % ctors.length] as (typeof ctors)[number];
      const obj = randomObject(t, ctor, rngFrom(i), 0, { anyObject: { _: "help.getConfig" } });
      return ctor.name === "mt_message" ? encode(t, { _: "boolTrue" }) : encode(t, obj);
    });

    it("random bytes", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => decodesOrRejects(() => decode(t, bytes))),
        { numRuns: RUNS },
      );
    });

    it("random bytes behind a real constructor id", () => {
      fc.assert(
        fc.property(fc.constantFrom(...ids), fc.uint8Array({ maxLength: 1024 }), (id, tail) =>
          decodesOrRejects(() => decode(t, new Uint8Array([...le32(id), ...tail]))),
        ),
        { numRuns: RUNS },
      );
    });

    it("mutated valid encodings", () => {
      const mutation = fc.record({
        which: fc.nat(pool.length - 1),
        at: fc.nat(),
        kind: fc.constantFrom("flip", "byte", "cut", "insert", "int"),
        value: fc.nat(0xffffffff),
      });
      fc.assert(
        fc.property(mutation, ({ which, at, kind, value }) => {
          const src = pool[which] as Uint8Array;
          const i = src.length ? at % src.length : 0;
          let bytes: Uint8Array = src.slice();
          if (kind === "flip") bytes[i] = (bytes[i] ?? 0) ^ (1 << (value % 8));
          else if (kind === "byte") bytes[i] = value & 0xff;
          else if (kind === "cut") bytes = src.slice(0, i);
          else if (kind === "insert") bytes = new Uint8Array([...src.slice(0, i), value & 0xff, ...src.slice(i)]);
          else if (i + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(i - (i % 4), value, true);
          return decodesOrRejects(() => decode(t, bytes));
        }),
        { numRuns: RUNS },
      );
    });

    it("RPC calls behind invokeWithLayer", () => {
      const header = new Uint8Array([...le32(0xda9b0d0d), ...le32(layer)]);
      fc.assert(
        fc.property(fc.nat(pool.length - 1), fc.uint8Array({ maxLength: 64 }), (which, noise) => {
          const body = pool[which] as Uint8Array;
          return decodesOrRejects(() => decodeCall(new Uint8Array([...header, ...body, ...noise]), layer));
        }),
        { numRuns: RUNS },
      );
      expect(decodeCall(new Uint8Array([...header, ...le32(0xc4f9186b)]), 0).method).toEqual({ _: "help.getConfig" });
    });
  });
}
