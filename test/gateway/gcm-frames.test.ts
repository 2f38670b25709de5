import { describe, expect, it } from "vitest";
import { type Bytes, randomBytes, utf8 } from "../../protocol/binary.ts";
import { FRAME_CIPHER_AES_GCM } from "../../protocol/frame.ts";
import { FrameSealer } from "../../protocol/frame-stream.ts";
import { RawDevice } from "./raw-device.ts";

/** Seals one frame for `dev` with AES-256-GCM (a fresh sealer, so a fresh salt). */
async function gcmFrame(dev: RawDevice, body: unknown, blob: Uint8Array, msgId: bigint): Promise<Bytes> {
  const sealer = new FrameSealer(dev.keys.c2s, dev.keys.connKeyId, "c2s", 0);
  const frame = await new Promise<Bytes>((resolve) =>
    sealer.send({ sessionId: dev.sessionId, msgId, seqNo: 0, blob }, utf8(JSON.stringify(body)), resolve),
  );
  expect(frame[8]).toBe(FRAME_CIPHER_AES_GCM);
  return frame;
}

describe("AES-256-GCM frames through the gateway", () => {
  it("Should answer an RPC sealed with AES-GCM", async () => {
    const dev = await RawDevice.connect();
    const msgId = dev.clock.next();
    dev.send(await gcmFrame(dev, { _: "rpc", method: "help.getConfig", params: {} }, randomBytes(64 * 1024), msgId));
    expect(await dev.answer(msgId)).toMatchObject({ _: "result", result: { message_length_max: 4096 } });
  });

  it("Should handle frames in arrival order: a small XChaCha frame does not overtake an earlier big GCM one", async () => {
    const dev = await RawDevice.connect();
    await dev.call("help.getConfig"); // the connection is bound to its session
    // (workerd settles WebCrypto promises eagerly, so this checks the path end to end; the unit test
    // in test/unit/protocol/frame-stream.test.ts is the one that catches a broken opener chain.)
    // The same msg_id twice: whichever frame is handled first runs, the other is a replay (bad_msg 19).
    const msgId = dev.clock.next();
    const big = await gcmFrame(dev, { _: "rpc", method: "help.getConfig", params: {} }, randomBytes(512 * 1024), msgId);
    const small = dev.frame({ _: "rpc", method: "no.suchMethod", params: {} }, { msgId }).frame;
    dev.send(big);
    dev.send(small);
    expect(await dev.answer(msgId)).toMatchObject({ _: "result", result: { message_length_max: 4096 } });
    expect(await dev.answer(msgId)).toMatchObject({ _: "bad_msg", code: 19, message: "MSG_ID_DUPLICATE" });
  });

  it("Should drop a forged or truncated GCM frame without answering, and keep working", async () => {
    const dev = await RawDevice.connect();
    const msgId = dev.clock.next();
    const frame = await gcmFrame(dev, { _: "rpc", method: "help.getConfig", params: {} }, randomBytes(8192), msgId);
    const flipped = frame.slice();
    flipped[frame.length - 3] = (flipped[frame.length - 3] as number) ^ 1;
    const relabelled = frame.slice();
    relabelled[8] = 1; // claims XChaCha: the cipher byte is authenticated either way
    dev.send(flipped);
    dev.send(relabelled);
    dev.send(frame.slice(0, frame.length - 1));
    expect(await dev.answer(msgId, 500)).toBeNull();
    dev.send(frame);
    expect(await dev.answer(msgId)).toMatchObject({ _: "result" });
  });
});
