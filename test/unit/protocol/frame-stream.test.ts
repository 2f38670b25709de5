import { describe, expect, it } from "vitest";
import { type Bytes, randomBytes, utf8 } from "../../../protocol/binary.ts";
import { FRAME_CIPHER_AES_GCM, FRAME_CIPHER_XCHACHA, openFrame, sealFrame } from "../../../protocol/frame.ts";
import { FrameOpener, FrameSealer, GCM_FROM_BYTES, gcmKeyBytes } from "../../../protocol/frame-stream.ts";

const key = randomBytes(32);
const kid = randomBytes(8);
const body = { _: "rpc", method: "upload.saveFilePart" };

function payload(n: number, size: number) {
  return { sessionId: 42n, msgId: BigInt(n) << 16n, seqNo: n, blob: randomBytes(size) };
}

/** Seals frames through a sealer and collects them in the order it hands them out. */
async function sealAll(sealer: FrameSealer, sizes: number[]): Promise<Bytes[]> {
  const out: Bytes[] = [];
  sizes.forEach((size, n) => {
    sealer.send(payload(n, size), utf8(JSON.stringify(body)), (f) => out.push(f));
  });
  while (out.length < sizes.length) await new Promise((r) => setTimeout(r, 1));
  return out;
}

describe("frame streams (XChaCha20-Poly1305 below 4 KiB, AES-256-GCM from 4 KiB)", () => {
  it("Should pick the cipher by size and round-trip both through an opener", async () => {
    const frames = await sealAll(new FrameSealer(key, kid, "c2s"), [100, GCM_FROM_BYTES, 512 * 1024]);
    expect(frames.map((f) => f[8])).toEqual([FRAME_CIPHER_XCHACHA, FRAME_CIPHER_AES_GCM, FRAME_CIPHER_AES_GCM]);
    const opener = new FrameOpener(key, "c2s");
    const opened = await Promise.all(frames.map((f) => opener.open(f)));
    expect(opened.map((p) => p?.msgId)).toEqual([0n, 1n << 16n, 2n << 16n]);
    expect(opened[2]?.blob.length).toBe(512 * 1024);
    expect(opened[1]?.body).toEqual(body);
  });

  it("Should hand frames out in call order: a small frame never overtakes an earlier big one", async () => {
    const sizes = [512 * 1024, 10, 64 * 1024, 10, 10, 8192, 10];
    const frames = await sealAll(new FrameSealer(key, kid, "s2c"), sizes);
    const opener = new FrameOpener(key, "s2c");
    const order: bigint[] = [];
    await Promise.all(frames.map((f) => opener.open(f).then((p) => order.push(p?.msgId ?? -1n))));
    expect(order).toEqual(sizes.map((_, n) => BigInt(n) << 16n));
  });

  it("Should never reuse a GCM nonce under one key: counters count up per salt", async () => {
    const frames = await sealAll(new FrameSealer(key, kid, "c2s"), [5000, 5000, 5000]);
    const salts = new Set(frames.map((f) => Buffer.from(f.subarray(9, 25)).toString("hex")));
    expect(salts.size).toBe(1);
    expect(frames.map((f) => new DataView(f.buffer).getBigUint64(25, false))).toEqual([0n, 1n, 2n]);
    // Another sealer (a restarted server, a new connection) draws another salt, so another key.
    const [other] = await sealAll(new FrameSealer(key, kid, "c2s"), [5000]);
    expect(salts.has(Buffer.from((other as Bytes).subarray(9, 25)).toString("hex"))).toBe(false);
  });

  it("Should derive distinct GCM keys per direction and per salt", () => {
    const salt = randomBytes(16);
    const c2s = Buffer.from(gcmKeyBytes(key, "c2s", salt)).toString("hex");
    expect(Buffer.from(gcmKeyBytes(key, "s2c", salt)).toString("hex")).not.toBe(c2s);
    expect(Buffer.from(gcmKeyBytes(key, "c2s", randomBytes(16))).toString("hex")).not.toBe(c2s);
  });

  it("Should drop forged, truncated, relabelled and wrong-direction GCM frames", async () => {
    const [frame] = await sealAll(new FrameSealer(key, kid, "c2s"), [8192]);
    const f = frame as Bytes;
    const opener = new FrameOpener(key, "c2s");
    for (const i of [0, 9, 25, 40, f.length - 1]) {
      const bad = f.slice();
      bad[i] = (bad[i] as number) ^ 1;
      expect(await opener.open(bad)).toBeNull();
    }
    // The cipher byte is authenticated: a GCM frame relabelled XChaCha (or unknown) opens as nothing.
    for (const c of [FRAME_CIPHER_XCHACHA, 0, 3, 255]) {
      const bad = f.slice();
      bad[8] = c;
      expect(await opener.open(bad)).toBeNull();
    }
    expect(await opener.open(f.slice(0, f.length - 1))).toBeNull();
    expect(await opener.open(f.slice(0, 40))).toBeNull();
    expect(await opener.open(new Uint8Array())).toBeNull();
    expect(await new FrameOpener(key, "s2c").open(f)).toBeNull();
    expect(await new FrameOpener(randomBytes(32), "c2s").open(f)).toBeNull();
    expect(openFrame(key, f)).toBeNull(); // the synchronous XChaCha opener refuses other ciphers
    expect((await opener.open(f))?.blob.length).toBe(8192); // still usable after all that
  });

  it("Should open an XChaCha frame relabelled GCM as nothing", async () => {
    const frame = sealFrame(key, kid, { ...payload(1, 10), body });
    const bad = frame.slice();
    bad[8] = FRAME_CIPHER_AES_GCM;
    expect(await new FrameOpener(key, "c2s").open(bad)).toBeNull();
    expect((await new FrameOpener(key, "c2s").open(frame))?.body).toEqual(body);
  });

  it("Should seal everything with XChaCha when GCM is switched off (the bench's old path)", async () => {
    const frames = await sealAll(new FrameSealer(key, kid, "c2s", Number.POSITIVE_INFINITY), [100, 512 * 1024]);
    expect(frames.map((f) => f[8])).toEqual([FRAME_CIPHER_XCHACHA, FRAME_CIPHER_XCHACHA]);
    expect(openFrame(key, frames[1] as Bytes)?.blob.length).toBe(512 * 1024);
  });
});
