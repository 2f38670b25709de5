import { runInDurableObject, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { authKeyObjectOf, authKeyShardOf } from "../../core/objects.ts";
import { randomBytes, randomU64, toHex } from "../../protocol/binary.ts";
import { sealFrame } from "../../protocol/frame.ts";
import { clientFinishConnect, clientHello } from "../../protocol/handshake.ts";
import { MsgIdClock } from "../../protocol/msg-id.ts";
import { WS_CLOSE_AUTH_KEY_UNREGISTERED } from "../../protocol/transport.ts";
import { createAuthKey, RawDevice, serverPublicKey } from "./raw-device.ts";

const BASE = "http://gateway.test";

/** Two fresh auth keys that live in the same AuthKeyObject shard. */
async function neighbours() {
  const seen = new Map<string, Awaited<ReturnType<typeof createAuthKey>>>();
  for (;;) {
    const key = await createAuthKey();
    const other = seen.get(authKeyShardOf(key.authKeyId));
    if (other) return [other, key] as const;
    seen.set(authKeyShardOf(key.authKeyId), key);
  }
}

describe("devices sharing an AuthKeyObject shard", () => {
  it("never reach each other's connection keys, sessions or outboxes, and a revoke hits only its own key", async () => {
    const [aKey, bKey] = await neighbours();
    const alice = await RawDevice.connect(aKey);
    const bob = await RawDevice.connect(bKey);

    // Alice's answer waits unacknowledged in her outbox, under her session id.
    const { msgId } = alice.rpc("help.getConfig");
    expect((await alice.answer(msgId))?._).toBe("result");

    // Bob claims Alice's session id: a new session for him, with nothing of hers to resend.
    (bob as { sessionId: bigint }).sessionId = alice.sessionId;
    const pong = bob.frame({ _: "ping", ping_id: "7" });
    bob.send(pong.frame);
    expect(await bob.next((m) => m.body._ === "pong")).not.toBeNull();
    expect(await bob.next((m) => m.body._ === "result", 300)).toBeNull();

    // An HTTP connection key negotiated for Alice is unknown under Bob's key.
    const hello = clientHello("connect", aKey.authKey);
    const res = await SELF.fetch(`${BASE}/v1/http/${aKey.authKeyId}/connect`, { method: "POST", body: hello.hello });
    const keys = clientFinishConnect(hello, new Uint8Array(await res.arrayBuffer()), aKey.authKey, serverPublicKey);
    const frame = sealFrame(keys.c2s, keys.connKeyId, {
      sessionId: randomU64(),
      msgId: new MsgIdClock().next(),
      seqNo: 0,
      body: { _: "ping", ping_id: "1" },
      blob: new Uint8Array(),
    });
    const crossed = await SELF.fetch(`${BASE}/v1/http/${bKey.authKeyId}`, { method: "POST", body: frame });
    expect(crossed.status).toBe(401);
    expect(await crossed.json()).toEqual({ error: { code: 401, message: "CONNECTION_KEY_UNREGISTERED" } });

    // Revoking Alice's key hangs up on her alone.
    await authKeyObjectOf(env as never, aKey.authKeyId).revoke(aKey.authKeyId);
    await alice.next(() => false, 500);
    expect(alice.closed?.code).toBe(WS_CLOSE_AUTH_KEY_UNREGISTERED);
    expect(bob.closed).toBeNull();
    expect(await bob.call("help.getConfig")).toMatchObject({});
  });

  it("keep nothing in memory for made-up auth key ids", async () => {
    const { authKeyId } = await createAuthKey();
    const shard = authKeyObjectOf(env as never, authKeyId);
    const remembered = () =>
      runInDurableObject(shard, (instance) => (instance as unknown as { devices: Map<string, unknown> }).devices.size);
    const before = await remembered();
    let probes = 0;
    while (probes < 20) {
      const made = toHex(randomBytes(8));
      if (authKeyShardOf(made) !== authKeyShardOf(authKeyId)) continue;
      probes++;
      const res = await SELF.fetch(`${BASE}/v1/http/${made}`, { method: "POST", body: randomBytes(64) });
      expect(res.status).toBe(401);
    }
    expect(await remembered()).toBe(before);
  });
});
