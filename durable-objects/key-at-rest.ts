/**
 * Key material at rest: auth keys and HTTP-fallback connection keys are stored sealed
 * (XChaCha20-Poly1305) under a key derived from the AUTH_KEY_STORAGE_KEY Worker secret, with the
 * row's id as associated data, so a copy of an object's storage alone reveals no key and a sealed
 * key moved under another id does not open.
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, randomBytes, utf8 } from "../protocol/binary.ts";

const FORMAT_V1 = 1;
const NONCE_SIZE = 24;
const LABEL = utf8("edgegram/v1 key-at-rest");
/** Rows written before keys were sealed hold the bare 32-byte key. */
const PLAIN_KEY_SIZE = 32;

export interface OpenedKey {
  key: Uint8Array;
  /** Stored in plaintext by an older version: the caller rewrites it sealed. */
  legacy: boolean;
}

export class KeyAtRest {
  private readonly key: Uint8Array;

  constructor(secretHex: string | undefined) {
    if (!secretHex || !/^[0-9a-fA-F]{64}$/.test(secretHex)) {
      throw new Error("AUTH_KEY_STORAGE_KEY must be 64 hex characters (run `npm run keys` to generate one)");
    }
    const secret = Uint8Array.from(secretHex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    this.key = hkdf(sha256, secret, undefined, LABEL, 32);
  }

  seal(id: string, plain: Uint8Array): Uint8Array {
    const nonce = randomBytes(NONCE_SIZE);
    const sealed = xchacha20poly1305(this.key, nonce, utf8(id)).encrypt(plain);
    return concatBytes(Uint8Array.of(FORMAT_V1), nonce, sealed);
  }

  /** The key stored under `id`, or null when the row was tampered with or belongs to another id. */
  open(id: string, stored: Uint8Array): OpenedKey | null {
    if (stored.length === PLAIN_KEY_SIZE) return { key: stored, legacy: true };
    if (stored[0] !== FORMAT_V1 || stored.length < 1 + NONCE_SIZE + 16) return null;
    try {
      const nonce = stored.subarray(1, 1 + NONCE_SIZE);
      return {
        key: xchacha20poly1305(this.key, nonce, utf8(id)).decrypt(stored.subarray(1 + NONCE_SIZE)),
        legacy: false,
      };
    } catch {
      return null;
    }
  }
}

let cached: { secret: string; vault: KeyAtRest } | null = null;

/** One derived key per secret value, reused across requests of the isolate. */
export function keyAtRestOf(env: { AUTH_KEY_STORAGE_KEY?: string }): KeyAtRest {
  const secret = env.AUTH_KEY_STORAGE_KEY ?? "";
  if (cached?.secret !== secret) cached = { secret, vault: new KeyAtRest(secret) };
  return cached.vault;
}
