/**
 * MTProto 2.0 key derivation. Direction is a parameter: x = 0 for client→server messages, x = 8 for
 * server→client, so the server decrypts with CLIENT_TO_SERVER and encrypts with SERVER_TO_CLIENT.
 */
import type { CryptoProvider } from "./provider.ts";

export type Direction = 0 | 8;
export const CLIENT_TO_SERVER: Direction = 0;
export const SERVER_TO_CLIENT: Direction = 8;

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** msg_key = middle 128 bits of SHA-256(substr(auth_key, 88 + x, 32) + plaintext including padding). */
export function computeMsgKey(c: CryptoProvider, authKey: Uint8Array, plaintext: Uint8Array, x: Direction): Uint8Array {
  if (authKey.length !== 256) throw new RangeError("auth_key must be 256 bytes");
  return c.sha256(concatBytes(authKey.subarray(88 + x, 88 + x + 32), plaintext)).slice(8, 24);
}

/** aes_key and aes_iv for one message (core.telegram.org/mtproto/description, "Defining AES Key and IV"). */
export function deriveMessageKeyIv(
  c: CryptoProvider,
  authKey: Uint8Array,
  msgKey: Uint8Array,
  x: Direction,
): { key: Uint8Array; iv: Uint8Array } {
  if (authKey.length !== 256) throw new RangeError("auth_key must be 256 bytes");
  if (msgKey.length !== 16) throw new RangeError("msg_key must be 16 bytes");
  const a = c.sha256(concatBytes(msgKey, authKey.subarray(x, x + 36)));
  const b = c.sha256(concatBytes(authKey.subarray(40 + x, 40 + x + 36), msgKey));
  return {
    key: concatBytes(a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)),
    iv: concatBytes(b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)),
  };
}

/**
 * MTProto 1.0's key/iv derivation (SHA-1 based). Still needed for one message: the
 * bind_auth_key_inner that auth.bindTempAuthKey carries, encrypted with the permanent key.
 */
export function deriveMessageKeyIvV1(
  c: CryptoProvider,
  authKey: Uint8Array,
  msgKey: Uint8Array,
  x: Direction,
): { key: Uint8Array; iv: Uint8Array } {
  if (authKey.length !== 256) throw new RangeError("auth_key must be 256 bytes");
  if (msgKey.length !== 16) throw new RangeError("msg_key must be 16 bytes");
  const a = c.sha1(concatBytes(msgKey, authKey.subarray(x, x + 32)));
  const b = c.sha1(concatBytes(authKey.subarray(32 + x, 48 + x), msgKey, authKey.subarray(48 + x, 64 + x)));
  const d = c.sha1(concatBytes(authKey.subarray(64 + x, 96 + x), msgKey));
  const e = c.sha1(concatBytes(msgKey, authKey.subarray(96 + x, 128 + x)));
  return {
    key: concatBytes(a.subarray(0, 8), b.subarray(8, 20), d.subarray(4, 16)),
    iv: concatBytes(a.subarray(8, 20), b.subarray(0, 8), d.subarray(16, 20), e.subarray(0, 8)),
  };
}

/**
 * The temporary AES key/iv of the key exchange, from new_nonce and server_nonce (auth_key creation,
 * step 5): key = SHA1(nn+sn) + SHA1(sn+nn)[0:12]; iv = SHA1(sn+nn)[12:20] + SHA1(nn+nn) + nn[0:4].
 */
export function deriveTmpAesKeyIv(
  c: CryptoProvider,
  newNonce: Uint8Array,
  serverNonce: Uint8Array,
): { key: Uint8Array; iv: Uint8Array } {
  const nnSn = c.sha1(concatBytes(newNonce, serverNonce));
  const snNn = c.sha1(concatBytes(serverNonce, newNonce));
  const nnNn = c.sha1(concatBytes(newNonce, newNonce));
  return {
    key: concatBytes(nnSn, snNn.subarray(0, 12)),
    iv: concatBytes(snNn.subarray(12, 20), nnNn, newNonce.subarray(0, 4)),
  };
}

/** auth_key_id: the lower 64 bits of SHA-1(auth_key), i.e. its last 8 bytes, read little-endian. */
export function authKeyId(c: CryptoProvider, authKey: Uint8Array): bigint {
  const h = c.sha1(authKey);
  return new DataView(h.buffer, h.byteOffset, h.length).getBigUint64(12, true);
}
