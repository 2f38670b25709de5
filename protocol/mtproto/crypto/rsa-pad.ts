/**
 * The two ways a client RSA-encrypts p_q_inner_data in req_DH_params: MTProto 2.0's RSA_PAD
 * (temp_key_xor, AES-IGE, SHA-256) and the older SHA-1 scheme. The server decodes both; the encoders
 * are the client's side, for in-memory clients and tests.
 */
import { equalBytes } from "../../binary.ts";
import { bytesToBigInt } from "./bigint.ts";
import { concatBytes } from "./kdf.ts";
import type { CryptoProvider, RandomSource } from "./provider.ts";
import { type RsaPrivateKey, type RsaPublicKey, rsaDecryptRaw, rsaEncryptRaw } from "./rsa.ts";

/** RSA_PAD carries at most 144 bytes of data, padded to 192. */
export const RSA_PAD_DATA_LIMIT = 144;
const PADDED = 192;
const ZERO_IV = new Uint8Array(32);

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** The client side of RSA_PAD (core.telegram.org/mtproto/auth_key, step 4). */
export function encodeRsaPad(c: CryptoProvider, key: RsaPublicKey, data: Uint8Array, random: RandomSource): Uint8Array {
  if (data.length > RSA_PAD_DATA_LIMIT) throw new RangeError("RSA_PAD data over 144 bytes");
  const withPadding = concatBytes(data, random(PADDED - data.length));
  const reversed = withPadding.slice().reverse();
  for (;;) {
    const tempKey = random(32);
    const withHash = concatBytes(reversed, c.sha256(concatBytes(tempKey, withPadding)));
    const aesEncrypted = c.aesIgeEncrypt(withHash, tempKey, ZERO_IV);
    const keyAesEncrypted = concatBytes(xor(tempKey, c.sha256(aesEncrypted)), aesEncrypted);
    // The spec retries with a new temp_key until the number is below the modulus.
    if (bytesToBigInt(keyAesEncrypted) < key.n) return rsaEncryptRaw(key, keyAesEncrypted);
  }
}

/**
 * The server side of RSA_PAD: RSA-decrypt, recover temp_key, AES-IGE-decrypt, check
 * SHA-256(temp_key + data_with_padding). Returns the 192-byte data_with_padding (the TL reader stops
 * at the object's end), or null when any step fails.
 */
export function decodeRsaPad(c: CryptoProvider, key: RsaPrivateKey, encrypted: Uint8Array): Uint8Array | null {
  const keyAesEncrypted = rsaDecryptRaw(key, encrypted);
  if (!keyAesEncrypted) return null;
  const aesEncrypted = keyAesEncrypted.subarray(32);
  const tempKey = xor(keyAesEncrypted.subarray(0, 32), c.sha256(aesEncrypted));
  const withHash = c.aesIgeDecrypt(aesEncrypted, tempKey, ZERO_IV);
  const withPadding = withHash.slice(0, PADDED).reverse();
  const hash = withHash.subarray(PADDED);
  return equalBytes(hash, c.sha256(concatBytes(tempKey, withPadding))) ? withPadding : null;
}

/** The old scheme: RSA(SHA1(data) + data + random padding to 255 bytes). */
export function encodeOldRsa(c: CryptoProvider, key: RsaPublicKey, data: Uint8Array, random: RandomSource): Uint8Array {
  if (data.length > 255 - 20) throw new RangeError("data over 235 bytes");
  const withHash = concatBytes(c.sha1(data), data, random(255 - 20 - data.length));
  return rsaEncryptRaw(key, withHash);
}

/**
 * The server side of the old scheme, first half: RSA-decrypt to 255 bytes (the leading byte of the
 * 256-byte value must be 0). The caller parses the data to learn its length, then calls verifyOldRsa.
 */
export function decryptOldRsa(
  key: RsaPrivateKey,
  encrypted: Uint8Array,
): { sha1: Uint8Array; rest: Uint8Array } | null {
  const m = rsaDecryptRaw(key, encrypted);
  if (m?.[0] !== 0) return null;
  return { sha1: m.subarray(1, 21), rest: m.subarray(21) };
}

/** The second half: SHA1 of the first `dataLength` bytes after the hash must be the hash. */
export function verifyOldRsa(
  c: CryptoProvider,
  decrypted: { sha1: Uint8Array; rest: Uint8Array },
  dataLength: number,
): boolean {
  if (dataLength <= 0 || dataLength > decrypted.rest.length) return false;
  return equalBytes(decrypted.sha1, c.sha1(decrypted.rest.subarray(0, dataLength)));
}
