/**
 * The synchronous crypto MTProto needs, behind one interface so providers can be swapped and checked
 * against one conformance suite (WebCrypto is async and has no IGE, so it cannot be one).
 */

export interface AesCtr {
  /** Encrypts or decrypts the next bytes of the stream (CTR is its own inverse); the counter carries over. */
  process(data: Uint8Array): Uint8Array;
}

export interface CryptoProvider {
  /** AES-256-IGE; data.length must be a multiple of 16; key 32 bytes, iv 32 bytes (iv1 ‖ iv2). */
  aesIgeEncrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array;
  aesIgeDecrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array;
  /** AES-256-CTR with a 16-byte initial counter block, as obfuscated2 uses it. */
  createAesCtr(key: Uint8Array, iv: Uint8Array): AesCtr;
  sha1(data: Uint8Array): Uint8Array;
  sha256(data: Uint8Array): Uint8Array;
}

/** Injected randomness: every pure module takes one, so tests can pin bytes. */
export type RandomSource = (n: number) => Uint8Array;

export const systemRandom: RandomSource = (n) => {
  const b = new Uint8Array(n);
  for (let o = 0; o < n; o += 65536) crypto.getRandomValues(b.subarray(o, Math.min(n, o + 65536)));
  return b;
};
