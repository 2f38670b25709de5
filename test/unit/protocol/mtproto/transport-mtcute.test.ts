/**
 * The server's transport against mtcute's own codecs (@mtcute/core 0.30): obfuscated2 around
 * intermediate and padded intermediate (what mtcute and web clients speak over WebSocket), plain
 * intermediate, and a transport error as mtcute reads it.
 */
import { Bytes } from "@fuman/io";
import {
  IntermediatePacketCodec,
  TransportError as MtcuteTransportError,
  ObfuscatedPacketCodec,
  PaddedIntermediatePacketCodec,
} from "@mtcute/core";
import { NodeCryptoProvider } from "@mtcute/node/utils.js";
import { describe, expect, it } from "vitest";
import { nobleCryptoProvider as c } from "../../../../protocol/mtproto/crypto/noble.ts";
import { systemRandom } from "../../../../protocol/mtproto/crypto/provider.ts";
import { transportErrorPayload } from "../../../../protocol/mtproto/transport/codec.ts";
import { ServerConnectionCodec } from "../../../../protocol/mtproto/transport/detect.ts";
import { toHex } from "./fixtures.ts";

type MtcuteCodec = {
  setup?(crypto: unknown, log: unknown): void;
  tag(): Uint8Array | Promise<Uint8Array>;
  encode(packet: Uint8Array, into: Bytes): void | Promise<void>;
  decode(reader: Bytes, eof: boolean): Uint8Array | null | Promise<Uint8Array | null>;
};

const cases: [string, () => MtcuteCodec, string][] = [
  ["obfuscated intermediate", () => new ObfuscatedPacketCodec(new IntermediatePacketCodec()), "obfuscated"],
  [
    "obfuscated padded intermediate",
    () => new ObfuscatedPacketCodec(new PaddedIntermediatePacketCodec()),
    "obfuscated",
  ],
  ["intermediate", () => new IntermediatePacketCodec(), "intermediate"],
];

describe.each(cases)("mtcute's %s codec against the server connection", (_name, make, detected) => {
  it("frames go both ways, and a -404 reaches mtcute as its TransportError", async () => {
    const crypto = new NodeCryptoProvider();
    await crypto.initialize?.();
    const client = make();
    client.setup?.(crypto, {});
    const server = new ServerConnectionCodec(c, systemRandom);
    const up = Bytes.alloc();
    const tag = await client.tag();
    up.writeSync(tag.length).set(tag);
    up.disposeWriteSync();
    const packets = [systemRandom(40), systemRandom(1000), systemRandom(8)];
    for (const p of packets) await client.encode(p, up);
    const wire = up.result();
    const got = [...server.push(wire.subarray(0, 30)), ...server.push(wire.subarray(30))];
    expect(server.detected).toBe(detected);
    expect(got.map((f, i) => toHex(f.subarray(0, packets[i]!.length)))).toEqual(packets.map(toHex));

    const reader = Bytes.from(new Uint8Array([...server.encodeFrame(packets[0]!), ...server.encodeFrame(packets[1]!)]));
    // Padded intermediate hands the padding on with the frame (the envelope ignores it): compare prefixes.
    expect(toHex((await client.decode(reader, false))!.subarray(0, 40))).toBe(toHex(packets[0]!));
    expect(toHex((await client.decode(reader, false))!.subarray(0, 1000))).toBe(toHex(packets[1]!));
    const err = Bytes.from(server.encodeFrame(transportErrorPayload(-404)));
    await expect(Promise.resolve().then(() => client.decode(err, false))).rejects.toBeInstanceOf(MtcuteTransportError);
  });
});
