/**
 * Auth key creation's shell in an AuthKeyObject shard chosen by the client's nonce: loads the
 * handshake record stored under that nonce, runs the pure step, stores the record, and hands a
 * finished key to the shard that will own it. Records expire with the steps' own TTL.
 */

import { mtprotoServerKeys } from "../core/mtproto/server-keys.ts";
import { AUTH_KEY_SHARDS, authKeyObjectOf } from "../core/objects.ts";
import { nobleCryptoProvider } from "../protocol/mtproto/crypto/noble.ts";
import { systemRandom } from "../protocol/mtproto/crypto/provider.ts";
import { HandshakeError } from "../protocol/mtproto/errors.ts";
import {
  decodeHandshakeRequest,
  encodeHandshakeReply,
  HANDSHAKE_TTL_MS,
  type HandshakeState,
  serverReqDhParams,
  serverReqPq,
  serverSetClientDhParams,
} from "../protocol/mtproto/handshake/steps.ts";
import { decodePlainMessage, encodePlainMessage } from "../protocol/mtproto/session/envelope.ts";
import { nextServerMsgId } from "../protocol/mtproto/session/msg-id.ts";

/** The server's DH secret size: 320 bits, as strong as the group in a safe-prime group (see docs/mtproto.md). */
const DH_SECRET_BYTES = 40;
const PREFIX = "mths:";

/** What a packet gets back: bytes to send, a transport error, or nothing (dropped). */
export type MtAnswer = { packets: Uint8Array[] } | { transportError: -404 | -429 } | { drop: string };

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** The nonce of a plain handshake packet (every step starts with it), or null if the packet is too short. */
export function handshakeNonce(packet: Uint8Array): Uint8Array | null {
  return packet.length >= 20 + 4 + 16 ? packet.subarray(24, 40) : null;
}

/** The shard whose storage holds the handshake of this nonce (named like the key shards). */
export const handshakeShardOf = (nonce: Uint8Array): string =>
  `authkeys:${((nonce[0]! << 8) | nonce[1]!) % AUTH_KEY_SHARDS}`;

/** Runs one handshake step for a plain packet, in the shard chosen by its nonce. */
export async function runHandshakeStep(storage: DurableObjectStorage, env: Env, packet: Uint8Array): Promise<MtAnswer> {
  const nowMs = Date.now();
  try {
    const { body } = decodePlainMessage(packet);
    const req = decodeHandshakeRequest(body);
    const key = PREFIX + hex(req.nonce as Uint8Array);
    const ctx = {
      c: nobleCryptoProvider,
      random: systemRandom,
      nowMs,
      keys: mtprotoServerKeys(env),
      dhSecretBytes: DH_SECRET_BYTES,
    };
    let reply: Parameters<typeof encodeHandshakeReply>[0];
    if (req._ === "mt_req_pq" || req._ === "mt_req_pq_multi") {
      const step = serverReqPq(req, ctx);
      await storage.put(key, step.state);
      reply = step.reply;
    } else {
      const state = await storage.get<HandshakeState>(key);
      if (!state || nowMs - state.createdAtMs > HANDSHAKE_TTL_MS) return { drop: "no handshake for this nonce" };
      if (req._ === "mt_req_DH_params") {
        const step = serverReqDhParams(state, req, ctx);
        await storage.put(key, step.state);
        reply = step.reply;
      } else {
        const step = serverSetClientDhParams(state, req, ctx);
        if (step.created) {
          const k = step.created;
          const id = k.authKeyId.toString(16).padStart(16, "0");
          await authKeyObjectOf(env, id).mtCreate(id, k.authKey, k.serverSalt, k.expiresIn ?? null);
          await storage.delete(key);
        } else await storage.put(key, step.state);
        reply = step.reply;
      }
    }
    return { packets: [encodePlainMessage(nextServerMsgId(0n, nowMs, "response"), encodeHandshakeReply(reply))] };
  } catch (e) {
    if (e instanceof HandshakeError) {
      console.warn("mtproto handshake refused", e.message);
      return e.fault === "UNKNOWN_FINGERPRINT" ? { transportError: -404 } : { drop: e.fault };
    }
    if (e instanceof Error && e.name === "EnvelopeError") return { drop: e.message };
    throw e;
  }
}

/** Deletes handshake records past their TTL; returns when the next one expires (null if none are left). */
export async function purgeHandshakes(storage: DurableObjectStorage, nowMs: number): Promise<number | null> {
  const rows = await storage.list<HandshakeState>({ prefix: PREFIX, limit: 1000 });
  let next: number | null = null;
  const expired: string[] = [];
  for (const [k, st] of rows) {
    const until = st.createdAtMs + HANDSHAKE_TTL_MS;
    if (until <= nowMs) expired.push(k);
    else next = next === null ? until : Math.min(next, until);
  }
  if (expired.length) await storage.delete(expired);
  return next;
}
