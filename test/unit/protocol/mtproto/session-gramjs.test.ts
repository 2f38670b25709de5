/**
 * The message layer against GramJS's own MTProtoState (npm `telegram` 2.26): what GramJS encrypts,
 * the server opens (x = 0) and the session accepts; what the server seals (x = 8), GramJS decrypts
 * and reads. One auth key, no handshake needed.
 */
import bigInt from "big-integer";
import { Api } from "telegram";
import { AuthKey } from "telegram/crypto/AuthKey.js";
import { BinaryWriter } from "telegram/extensions/index.js";
import { MTProtoState } from "telegram/network/MTProtoState.js";
import { describe, expect, it } from "vitest";
import { authKeyId, CLIENT_TO_SERVER, SERVER_TO_CLIENT } from "../../../../protocol/mtproto/crypto/kdf.ts";
import { nobleCryptoProvider as c } from "../../../../protocol/mtproto/crypto/noble.ts";
import { systemRandom } from "../../../../protocol/mtproto/crypto/provider.ts";
import { CURRENT_LAYER, tablesForLayer } from "../../../../protocol/mtproto/layers/resolve.ts";
import { openMessage, sealMessage } from "../../../../protocol/mtproto/session/envelope.ts";
import { currentSalt, refreshSalts } from "../../../../protocol/mtproto/session/salts.ts";
import { nextOutgoing, receive } from "../../../../protocol/mtproto/session/session.ts";
import { decode, encode } from "../../../../protocol/mtproto/tl/codec.ts";

describe("the encrypted envelope against GramJS's MTProtoState", () => {
  it("round-trips a ping and its pong in both directions", async () => {
    const t = tablesForLayer(CURRENT_LAYER);
    const authKey = systemRandom(256);
    const keyId = authKeyId(c, authKey);
    const now = Date.now();
    const salts = refreshSalts([], Math.floor(now / 1000), systemRandom);
    const salt = currentSalt(salts, Math.floor(now / 1000))!.salt;

    const gramKey = new AuthKey();
    await gramKey.setKey(Buffer.from(authKey));
    const quiet = { debug() {}, info() {}, warn() {}, error() {}, canSend: () => false };
    const client = new MTProtoState(gramKey, quiet as never);
    client.salt = bigInt(salt.toString());

    // Client → server: GramJS numbers and encrypts a ping.
    const buffer = new BinaryWriter(Buffer.alloc(0));
    const ping = new Api.Ping({ pingId: bigInt(42) });
    const msgId = await client.writeDataAsMessage(buffer, ping.getBytes(), true);
    const packet = await client.encryptMessageData(buffer.getValue());
    const opened = openMessage(c, authKey, keyId, new Uint8Array(packet), CLIENT_TO_SERVER);
    expect(opened.msgId.toString()).toBe(msgId.toString());
    expect(opened.sessionId.toString()).toBe(
      BigInt.asIntN(64, BigInt((client as unknown as { id: { toString(): string } }).id.toString())).toString(),
    );
    const r = receive(undefined, opened, { nowMs: Date.now(), salts, random: systemRandom });
    expect(r.replies.map((x) => x._)).toEqual(["mt_new_session_created"]);
    expect(r.accepted).toHaveLength(1);
    expect(decode(t, r.accepted[0]!.body)).toEqual({ _: "mt_ping", pingId: 42n });

    // Server → client: the pong, sealed for x = 8, read by GramJS.
    const out = nextOutgoing(r.state, Date.now(), { contentRelated: false, kind: "response" });
    const body = encode(t, { _: "mt_pong", msgId: opened.msgId, pingId: 42n });
    const sealed = sealMessage(
      c,
      authKey,
      keyId,
      { salt, sessionId: opened.sessionId, msgId: out.msgId, seqNo: out.seqNo, body },
      SERVER_TO_CLIENT,
      systemRandom,
      { extraPaddingBlocks: 4 },
    );
    const msg = await client.decryptMessageData(Buffer.from(sealed));
    expect(msg.msgId.toString()).toBe(out.msgId.toString());
    expect(msg.obj.className).toBe("Pong");
    expect(msg.obj.pingId.toString()).toBe("42");
    expect(msg.obj.msgId.toString()).toBe(msgId.toString());
  });
});
