/**
 * Fuzz targets for the MTProto framings: arbitrary bytes, cut into arbitrary chunks, either decode to
 * frames or fail with a FrameError — no other exception, no hang — and real frames, cut anywhere,
 * always decode back. CI-sized here; `npm run fuzz` raises FUZZ_RUNS.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nobleCryptoProvider as c } from "../../protocol/mtproto/crypto/noble.ts";
import { FrameError } from "../../protocol/mtproto/errors.ts";
import { AbridgedCodec } from "../../protocol/mtproto/transport/abridged.ts";
import type { FrameCodec } from "../../protocol/mtproto/transport/codec.ts";
import { ServerConnectionCodec } from "../../protocol/mtproto/transport/detect.ts";
import { FullCodec } from "../../protocol/mtproto/transport/full.ts";
import { IntermediateCodec } from "../../protocol/mtproto/transport/intermediate.ts";
import { createObfuscatedClient } from "../../protocol/mtproto/transport/obfuscated.ts";
import { fuzzRuns } from "./fuzz-config.ts";

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const MAX = 4096;

/** Feeds `bytes` to `codec` in pieces of the given sizes; returns frames, or the FrameError it failed with. */
function feed(codec: FrameCodec, bytes: Uint8Array, cuts: number[]): Uint8Array[] | FrameError {
  const frames: Uint8Array[] = [];
  let o = 0;
  try {
    for (const n of [...cuts, bytes.length]) {
      frames.push(...codec.push(bytes.subarray(o, Math.min(bytes.length, o + n))));
      o = Math.min(bytes.length, o + n);
    }
    return frames;
  } catch (e) {
    if (e instanceof FrameError) return e;
    throw e;
  }
}

const garbage = fc.uint8Array({ maxLength: 600 });
const cuts = fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 12 });
const lead = fc.constantFrom(
  [],
  [0xef],
  [0xee, 0xee, 0xee, 0xee],
  [0xdd, 0xdd, 0xdd, 0xdd],
  [0x10, 0, 0, 0, 0, 0, 0, 0],
  [0x7f, 0xff, 0xff, 0xff],
);

describe("fuzz: MTProto transport codecs", () => {
  it("garbage after any opening decodes or fails with FrameError only, within the size limit", () => {
    fc.assert(
      fc.property(lead, garbage, cuts, (head, body, cut) => {
        const codec = new ServerConnectionCodec(c, random, { maxFrameSize: MAX });
        const out = feed(codec, Uint8Array.from([...head, ...body]), cut);
        if (!(out instanceof FrameError)) for (const f of out) expect(f.length).toBeLessThanOrEqual(MAX + 15);
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });

  it("each plain codec fed garbage directly fails only with FrameError", () => {
    const makers = [
      () => new AbridgedCodec({ maxFrameSize: MAX }),
      () => new IntermediateCodec({ maxFrameSize: MAX }),
      () => new IntermediateCodec({ maxFrameSize: MAX }, random),
      () => new FullCodec({ maxFrameSize: MAX }),
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), garbage, cuts, (k, body, cut) => {
        feed(makers[k]!(), body, cut);
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });

  it("real frames in every framing, obfuscated or not, cut anywhere, decode to the payloads sent", () => {
    const payloads = fc.array(
      fc.integer({ min: 1, max: 200 }).map((w) => random(w * 4)),
      { minLength: 1, maxLength: 5 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), payloads, cuts, (k, msgs, cut) => {
        let client: FrameCodec;
        let head: Uint8Array;
        if (k < 3) {
          const o = createObfuscatedClient(c, (["abridged", "intermediate", "padded"] as const)[k]!, 2, random);
          client = o.codec;
          head = o.init;
        } else {
          client = [new AbridgedCodec(), new IntermediateCodec(), new IntermediateCodec({}, random), new FullCodec()][
            k - 3
          ]!;
          head = [
            Uint8Array.of(0xef),
            Uint8Array.of(0xee, 0xee, 0xee, 0xee),
            Uint8Array.of(0xdd, 0xdd, 0xdd, 0xdd),
            new Uint8Array(0),
          ][k - 3]!;
        }
        const parts = msgs.map((m) => client.encodeFrame(m));
        const wire = new Uint8Array(head.length + parts.reduce((n, p) => n + p.length, 0));
        wire.set(head);
        let o = head.length;
        for (const p of parts) {
          wire.set(p, o);
          o += p.length;
        }
        const out = feed(new ServerConnectionCodec(c, random), wire, cut);
        expect(out).toBeInstanceOf(Array);
        const frames = out as Uint8Array[];
        expect(frames.map((f, i) => Array.from(f.subarray(0, msgs[i]!.length)))).toEqual(
          msgs.map((m) => Array.from(m)),
        );
      }),
      { numRuns: fuzzRuns(500, 0.1) },
    );
  });
});
