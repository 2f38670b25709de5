/**
 * GramJS's own auth-key code (npm `telegram` 2.26: Authenticator.doAuthentication over its
 * MTProtoPlainSender, with the old SHA-1 RSA scheme and p_q_inner_data) driven in memory against the
 * server steps: an unchanged client library, only our RSA key added, must derive the same key.
 */
// GramJS keys its RSA table with big-integer values (its own dependency, hoisted by npm).
import bigInt from "big-integer";
import { _serverKeys } from "telegram/crypto/RSA.js";
import { doAuthentication } from "telegram/network/Authenticator.js";
import { MTProtoPlainSender } from "telegram/network/MTProtoPlainSender.js";
import { describe, expect, it } from "vitest";
import { nobleCryptoProvider as c } from "../../../../protocol/mtproto/crypto/noble.ts";
import { systemRandom } from "../../../../protocol/mtproto/crypto/provider.ts";
import { rsaKeyFromJwk } from "../../../../protocol/mtproto/crypto/rsa.ts";
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
import { nextServerMsgId } from "../../../../protocol/mtproto/session/msg-id.ts";
import { TEST_RSA_JWK, toHex } from "./fixtures.ts";

const key = rsaKeyFromJwk(TEST_RSA_JWK);
const keys = handshakeKeys(c, [key]);

/** One handshake: the key the server created, and the client's key or the error it stopped with. */
async function handshake(): Promise<{
  created?: CreatedAuthKey;
  state?: HandshakeState;
  clientKey?: Uint8Array;
  error?: Error;
}> {
  const ctx: HandshakeContext = { c, random: systemRandom, nowMs: Date.now(), keys, dhSecretBytes: 40 };
  let state: HandshakeState | undefined;
  let created: CreatedAuthKey | undefined;
  let lastMsgId = 0n;
  const replies: Buffer[] = [];
  const connection = {
    async send(data: Buffer) {
      const req = decodeHandshakeRequest(decodePlainMessage(new Uint8Array(data)).body);
      const out =
        req._ === "mt_req_pq_multi" || req._ === "mt_req_pq"
          ? serverReqPq(req, ctx)
          : req._ === "mt_req_DH_params"
            ? serverReqDhParams(state!, req, ctx)
            : serverSetClientDhParams(state!, req, ctx);
      state = out.state;
      const made = (out as { created?: CreatedAuthKey }).created;
      if (made) created = made;
      lastMsgId = nextServerMsgId(lastMsgId, Date.now(), "response");
      replies.push(Buffer.from(encodePlainMessage(lastMsgId, encodeHandshakeReply(out.reply))));
    },
    async recv() {
      return replies.shift()!;
    },
  };
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, canSend: () => false };
  const sender = new MTProtoPlainSender(connection as never, quiet as never);
  try {
    const { authKey } = await doAuthentication(sender, quiet);
    return { created, state, clientKey: new Uint8Array(authKey.getKey()!) };
  } catch (e) {
    return { created, state, error: e as Error };
  }
}

describe("GramJS's Authenticator against the server steps", () => {
  it("creates the same auth key on both sides", async () => {
    _serverKeys.set(BigInt.asIntN(64, keys[0]!.fingerprint).toString(), { n: bigInt(key.n.toString()), e: 65537 });
    // GramJS writes the key without its leading zero bytes where Telegram (and tdlib, and we) keep all 256:
    // one key in 256 starts with a zero, GramJS's own check then fails, and GramJS retries, as here.
    for (let attempt = 0; attempt < 4; attempt++) {
      const r = await handshake();
      expect(r.created).toBeDefined();
      if (r.created!.authKey[0] === 0) {
        expect(r.error?.message).toBe("Step 3 invalid new nonce hash");
        continue;
      }
      expect(r.error).toBeUndefined();
      expect(toHex(r.clientKey!)).toBe(toHex(r.created!.authKey));
      expect(r.state!.step).toBe("done");
      return;
    }
    throw new Error("four keys in a row began with a zero byte");
  }, 60_000);
});
