import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { randomBytes, toHex } from "../../protocol/binary.ts";
import { MSG_ID_MAX_AGE_MS } from "../../protocol/msg-id.ts";
import { openSocket, RawDevice } from "./raw-device.ts";

const idAt = (ms: number) => BigInt(ms) << 16n;

async function stillWorks(dev: RawDevice) {
  const config = (await dev.call("help.getConfig")) as { message_length_max: number };
  expect(config.message_length_max).toBe(4096);
}

describe("hostile frames on an established session", () => {
  it("Should answer a msg_id older than 300 s with bad_msg MSG_ID_TOO_OLD (16) and keep working", async () => {
    const dev = await RawDevice.connect();
    const { msgId } = dev.rpc("help.getConfig", {}, { msgId: idAt(Date.now() - MSG_ID_MAX_AGE_MS - 5_000) });
    expect(await dev.answer(msgId)).toMatchObject({ _: "bad_msg", code: 16, message: "MSG_ID_TOO_OLD" });
    await stillWorks(dev);
  });

  it("Should answer a msg_id more than 30 s ahead with bad_msg MSG_ID_TOO_NEW (17)", async () => {
    const dev = await RawDevice.connect();
    const { msgId } = dev.rpc("help.getConfig", {}, { msgId: idAt(Date.now() + 60_000) });
    expect(await dev.answer(msgId)).toMatchObject({ _: "bad_msg", code: 17, message: "MSG_ID_TOO_NEW" });
    await stillWorks(dev);
  });

  it("Should drop a frame with a flipped bit without answering, and keep working", async () => {
    const dev = await RawDevice.connect();
    const { frame, msgId } = dev.frame({ _: "rpc", method: "help.getConfig", params: {} });
    frame[frame.length - 5] = (frame[frame.length - 5] as number) ^ 0x10;
    dev.send(frame);
    expect(await dev.answer(msgId, 500)).toBeNull();
    await stillWorks(dev);
  });

  it("Should drop a truncated frame and keep working", async () => {
    const dev = await RawDevice.connect();
    const { frame, msgId } = dev.frame({ _: "rpc", method: "help.getConfig", params: {} });
    dev.send(frame.subarray(0, frame.length - 20));
    dev.send(frame.subarray(0, 10));
    expect(await dev.answer(msgId, 500)).toBeNull();
    await stillWorks(dev);
  });

  it("Should not execute a frame replayed on another connection of the same key", async () => {
    const dev = await RawDevice.connect();
    const first = dev.rpc("help.getConfig");
    expect((await dev.answer(first.msgId))?._).toBe("result");
    // A captured frame sent on a new connection is under the old connection's keys: it cannot even be opened.
    const other = await RawDevice.connect({ authKey: dev.authKey, authKeyId: dev.authKeyId });
    other.send(first.frame);
    expect(await other.answer(first.msgId, 500)).toBeNull();
    await stillWorks(other);
  });

  it("Should answer reordered frames once each, and refuse a replay of either", async () => {
    const dev = await RawDevice.connect();
    const early = dev.frame({ _: "rpc", method: "help.getConfig", params: {} });
    const late = dev.frame({ _: "rpc", method: "help.getConfig", params: {} });
    dev.send(late.frame);
    dev.send(early.frame);
    expect((await dev.answer(late.msgId))?._).toBe("result");
    expect((await dev.answer(early.msgId))?._).toBe("result");
    dev.send(early.frame);
    expect(await dev.answer(early.msgId)).toMatchObject({ _: "bad_msg", message: "MSG_ID_DUPLICATE" });
  });

  it("Should answer malformed JSON shapes with 400 INPUT_INVALID, unknown methods with METHOD_INVALID", async () => {
    const dev = await RawDevice.connect();
    const a = dev.frame({ _: "nonsense", x: 1 });
    dev.send(a.frame);
    expect(await dev.answer(a.msgId)).toMatchObject({ _: "error", code: 400, message: "INPUT_INVALID" });
    const b = dev.rpc("messages.doesNotExist");
    expect(await dev.answer(b.msgId)).toMatchObject({ _: "error", code: 400, message: "METHOD_INVALID" });
    const c = dev.rpc("auth.sendCode", { phone_number: 12345 });
    expect(await dev.answer(c.msgId)).toMatchObject({ _: "error", code: 400 });
    await stillWorks(dev);
  });

  it("Should refuse calls that need a user before sign-in with 401 AUTH_KEY_UNREGISTERED", async () => {
    const dev = await RawDevice.connect();
    const { msgId } = dev.rpc("account.getAuthorizations");
    expect(await dev.answer(msgId)).toMatchObject({ _: "error", code: 401, message: "AUTH_KEY_UNREGISTERED" });
  });

  it("Should survive random garbage, text frames and oversized frames on the socket", async () => {
    const dev = await RawDevice.connect();
    for (let i = 0; i < 50; i++) dev.send(randomBytes(1 + Math.floor(Math.random() * 2000)));
    dev.send("not a frame");
    dev.send(new Uint8Array(1024 * 1024 - 64));
    await stillWorks(dev);
  });
});

describe("handshake failures", () => {
  it("Should refuse an unknown auth_key_id with 401 AUTH_KEY_UNREGISTERED and close 4401", async () => {
    const ws = await openSocket(toHex(randomBytes(8)));
    const closed = new Promise<number>((r) => ws.addEventListener("close", (ev) => r(ev.code)));
    const text = new Promise<string>((r) => ws.addEventListener("message", (ev) => r(String(ev.data)), { once: true }));
    expect(JSON.parse(await text)).toEqual({ error: { code: 401, message: "AUTH_KEY_UNREGISTERED" } });
    expect(await closed).toBe(4401);
  });

  it("Should refuse a garbage hello with 400 HANDSHAKE_INVALID and close", async () => {
    const dev = await RawDevice.connect();
    const ws = await openSocket(dev.authKeyId);
    const closed = new Promise<number>((r) => ws.addEventListener("close", (ev) => r(ev.code)));
    const text = new Promise<string>((r) => ws.addEventListener("message", (ev) => r(String(ev.data)), { once: true }));
    ws.send(randomBytes(68));
    expect(JSON.parse(await text)).toEqual({ error: { code: 400, message: "HANDSHAKE_INVALID" } });
    expect(await closed).toBe(4400);
  });

  it("Should answer bad auth-key requests and bad routes with JSON errors", async () => {
    const bad = await SELF.fetch("http://gateway.test/v1/auth_key", { method: "POST", body: randomBytes(5) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 400, message: "HANDSHAKE_INVALID" } });
    const big = await SELF.fetch("http://gateway.test/v1/auth_key", { method: "POST", body: randomBytes(4096) });
    expect(big.status).toBe(400);
    const badId = await SELF.fetch("http://gateway.test/v1/ws/not-hex");
    expect(badId.status).toBe(400);
    // As an upgrade, the refusal comes over the socket instead (browsers hide a failed upgrade's body):
    // see rate-limits.test.ts › a refused WebSocket upgrade.
    const badIdUpgrade = await SELF.fetch("http://gateway.test/v1/ws/not-hex", { headers: { Upgrade: "websocket" } });
    expect(badIdUpgrade.status).toBe(101);
    badIdUpgrade.webSocket?.accept();
    const noUpgrade = await SELF.fetch(`http://gateway.test/v1/ws/${toHex(randomBytes(8))}`);
    expect(noUpgrade.status).toBe(426);
  });
});
