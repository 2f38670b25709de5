/** The MTProto framings: round trips, frames split anywhere or packed together, detection, garbage → FrameError. */
import { describe, expect, it } from "vitest";
import { nobleCryptoProvider as c } from "../../../../protocol/mtproto/crypto/noble.ts";
import { FrameError } from "../../../../protocol/mtproto/errors.ts";
import { crc32 } from "../../../../protocol/mtproto/tl/crc32.ts";
import { ABRIDGED_MARKER, AbridgedCodec } from "../../../../protocol/mtproto/transport/abridged.ts";
import {
  type FrameCodec,
  parseTransportError,
  transportErrorPayload,
} from "../../../../protocol/mtproto/transport/codec.ts";
import { detectCodec, ServerConnectionCodec } from "../../../../protocol/mtproto/transport/detect.ts";
import { FullCodec } from "../../../../protocol/mtproto/transport/full.ts";
import {
  INTERMEDIATE_MARKER,
  IntermediateCodec,
  PADDED_MARKER,
} from "../../../../protocol/mtproto/transport/intermediate.ts";
import {
  acceptObfuscatedInit,
  createObfuscatedClient,
  isAllowedObfuscatedInit,
  type ObfuscatedInner,
} from "../../../../protocol/mtproto/transport/obfuscated.ts";
import { seededRandom, toHex } from "./fixtures.ts";

const concat = (...p: Uint8Array[]) => Uint8Array.from(p.flatMap((x) => [...x]));
const rnd = seededRandom("transport");
const payloads = [4, 8, 0x7e * 4, 0x7f * 4, 0x80 * 4, 4000, 70_000].map((n) => rnd(n));

type Factory = () => FrameCodec;
const codecs: Record<string, Factory> = {
  abridged: () => new AbridgedCodec(),
  intermediate: () => new IntermediateCodec(),
  full: () => new FullCodec(),
};

/** Strips padded intermediate's 0–15 trailing bytes: the payloads here are whole 4-byte words. */
const unpad = (f: Uint8Array, len: number) => f.subarray(0, len);

describe.each(Object.entries(codecs))("%s codec", (_name, make) => {
  it("round-trips payloads of every length class", () => {
    const tx = make();
    const rx = make();
    for (const p of payloads) {
      const frames = rx.push(tx.encodeFrame(p));
      expect(frames).toHaveLength(1);
      expect(toHex(frames[0]!)).toBe(toHex(p));
    }
  });

  it("decodes a stream cut at every position, and several frames in one chunk", () => {
    const tx = make();
    const small = [rnd(8), rnd(0x7f * 4), rnd(12)];
    const wire = concat(...small.map((p) => tx.encodeFrame(p)));
    for (let cut = 0; cut <= wire.length; cut += 7) {
      const rx = make();
      const got = [...rx.push(wire.subarray(0, cut)), ...rx.push(wire.subarray(cut))];
      expect(got.map(toHex)).toEqual(small.map(toHex));
    }
    const byteByByte = make();
    const got = [...wire].flatMap((b) => byteByByte.push(Uint8Array.of(b)));
    expect(got.map(toHex)).toEqual(small.map(toHex));
  });

  it("refuses a frame declared larger than the maximum before it arrives, and stays failed", () => {
    const tx = make();
    const factory = make().constructor as new (o: { maxFrameSize: number }) => FrameCodec;
    const rx = new factory({ maxFrameSize: 64 });
    const wire = tx.encodeFrame(rnd(68));
    expect(() => rx.push(wire.subarray(0, 4))).toThrow(FrameError);
    try {
      rx.push(wire.subarray(4));
      expect.unreachable();
    } catch (e) {
      expect((e as FrameError).fault).toBe("FRAME_TOO_LARGE");
    }
  });
});

describe("padded intermediate", () => {
  it("adds 0–15 bytes inside the length and round-trips", () => {
    const tx = new IntermediateCodec({}, rnd);
    const rx = new IntermediateCodec({}, rnd);
    const pads = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const p = rnd(16);
      const [f] = rx.push(tx.encodeFrame(p));
      expect(f!.length - 16).toBeGreaterThanOrEqual(0);
      expect(f!.length - 16).toBeLessThan(16);
      pads.add(f!.length - 16);
      expect(toHex(unpad(f!, 16))).toBe(toHex(p));
    }
    expect(pads.size).toBeGreaterThan(4);
  });

  it("never pads a 4-byte payload: clients recognise a transport error by its length", () => {
    const tx = new IntermediateCodec({}, rnd);
    for (let i = 0; i < 20; i++) expect(tx.encodeFrame(transportErrorPayload(-404)).length).toBe(8);
  });
});

