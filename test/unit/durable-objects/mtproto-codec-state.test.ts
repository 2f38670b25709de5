/**
 * An MTProto WebSocket's framing survives hibernation: a codec rebuilt from its attachment record
 * (structured-cloned, as the runtime stores it) continues both AES-CTR streams where they stopped.
 */
import { describe, expect, it } from "vitest";
import { ctrAt, newCodecRecord, ResumableCodec } from "../../../durable-objects/mtproto-codec-state.ts";
import { nobleCryptoProvider as c } from "../../../protocol/mtproto/crypto/noble.ts";
import { systemRandom } from "../../../protocol/mtproto/crypto/provider.ts";
import { INTERMEDIATE_MARKER, IntermediateCodec } from "../../../protocol/mtproto/transport/intermediate.ts";
import { createObfuscatedClient } from "../../../protocol/mtproto/transport/obfuscated.ts";

const payload = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe("ctrAt", () => {
  it("gives the stream a fresh AES-CTR would give after `offset` bytes, across block and carry boundaries", () => {
    const key = systemRandom(32);
    const iv = new Uint8Array(16).fill(0xff); // the counter carries through every byte
    const whole = c.createAesCtr(key, iv).process(new Uint8Array(200));
    for (const offset of [0, 1, 15, 16, 17, 64, 131]) {
      expect(ctrAt(c, key, iv, offset).process(new Uint8Array(200 - offset))).toEqual(whole.subarray(offset));
    }
  });
});

describe("ResumableCodec", () => {
  it("continues an obfuscated connection after its record is cloned into a new codec", () => {
    const client = createObfuscatedClient(c, "intermediate", 2, systemRandom);
    let server = new ResumableCodec(c, newCodecRecord());
    // The init arrives split, and with the first frame behind it.
    expect(server.push(client.init.subarray(0, 10))).toEqual([]);
    const first = new Uint8Array([...client.init.subarray(10), ...client.codec.encodeFrame(payload(40, 1))]);
    expect(server.push(first)).toEqual([payload(40, 1)]);
    expect(client.codec.push(server.encode(payload(24, 2)))).toEqual([payload(24, 2)]);

    server = new ResumableCodec(c, structuredClone(server.record)); // hibernation
    expect(server.push(client.codec.encodeFrame(payload(80, 3)))).toEqual([payload(80, 3)]);
    expect(client.codec.push(server.encode(payload(36, 4)))).toEqual([payload(36, 4)]);
    expect(server.record.kind).toBe("obfuscated");
  });

  it("detects plain intermediate by its marker and resumes it", () => {
    const client = new IntermediateCodec();
    let server = new ResumableCodec(c, newCodecRecord());
    expect(server.push(new Uint8Array([...INTERMEDIATE_MARKER, ...client.encodeFrame(payload(8, 5))]))).toEqual([
      payload(8, 5),
    ]);
    server = new ResumableCodec(c, structuredClone(server.record));
    expect(server.push(client.encodeFrame(payload(12, 6)))).toEqual([payload(12, 6)]);
    expect(server.record.kind).toBe("intermediate");
  });

  it("refuses bytes that are no MTProto framing, and cannot send before the client spoke", () => {
    const server = new ResumableCodec(c, newCodecRecord());
    expect(() => server.encode(payload(4, 0))).toThrow();
    expect(() => server.push(new TextEncoder().encode("POST /api HTTP/1.1\r\n"))).toThrow();
  });
});
