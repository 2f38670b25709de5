import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { authKeyObjectOf } from "../../core/objects.ts";
import { randomBytes, randomU64 } from "../../protocol/binary.ts";
import { openFrame, sealFrame } from "../../protocol/frame.ts";
import { type ConnectionKeys, clientFinishConnect, clientHello } from "../../protocol/handshake.ts";
import { MsgIdClock } from "../../protocol/msg-id.ts";
import { encodeUpdates, type ServerMessage } from "../../protocol/transport.ts";
import { createAuthKey, serverPublicKey } from "./raw-device.ts";

const BASE = "http://gateway.test";

/** Splits an HTTP-fallback body into its length-prefixed frames. */
function splitFrames(body: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  for (let o = 0; o + 4 <= body.length; ) {
    const n = view.getUint32(o, false);
    out.push(body.subarray(o + 4, o + 4 + n));
    o += 4 + n;
  }
  return out;
}

async function httpSession() {
  const { authKey, authKeyId } = await createAuthKey();
  const hello = clientHello("connect", authKey);
  const res = await SELF.fetch(`${BASE}/v1/http/${authKeyId}/connect`, { method: "POST", body: hello.hello });
  expect(res.status).toBe(200);
  const keys: ConnectionKeys = clientFinishConnect(
    hello,
    new Uint8Array(await res.arrayBuffer()),
    authKey,
    serverPublicKey,
  );
  const sessionId = randomU64();
  const clock = new MsgIdClock();
  const post = async (body: unknown, msgId = clock.next()) => {
    const frame = sealFrame(keys.c2s, keys.connKeyId, { sessionId, msgId, seqNo: 0, body, blob: new Uint8Array() });
    const r = await SELF.fetch(`${BASE}/v1/http/${authKeyId}`, { method: "POST", body: frame });
    const frames = splitFrames(new Uint8Array(await r.arrayBuffer()));
    return { status: r.status, msgId, messages: frames.map((f) => openFrame(keys.s2c, f)) };
  };
  return { authKeyId, post };
}

describe("HTTP fallback transport", () => {
  it("Should carry the same encrypted frames over POST and answer the RPC in the response", async () => {
    const s = await httpSession();
    const r = await s.post({ _: "rpc", method: "help.getConfig", params: {} });
    expect(r.status).toBe(200);
    const result = r.messages.map((m) => m?.body as ServerMessage).find((m) => m._ === "result");
    expect(result).toMatchObject({ _: "result", req_msg_id: r.msgId.toString() });
  });

  it("Should resend unacknowledged results until acked", async () => {
    const s = await httpSession();
    const first = await s.post({ _: "rpc", method: "help.getConfig", params: {} });
    const again = await s.post({ _: "ping", ping_id: "1" });
    const pending = again.messages.filter((m) => (m?.body as ServerMessage | undefined)?._ === "result");
    expect(pending).toHaveLength(1);
    const serverMsgId = pending[0]?.msgId.toString() ?? "";
    await s.post({ _: "ack", msg_ids: [serverMsgId] });
    const after = await s.post({ _: "ping", ping_id: "2" });
    expect(after.messages.filter((m) => (m?.body as ServerMessage | undefined)?._ === "result")).toHaveLength(0);
    expect(first.status).toBe(200);
    // The request's record outlives the ack: the same msg_id posted again on this connection is a replay.
    const replay = await s.post({ _: "rpc", method: "help.getConfig", params: {} }, first.msgId);
    const bodies = replay.messages.map((m) => m?.body as ServerMessage);
    expect(bodies.find((m) => m._ === "bad_msg")).toMatchObject({ code: 19, message: "MSG_ID_DUPLICATE" });
    expect(bodies.find((m) => m._ === "result")).toBeUndefined();
  });

  it("Should keep a pushed update for the session's next poll, also when an earlier push found no session", async () => {
    const s = await httpSession();
    const device = authKeyObjectOf(env, s.authKeyId);
    // Before the session ever polled: nobody to hold it for (the device catches up by getDifference).
    await device.push(
      [s.authKeyId],
      encodeUpdates([{ _: "updateUserStatus", user_id: 1, status: { _: "userStatusOnline" } }]),
    );
    await s.post({ _: "ping", ping_id: "1" });
    await device.push(
      [s.authKeyId],
      encodeUpdates([{ _: "updateUserStatus", user_id: 2, status: { _: "userStatusOnline" } }]),
    );
    const next = await s.post({ _: "ping", ping_id: "2" });
    const pushed = next.messages
      .map((m) => m?.body as ServerMessage | undefined)
      .filter((m) => m?._ === "updates")
      .flatMap((m) => (m as { updates: { user_id: number }[] }).updates.map((u) => u.user_id));
    expect(pushed).toEqual([2]);
  });

  it("Should refuse unknown connection keys and drop tampered frames", async () => {
    const s = await httpSession();
    const unknown = await SELF.fetch(`${BASE}/v1/http/${s.authKeyId}`, { method: "POST", body: randomBytes(100) });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ error: { code: 401, message: "CONNECTION_KEY_UNREGISTERED" } });
    const tooShort = await SELF.fetch(`${BASE}/v1/http/${s.authKeyId}`, { method: "POST", body: randomBytes(3) });
    expect(tooShort.status).toBe(401);
  });
});