describe("framing details", () => {
  it("abridged uses one length byte below 0x7f words and 0x7f + 3 bytes from there", () => {
    const a = new AbridgedCodec();
    expect(toHex(a.encodeFrame(new Uint8Array(0x7e * 4)).subarray(0, 1))).toBe("7e");
    expect(toHex(a.encodeFrame(new Uint8Array(0x7f * 4)).subarray(0, 4))).toBe("7f7f0000");
    expect(toHex(a.encodeFrame(new Uint8Array(0x12345 * 4)).subarray(0, 4))).toBe("7f452301");
    expect(() => a.encodeFrame(new Uint8Array(5))).toThrow(RangeError);
  });

  it("marks frames whose length asks for a quick ack", () => {
    const [f] = new AbridgedCodec().push(Uint8Array.of(0x81, 1, 2, 3, 4));
    expect(f!.quickAck).toBe(true);
    const [g] = new IntermediateCodec().push(Uint8Array.of(4, 0, 0, 0x80, 1, 2, 3, 4));
    expect(g!.quickAck).toBe(true);
    expect(toHex(g!)).toBe("01020304");
  });

  it("full framing numbers frames from 0 and checks the CRC-32 (zlib's) and the seqno", () => {
    expect(crc32(new TextEncoder().encode("123456789")).toString(16)).toBe("cbf43926");
    const tx = new FullCodec();
    const f0 = tx.encodeFrame(Uint8Array.of(1, 2, 3, 4));
    expect(toHex(f0.subarray(0, 8))).toBe("1000000000000000");
    const f1 = tx.encodeFrame(Uint8Array.of(5, 6, 7, 8));
    const bad = f0.slice();
    bad[9]! ^= 1;
    expect(() => new FullCodec().push(bad)).toThrow(expect.objectContaining({ fault: "FRAME_BAD_CRC" }));
    expect(() => new FullCodec().push(f1)).toThrow(expect.objectContaining({ fault: "FRAME_BAD_SEQNO" }));
    expect(() => new FullCodec().push(Uint8Array.of(8, 0, 0, 0))).toThrow(
      expect.objectContaining({ fault: "FRAME_TOO_SMALL" }),
    );
  });

  it("intermediate refuses lengths that are zero or not whole words", () => {
    expect(() => new IntermediateCodec().push(Uint8Array.of(0, 0, 0, 0))).toThrow(
      expect.objectContaining({ fault: "FRAME_TOO_SMALL" }),
    );
    expect(() => new IntermediateCodec().push(Uint8Array.of(5, 0, 0, 0))).toThrow(
      expect.objectContaining({ fault: "FRAME_MISALIGNED" }),
    );
    expect(() => new AbridgedCodec().push(Uint8Array.of(0))).toThrow(
      expect.objectContaining({ fault: "FRAME_TOO_SMALL" }),
    );
  });

  it("a transport error is a 4-byte little-endian int32 framed in the connection's codec", () => {
    expect(toHex(new AbridgedCodec().encodeFrame(transportErrorPayload(-404)))).toBe("016cfeffff");
    expect(toHex(new IntermediateCodec().encodeFrame(transportErrorPayload(-429)))).toBe("0400000053feffff");
    expect(parseTransportError(transportErrorPayload(-444))).toBe(-444);
    expect(parseTransportError(Uint8Array.of(1, 0, 0, 0))).toBeNull();
    expect(parseTransportError(new Uint8Array(8))).toBeNull();
  });
});

