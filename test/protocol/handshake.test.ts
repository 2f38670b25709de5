import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { equalBytes, randomBytes, toHex } from "../../protocol/binary.ts";
import { openFrame, sealFrame } from "../../protocol/frame.ts";
import {
  authKeyIdHex,
  clientFinishAuthKey,
  clientFinishConnect,
  clientHello,
  serverConnect,
  serverCreateAuthKey,
  serverIdentityFromSeed,
} from "../../protocol/handshake.ts";

const identity = serverIdentityFromSeed("ab".repeat(32));

function newAuthKey() {
  const hello = clientHello("auth-key");
  const server = serverCreateAuthKey(hello.hello, identity);
  const client = clientFinishAuthKey(hello, server.reply, identity.publicKey);
  return { server, client };
}

describe("handshake", () => {
  it("Should agree on the same auth key and id on both sides", () => {
    const { server, client } = newAuthKey();
    expect(equalBytes(server.authKey, client.authKey)).toBe(true);
    expect(client.authKeyId).toBe(server.authKeyId);
    expect(client.authKeyId).toBe(authKeyIdHex(client.authKey));
    expect(client.authKeyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it("Should refuse a server that signs with a key other than the pinned one", () => {
    const hello = clientHello("auth-key");
    const impostor = serverIdentityFromSeed("cd".repeat(32));
    const reply = serverCreateAuthKey(hello.hello, impostor).reply;
    expect(() => clientFinishAuthKey(hello, reply, identity.publicKey)).toThrow("SERVER_KEY_MISMATCH");
  });

  it("Should refuse a reply whose ephemeral key was swapped by a man in the middle", () => {
    const hello = clientHello("auth-key");
    const reply = serverCreateAuthKey(hello.hello, identity).reply;
    reply.set(randomBytes(32), 4);
    expect(() => clientFinishAuthKey(hello, reply, identity.publicKey)).toThrow("SERVER_KEY_MISMATCH");
  });

  it("Should refuse malformed hellos and replies with a clear error", () => {
    expect(() => serverCreateAuthKey(randomBytes(10), identity)).toThrow("HANDSHAKE_INVALID");
    expect(() => serverCreateAuthKey(clientHello("connect", randomBytes(32)).hello, identity)).toThrow(
      "HANDSHAKE_INVALID",
    );
    const hello = clientHello("auth-key");
    expect(() => clientFinishAuthKey(hello, randomBytes(132), identity.publicKey)).toThrow("HANDSHAKE_REPLY_INVALID");
  });

  it("Should derive per-connection keys that differ by direction and by connection", () => {
    const { client } = newAuthKey();
    const keys = () => {
      const hello = clientHello("connect", client.authKey);
      const server = serverConnect(hello.hello, client.authKey, identity);
      const mine = clientFinishConnect(hello, server.reply, client.authKey, identity.publicKey);
      expect(toHex(mine.c2s)).toBe(toHex(server.keys.c2s));
      expect(toHex(mine.s2c)).toBe(toHex(server.keys.s2c));
      return mine;
    };
    const a = keys();
    const b = keys();
    expect(toHex(a.c2s)).not.toBe(toHex(a.s2c));
    expect(toHex(a.c2s)).not.toBe(toHex(b.c2s));
  });

  it("Should not let a client without the auth key agree on connection keys (binding)", () => {
    const { client } = newAuthKey();
    const hello = clientHello("connect", client.authKey);
    const server = serverConnect(hello.hello, client.authKey, identity);
    // A different key in the transcript: the signature no longer verifies.
    expect(() => clientFinishConnect(hello, server.reply, randomBytes(32), identity.publicKey)).toThrow(
      "SERVER_KEY_MISMATCH",
    );
  });

  it("Should refuse a connect hello that does not prove the auth key", () => {
    const { client } = newAuthKey();
    const foreign = clientHello("connect", randomBytes(32)).hello;
    expect(() => serverConnect(foreign, client.authKey, identity)).toThrow("AUTH_KEY_PROOF_INVALID");
    const bare = clientHello("connect", client.authKey).hello.slice(0, 68);
    expect(() => serverConnect(bare, client.authKey, identity)).toThrow("HANDSHAKE_INVALID");
    const flipped = clientHello("connect", client.authKey).hello;
    flipped[40] = (flipped[40] as number) ^ 1; // the proof covers the ephemeral key and nonce too
    expect(() => serverConnect(flipped, client.authKey, identity)).toThrow("AUTH_KEY_PROOF_INVALID");
  });

  it("Should keep recorded traffic secret from someone who later steals the auth key (forward secrecy)", () => {
    const { client } = newAuthKey();
    const hello = clientHello("connect", client.authKey);
    const server = serverConnect(hello.hello, client.authKey, identity);
    const keys = clientFinishConnect(hello, server.reply, client.authKey, identity.publicKey);
    const recorded = sealFrame(keys.c2s, keys.connKeyId, {
      sessionId: 1n,
      msgId: 1n,
      seqNo: 0,
      body: { secret: "launch codes" },
      blob: new Uint8Array(),
    });
    // The thief has the auth key and the recorded handshake, but not either ephemeral secret:
    // completing a fresh exchange against the same server reply yields different keys.
    const thiefHello = clientHello("connect", client.authKey);
    thiefHello.hello.set(hello.hello.subarray(0, 68));
    const thiefKeys = clientFinishConnect(thiefHello, server.reply, client.authKey, identity.publicKey);
    expect(openFrame(thiefKeys.c2s, recorded)).toBeNull();
    expect(openFrame(keys.c2s, recorded)?.body).toEqual({ secret: "launch codes" });
  });

  it("Should sign the transcript with Ed25519 verifiable by the published key", () => {
    const hello = clientHello("auth-key");
    const reply = serverCreateAuthKey(hello.hello, identity).reply;
    expect(reply.length).toBe(132);
    expect(ed25519.getPublicKey(identity.secretKey)).toEqual(identity.publicKey);
  });

  it("Should let a client pinning [old, new] through a key rotation, with either key on the server", () => {
    const old = serverIdentityFromSeed("ab".repeat(32));
    const next = serverIdentityFromSeed("cd".repeat(32));
    const stranger = serverIdentityFromSeed("ef".repeat(32));
    const pins = [old.publicKey, next.publicKey];
    for (const server of [old, next]) {
      const hello = clientHello("auth-key");
      const created = serverCreateAuthKey(hello.hello, server);
      const client = clientFinishAuthKey(hello, created.reply, pins);
      expect(client.authKeyId).toBe(created.authKeyId);
      const conn = clientHello("connect", client.authKey);
      const reply = serverConnect(conn.hello, created.authKey, server);
      expect(clientFinishConnect(conn, reply.reply, client.authKey, pins).c2s).toEqual(reply.keys.c2s);
    }
    const hello = clientHello("auth-key");
    const created = serverCreateAuthKey(hello.hello, stranger);
    expect(() => clientFinishAuthKey(hello, created.reply, pins)).toThrow("SERVER_KEY_MISMATCH");
    expect(() => clientFinishAuthKey(hello, created.reply, [])).toThrow("SERVER_KEY_MISMATCH");
  });
});
