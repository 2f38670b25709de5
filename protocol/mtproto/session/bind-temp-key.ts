/**
 * auth.bindTempAuthKey's encrypted_message: a bind_auth_key_inner encrypted with the *permanent*
 * key in MTProto 1.0's format (msg_key = SHA-1 of the unpadded plaintext, bytes 4–20; SHA-1 KDF).
 * The server opens it and checks it binds the temp key, session and msg_id the call came with.
 */
import { equalBytes } from "../../binary.ts";
import { CLIENT_TO_SERVER, concatBytes, deriveMessageKeyIvV1 } from "../crypto/kdf.ts";
import type { CryptoProvider, RandomSource } from "../crypto/provider.ts";
import { EnvelopeError } from "../errors.ts";
import type { EnvelopeMessage } from "./envelope.ts";

/** Opens the encrypted_message with the permanent key; every failure is an EnvelopeError. */
export function openBindMessage(
  c: CryptoProvider,
  permAuthKey: Uint8Array,
  permAuthKeyId: bigint,
  encrypted: Uint8Array,
): EnvelopeMessage {
  if (encrypted.length < 24 + 32 + 4 || (encrypted.length - 24) % 16 !== 0) {
    throw new EnvelopeError("PACKET_MISALIGNED", `${encrypted.length}`);
  }
  const v = new DataView(encrypted.buffer, encrypted.byteOffset, encrypted.length);
  if (v.getBigUint64(0, true) !== BigInt.asUintN(64, permAuthKeyId)) throw new EnvelopeError("AUTH_KEY_MISMATCH");
  const msgKey = encrypted.subarray(8, 24);
  const { key, iv } = deriveMessageKeyIvV1(c, permAuthKey, msgKey, CLIENT_TO_SERVER);
  const plain = c.aesIgeDecrypt(encrypted.subarray(24), key, iv);
  const p = new DataView(plain.buffer, plain.byteOffset, plain.length);
  const len = p.getInt32(28, true);
  // Length is checked before hashing so a hostile value cannot make the slice below misbehave.
  if (len < 4 || len % 4 !== 0 || 32 + len > plain.length || plain.length - 32 - len >= 16) {
    throw new EnvelopeError("BAD_LENGTH", `${len}`);
  }
  if (!equalBytes(c.sha1(plain.subarray(0, 32 + len)).subarray(4, 20), msgKey)) throw new EnvelopeError("BAD_MSG_KEY");
  return {
    salt: p.getBigInt64(0, true),
    sessionId: p.getBigInt64(8, true),
    msgId: p.getBigInt64(16, true),
    seqNo: p.getInt32(24, true),
    body: plain.slice(32, 32 + len),
  };
}

/** The client side (tests, in-memory clients): random salt and session id, as the docs ask. */
export function sealBindMessage(
  c: CryptoProvider,
  permAuthKey: Uint8Array,
  permAuthKeyId: bigint,
  msgId: bigint,
  body: Uint8Array,
  random: RandomSource,
): Uint8Array {
  const head = new Uint8Array(32);
  const v = new DataView(head.buffer);
  head.set(random(16));
  v.setBigInt64(16, BigInt.asIntN(64, msgId), true);
  v.setInt32(24, 0, true);
  v.setInt32(28, body.length, true);
  const data = concatBytes(head, body);
  const msgKey = c.sha1(data).slice(4, 20);
  const { key, iv } = deriveMessageKeyIvV1(c, permAuthKey, msgKey, CLIENT_TO_SERVER);
  const padded = concatBytes(data, random((16 - (data.length % 16)) % 16));
  const out = new Uint8Array(24 + padded.length);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, permAuthKeyId), true);
  out.set(msgKey, 8);
  out.set(c.aesIgeEncrypt(padded, key, iv), 24);
  return out;
}

export interface BindInner {
  nonce: bigint;
  tempAuthKeyId: bigint;
  permAuthKeyId: bigint;
  tempSessionId: bigint;
  expiresAt: number;
}

/**
 * The checks auth.bindTempAuthKey requires of the opened message and its decoded
 * bind_auth_key_inner: it was sent as the very call (msg_id, seq_no 0), names this temp key, this
 * perm key and this session, repeats the call's nonce and expires_at. Returns an RPC error name or null.
 */
export function checkBind(
  opened: EnvelopeMessage,
  inner: BindInner,
  call: { msgId: bigint; nonce: bigint; expiresAt: number; permAuthKeyId: bigint },
  conn: { tempAuthKeyId: bigint; sessionId: bigint },
): "ENCRYPTED_MESSAGE_INVALID" | "TEMP_AUTH_KEY_EMPTY" | null {
  const s64 = (x: bigint) => BigInt.asIntN(64, x);
  if (s64(opened.msgId) !== s64(call.msgId) || opened.seqNo !== 0) return "ENCRYPTED_MESSAGE_INVALID";
  if (s64(inner.nonce) !== s64(call.nonce) || inner.expiresAt !== call.expiresAt) return "ENCRYPTED_MESSAGE_INVALID";
  if (s64(inner.permAuthKeyId) !== s64(call.permAuthKeyId)) return "ENCRYPTED_MESSAGE_INVALID";
  if (s64(inner.tempAuthKeyId) !== s64(conn.tempAuthKeyId)) return "TEMP_AUTH_KEY_EMPTY";
  if (s64(inner.tempSessionId) !== s64(conn.sessionId)) return "ENCRYPTED_MESSAGE_INVALID";
  return null;
}