describe("detection", () => {
  it("names each framing from the first bytes", () => {
    expect(detectCodec(new Uint8Array(0))).toEqual({ kind: "need-more" });
    expect(detectCodec(ABRIDGED_MARKER)).toEqual({ kind: "abridged", markerLength: 1 });
    expect(detectCodec(concat(INTERMEDIATE_MARKER, rnd(4)))).toEqual({ kind: "intermediate", markerLength: 4 });
    expect(detectCodec(concat(PADDED_MARKER, rnd(4)))).toEqual({ kind: "padded", markerLength: 4 });
    expect(detectCodec(new FullCodec().encodeFrame(rnd(20)))).toEqual({ kind: "full", markerLength: 0 });
    expect(detectCodec(new TextEncoder().encode("POST /api HTTP/1.1"))).toEqual({ kind: "unknown" });
    const { init } = createObfuscatedClient(c, "intermediate", 2, rnd);
    expect(detectCodec(init.subarray(0, 20))).toEqual({ kind: "need-more" });
    expect(detectCodec(init)).toEqual({ kind: "obfuscated" });
  });

  it.each([
    ["abridged", ABRIDGED_MARKER, () => new AbridgedCodec()],
    ["intermediate", INTERMEDIATE_MARKER, () => new IntermediateCodec()],
    ["padded", PADDED_MARKER, () => new IntermediateCodec({}, rnd)],
    ["full", new Uint8Array(0), () => new FullCodec()],
  ] as const)("a server connection opened with %s framing decodes and answers in it", (name, marker, make) => {
    const client = make();
    const server = new ServerConnectionCodec(c, rnd);
    const p = rnd(40);
    const wire = concat(marker, client.encodeFrame(p), client.encodeFrame(p));
    const got = [...wire].flatMap((b) => server.push(Uint8Array.of(b)));
    expect(server.detected).toBe(name);
    expect(got.map((f) => toHex(f.subarray(0, 40)))).toEqual([toHex(p), toHex(p)]);
    const [back] = client.push(server.encodeFrame(p));
    expect(toHex(back!.subarray(0, 40))).toBe(toHex(p));
  });

  it("refuses HTTP, TLS and other forbidden openings as UNKNOWN_TRANSPORT, and plain framing when obfuscatedOnly", () => {
    for (const head of ["GET / HTTP/1.1\r\n", "HEAD / HTTP/1.1\r\n", "OPTIONS * HTTP/1.1"]) {
      const s = new ServerConnectionCodec(c, rnd);
      expect(() => s.push(new TextEncoder().encode(head))).toThrow(
        expect.objectContaining({ fault: "UNKNOWN_TRANSPORT" }),
      );
      expect(() => s.push(Uint8Array.of(1))).toThrow(FrameError);
    }
    const s = new ServerConnectionCodec(c, rnd, { obfuscatedOnly: true });
    expect(() => s.push(ABRIDGED_MARKER)).toThrow(expect.objectContaining({ fault: "UNKNOWN_TRANSPORT" }));
    expect(() => new ServerConnectionCodec(c, rnd).encodeFrame(new Uint8Array(4))).toThrow();
  });
});

describe("obfuscated2", () => {
  it.each(["abridged", "intermediate", "padded"] as ObfuscatedInner[])(
    "client and server talk through %s inside obfuscation, split anywhere",
    (kind) => {
      const client = createObfuscatedClient(c, kind, -2, rnd);
      const server = new ServerConnectionCodec(c, rnd);
      const msgs = [rnd(40), rnd(0x7f * 4), rnd(8)];
      const wire = concat(client.init, ...msgs.map((m) => client.codec.encodeFrame(m)));
      const got: Uint8Array[] = [];
      for (let o = 0, step = 1; o < wire.length; o += step, step = (step * 5) % 97 || 3) {
        got.push(...server.push(wire.subarray(o, Math.min(wire.length, o + step))));
      }
      expect(server.detected).toBe("obfuscated");
      expect(server.dcId).toBe(-2);
      expect(got.map((f, i) => toHex(f.subarray(0, msgs[i]!.length)))).toEqual(msgs.map(toHex));
      for (const m of msgs) {
        const [back] = client.codec.push(server.encodeFrame(m));
        expect(toHex(back!.subarray(0, m.length))).toBe(toHex(m));
      }
    },
  );

  it("the init never starts like another protocol, and a wrong tag is BAD_OBFUSCATION_TAG", () => {
    for (let i = 0; i < 50; i++)
      expect(isAllowedObfuscatedInit(createObfuscatedClient(c, "abridged", 1, rnd).init)).toBe(true);
    expect(isAllowedObfuscatedInit(concat(Uint8Array.of(0xef), rnd(63)))).toBe(false);
    expect(isAllowedObfuscatedInit(concat(rnd(4), new Uint8Array(4), rnd(56)))).toBe(false);
    const junk = concat(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), rnd(56));
    expect(() => acceptObfuscatedInit(c, junk, rnd)).toThrow(expect.objectContaining({ fault: "BAD_OBFUSCATION_TAG" }));
    const s = new ServerConnectionCodec(c, rnd);
    expect(() => s.push(junk)).toThrow(expect.objectContaining({ fault: "BAD_OBFUSCATION_TAG" }));
  });
});
