/**
 * mtcute's own auth-key code (@mtcute/core 0.30 `doAuthorization`, RSA_PAD, p_q_inner_data_dc and
 * _temp_dc) driven in memory against the server steps, with our key added the public way
 * (`addPublicKey` with the PEM we print): an unchanged client library must derive the same key.
 */
import { addPublicKey, NodeCryptoProvider } from "@mtcute/node/utils.js";
import Long from "long";
import { describe, expect, it } from "vitest";
// doAuthorization and the TL maps are not in the package's exports: imported by path, as the TL cross-check does.
import { doAuthorization } from "../../../../node_modules/@mtcute/core/network/authorization.js";
import { __tlReaderMap } from "../../../../node_modules/@mtcute/core/tl/binary/reader.js";
import { __tlWriterMap } from "../../../../node_modules/@mtcute/core/tl/binary/writer.js";
import { nobleCryptoProvider as c } from "../../../../protocol/mtproto/crypto/noble.ts";
import { systemRandom } from "../../../../protocol/mtproto/crypto/provider.ts";
import { rsaKeyFromJwk, rsaPublicKeyPem } from "../../../../protocol/mtproto/crypto/rsa.ts";
import {
  type CreatedAuthKey,
  decodeHandshakeRequest,
  encodeHandshakeReply,
  type HandshakeContext,
  type HandshakeState,
  handshakeKeys,
  serverReqDhParams,
  serverReqPq,
  serverSetClientDhParams,
} from "../../../../protocol/mtproto/handshake/steps.ts";
import { decodePlainMessage, encodePlainMessage } from "../../../../protocol/mtproto/session/envelope.ts";
import { nextClientMsgId, nextServerMsgId } from "../../../../protocol/mtproto/session/msg-id.ts";
import { TEST_RSA_JWK, toHex } from "./fixtures.ts";

const key = rsaKeyFromJwk(TEST_RSA_JWK);
const keys = handshakeKeys(c, [key]);

/** The parts of mtcute's SessionConnection that doAuthorization touches, wired to the server steps. */
function fakeConnection(ctx: HandshakeContext, created: CreatedAuthKey[]) {
  let state: HandshakeState | undefined;
  let serverMsgId = 0n;
  let clientMsgId = 0n;
  const inbox: Uint8Array[] = [];
  const log = { create: () => log, prefix: "", verbose() {}, debug() {}, info() {}, warn() {}, error() {} };
  return {
    log,
    params: { dc: { id: 2, mediaOnly: false }, testMode: false },
    _session: {
      _readerMap: __tlReaderMap,
      _writerMap: __tlWriterMap,
      getMessageId: () => {
        clientMsgId = nextClientMsgId(clientMsgId, Date.now());
        return Long.fromString(clientMsgId.toString());
      },
      updateTimeOffset() {},
    },
    async send(data: Uint8Array) {
      const req = decodeHandshakeRequest(decodePlainMessage(data).body);
      const out =
        req._ === "mt_req_pq_multi" || req._ === "mt_req_pq"
          ? serverReqPq(req, ctx)
          : req._ === "mt_req_DH_params"
            ? serverReqDhParams(state!, req, ctx)
            : serverSetClientDhParams(state!, req, ctx);
      state = out.state;
      const made = (out as { created?: CreatedAuthKey }).created;
      if (made) created.push(made);
      serverMsgId = nextServerMsgId(serverMsgId, Date.now(), "response");
      inbox.push(encodePlainMessage(serverMsgId, encodeHandshakeReply(out.reply)));
    },
    async waitForUnencryptedMessage() {
      return inbox.shift()!;
    },
  };
}

describe("mtcute's doAuthorization against the server steps", () => {
  it.each([
    ["a permanent key", undefined],
    ["a temporary key", 86_400],
  ])(
    "creates the same auth key on both sides for %s (RSA_PAD)",
    async (_name, expiresIn) => {
      const crypto = new NodeCryptoProvider();
      await crypto.initialize?.();
      addPublicKey(crypto, rsaPublicKeyPem(key));
      // mtcute writes the key without its leading zero bytes where Telegram (and tdlib, and we) keep all 256:
      // one key in 256 starts with a zero, mtcute's own check then fails, and mtcute retries, as here.
      for (let attempt = 0; attempt < 4; attempt++) {
        const created: CreatedAuthKey[] = [];
        const ctx: HandshakeContext = { c, random: systemRandom, nowMs: Date.now(), keys, dhSecretBytes: 40 };
        const done = doAuthorization(fakeConnection(ctx, created) as never, crypto, expiresIn);
        const [authKey, salt] = await done.catch((e: Error) => {
          expect(created[0]?.authKey[0]).toBe(0);
          expect(e.message).toMatch(/nonce hash/i);
          return [null, null] as const;
        });
        if (!authKey) continue;
        expect(created).toHaveLength(1);
        expect(toHex(authKey)).toBe(toHex(created[0]!.authKey));
        expect(BigInt(salt!.toString())).toBe(created[0]!.serverSalt);
        expect(created[0]!.expiresIn).toBe(expiresIn);
        expect(created[0]!.dc).toBe(2);
        return;
      }
      throw new Error("four keys in a row began with a zero byte");
    },
    60_000,
  );
});
