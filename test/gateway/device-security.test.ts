/**
 * Issue #17's findings on the device path, each checked against what the AuthKeyObject really
 * stores: key material is ciphertext at rest, HTTP-fallback connections cannot be kept alive or
 * multiplied by garbage, a connect hello must prove the auth key before any work, and a request
 * whose instance died mid-way is never executed a second time.
 */
import { runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { authKeyObjectOf } from "../../core/objects.ts";
import { concatBytes, randomBytes, randomU64 } from "../../protocol/binary.ts";
import { sealFrame } from "../../protocol/frame.ts";
import { clientFinishConnect, clientHello } from "../../protocol/handshake.ts";
import { MsgIdClock } from "../../protocol/msg-id.ts";
import gateway from "../../workers/gateway/index.ts";
import { createAuthKey, openSocket, RawDevice, serverPublicKey, signUpRaw } from "./raw-device.ts";

const BASE = "http://gateway.test";
const shardOf = (authKeyId: string) => authKeyObjectOf(env as never, authKeyId);

type Row = Record<string, SqlStorageValue>;
async function rows(authKeyId: string, query: string, ...params: SqlStorageValue[]): Promise<Row[]> {
  return runInDurableObject(shardOf(authKeyId), (_obj, state) => state.storage.sql.exec(query, ...params).toArray());
}
async function exec(authKeyId: string, query: string, ...params: SqlStorageValue[]): Promise<void> {
  await runInDurableObject(shardOf(authKeyId), (_obj, state) => {
    state.storage.sql.exec(query, ...params);
  });
}
const connRows = (authKeyId: string) =>
  rows(
    authKeyId,
    "SELECT * FROM http_conns WHERE conn_key_id >= ? AND conn_key_id < ?",
    `${authKeyId}:`,
    `${authKeyId};`,
  );
const bytes = (v: SqlStorageValue | undefined) => new Uint8Array(v as ArrayBuffer);
const contains = (hay: Uint8Array, needle: Uint8Array) => {
  for (let i = 0; i + needle.length <= hay.length; i++) if (needle.every((b, j) => hay[i + j] === b)) return true;
  return false;
};

async function httpConnect(authKey: Uint8Array, authKeyId: string) {
  const hello = clientHello("connect", authKey);
  const res = await SELF.fetch(`${BASE}/v1/http/${authKeyId}/connect`, { method: "POST", body: hello.hello });
  expect(res.status).toBe(200);
  return clientFinishConnect(hello, new Uint8Array(await res.arrayBuffer()), authKey, serverPublicKey);
}

describe("auth keys at rest", () => {
  it("Should store auth keys and connection keys as ciphertext, never the key itself", async () => {
    const { authKey, authKeyId } = await createAuthKey();
    const keys = await httpConnect(authKey, authKeyId);
    const [key] = await rows(authKeyId, "SELECT auth_key FROM auth_keys WHERE auth_key_id = ?", authKeyId);
    expect(key).toBeDefined();
    expect(contains(bytes(key?.auth_key), authKey)).toBe(false);
    const [conn] = await connRows(authKeyId);
    expect(contains(bytes(conn?.c2s), keys.c2s)).toBe(false);
    expect(contains(bytes(conn?.s2c), keys.s2c)).toBe(false);
  });

  it("Should still load a key stored in plaintext by an older version, and rewrite it encrypted", async () => {
    const { authKey, authKeyId } = await createAuthKey();
    await exec(authKeyId, "UPDATE auth_keys SET auth_key = ? WHERE auth_key_id = ?", authKey.slice().buffer, authKeyId);
    const dev = await RawDevice.connect({ authKey, authKeyId });
    expect(await dev.call("help.getConfig")).toBeTruthy();
    const [key] = await rows(authKeyId, "SELECT auth_key FROM auth_keys WHERE auth_key_id = ?", authKeyId);
    expect(contains(bytes(key?.auth_key), authKey)).toBe(false);
  });

  it("Should refuse a stored key moved under another key id (the id is authenticated with it)", async () => {
    const a = await createAuthKey();
    const [row] = await rows(a.authKeyId, "SELECT auth_key FROM auth_keys WHERE auth_key_id = ?", a.authKeyId);
    // Same shard (the shard is chosen by the id's last hex digits), another id.
    const forged = `${a.authKeyId.slice(0, 8)}${"0".repeat(4)}${a.authKeyId.slice(-4)}`;
    await exec(
      a.authKeyId,
      "INSERT INTO auth_keys (auth_key_id, auth_key, created) VALUES (?, ?, ?)",
      forged,
      row?.auth_key as ArrayBuffer,
      Date.now(),
    );
    const res = await SELF.fetch(`${BASE}/v1/http/${forged}/connect`, {
      method: "POST",
      body: clientHello("connect", a.authKey).hello,
    });
    expect(res.status).toBe(401);
  });
});

describe("HTTP-fallback connections", () => {
  it("Should not extend a connection's life for a frame that fails authentication", async () => {
    const { authKey, authKeyId } = await createAuthKey();
    const keys = await httpConnect(authKey, authKeyId);
    const [before] = await connRows(authKeyId);
    await new Promise((r) => setTimeout(r, 20));
    const garbage = concatBytes(keys.connKeyId, randomBytes(120));
    const res = await SELF.fetch(`${BASE}/v1/http/${authKeyId}`, { method: "POST", body: garbage });
    expect(res.status).toBe(200);
    const [after] = await connRows(authKeyId);
    expect(after?.expires).toBe(before?.expires);
    // A frame that does authenticate does extend it.
    const frame = sealFrame(keys.c2s, keys.connKeyId, {
      sessionId: randomU64(),
      msgId: new MsgIdClock().next(),
      seqNo: 0,
      body: { _: "ping", ping_id: "1" },
      blob: new Uint8Array(),
    });
    await new Promise((r) => setTimeout(r, 20));
    await SELF.fetch(`${BASE}/v1/http/${authKeyId}`, { method: "POST", body: frame });
    const [extended] = await connRows(authKeyId);
    expect(Number(extended?.expires)).toBeGreaterThan(Number(before?.expires));
  });

  it("Should cap the connections one device keeps", async () => {
    const { authKey, authKeyId } = await createAuthKey();
    for (let i = 0; i < 40; i++) await httpConnect(authKey, authKeyId);
    expect((await connRows(authKeyId)).length).toBeLessThanOrEqual(16);
  });

  it("Should purge expired connections by alarm, without the device coming back", async () => {
    const { authKey, authKeyId } = await createAuthKey();
    await httpConnect(authKey, authKeyId);
    const alarm = await runInDurableObject(shardOf(authKeyId), (_o, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    await exec(authKeyId, "UPDATE http_conns SET expires = ? WHERE conn_key_id >= ?", Date.now() - 1, `${authKeyId}:`);
    await runDurableObjectAlarm(shardOf(authKeyId));
    expect(await connRows(authKeyId)).toHaveLength(0);
  });
});

describe("proof of possession before any work", () => {
  it("Should refuse an HTTP connect hello without a valid proof before signing or storing anything", async () => {
    const { authKey, authKeyId } = await createAuthKey();
    const noProof = clientHello("connect", authKey).hello.slice(0, 68);
    const good = clientHello("connect", authKey).hello;
    const wrongProof = concatBytes(good.slice(0, 68), randomBytes(32));
    const otherKey = clientHello("connect", randomBytes(32)).hello;
    for (const hello of [noProof, wrongProof, otherKey]) {
      const res = await SELF.fetch(`${BASE}/v1/http/${authKeyId}/connect`, { method: "POST", body: hello });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.json()).toMatchObject({ error: { message: expect.stringMatching(/^[A-Z_]+$/) } });
    }
    expect(await connRows(authKeyId)).toHaveLength(0);
  });

  it("Should refuse a WebSocket connect hello without a valid proof", async () => {
    const { authKeyId } = await createAuthKey();
    const ws = await openSocket(authKeyId);
    const got = new Promise<unknown>((resolve) => ws.addEventListener("message", (ev) => resolve(ev.data)));
    ws.send(concatBytes(clientHello("connect", randomBytes(32)).hello.slice(0, 68), randomBytes(32)));
    const first = await got;
    expect(typeof first).toBe("string");
    expect(JSON.parse(first as string)).toMatchObject({ error: { code: 401 } });
  });

  it("Should rate-limit HTTP connects per address like every other handshake", async () => {
    const { authKeyId } = await createAuthKey();
    let refused: Response | null = null;
    for (let i = 0; i < 125 && !refused; i++) {
      const res = await gateway.fetch(
        new Request(`${BASE}/v1/http/${authKeyId}/connect`, {
          method: "POST",
          headers: { "cf-connecting-ip": "203.0.113.88" },
          body: randomBytes(100),
        }),
        env as never,
        {} as ExecutionContext,
      );
      if (res.status === 429 || res.status === 420) refused = res;
    }
    expect(refused).not.toBeNull();
    expect(await refused?.json()).toEqual({ error: { code: 420, message: "FLOOD_WAIT_60" } });
  });

  it("Should expire auth keys never bound to a user, by alarm", async () => {
    const unbound = await createAuthKey();
    const dev = await RawDevice.connect();
    await signUpRaw(dev, "Bound");
    const dayAgo = Date.now() - 25 * 3600_000;
    for (const id of [unbound.authKeyId, dev.authKeyId])
      await exec(id, "UPDATE auth_keys SET created = ? WHERE auth_key_id = ?", dayAgo, id);
    await runDurableObjectAlarm(shardOf(unbound.authKeyId));
    await runDurableObjectAlarm(shardOf(dev.authKeyId));
    expect(
      await rows(unbound.authKeyId, "SELECT 1 FROM auth_keys WHERE auth_key_id = ?", unbound.authKeyId),
    ).toHaveLength(0);
    expect(await rows(dev.authKeyId, "SELECT 1 FROM auth_keys WHERE auth_key_id = ?", dev.authKeyId)).toHaveLength(1);
  });
});

describe("exactly once across an instance's death", () => {
  it("Should not run again a request whose instance died between its effect and its reply", async () => {
    const dev = await RawDevice.connect();
    await signUpRaw(dev, "Once");
    const friend = await signUpRaw(await RawDevice.connect(), "Friend");
    const params = { title: "once", users: [friend.id] };
    const chatsBefore = await chatCount(dev);
    const req = dev.rpc("messages.createChat", params);
    expect((await dev.answer(req.msgId))?._).toBe("result");
    // The state a dying instance leaves: the request recorded and its effect applied, no reply stored.
    const sk = `${dev.authKeyId}:${dev.sessionId}`;
    const unanswered = "UPDATE seen SET done = 0, answer = NULL, answer_id = NULL WHERE session_id = ? AND msg_id = ?";
    await exec(dev.authKeyId, unanswered, sk, req.msgId.toString());
    await exec(dev.authKeyId, "DELETE FROM outbox WHERE session_id = ?", sk);
    // The client reconnects and resends the unanswered request under the same msg_id.
    const again = await RawDevice.connect({ authKey: dev.authKey, authKeyId: dev.authKeyId });
    Object.assign(again, { sessionId: dev.sessionId });
    again.rpc("messages.createChat", params, { msgId: req.msgId });
    expect(await again.answer(req.msgId)).toMatchObject({ _: "error", code: 500, message: "RPC_INTERRUPTED" });
    expect(await chatCount(again)).toBe(chatsBefore + 1);
  });
});

async function chatCount(dev: RawDevice): Promise<number> {
  const d = (await dev.call("messages.getDialogs", { limit: 100 })) as { dialogs: unknown[] };
  return d.dialogs.length;
}
