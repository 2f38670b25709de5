/**
 * Access hashes as Telegram's are: a keyed MAC of (viewer, kind, id), so one user's hash for a peer
 * proves nothing for another. The key is derived from the AUTH_KEY_STORAGE_KEY secret under its own label.
 */
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8 } from "../../protocol/binary.ts";

let cached: { secret: string; key: Uint8Array } | null = null;

function keyOf(env: { AUTH_KEY_STORAGE_KEY?: string }): Uint8Array {
  const secret = env.AUTH_KEY_STORAGE_KEY ?? "";
  if (cached?.secret !== secret) {
    const raw = Uint8Array.from(secret.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    cached = { secret, key: hkdf(sha256, raw, undefined, utf8("edgegram/v1 mtproto access hash"), 32) };
  }
  return cached.key;
}

export type HashedKind = "user" | "chat" | "file";

/** The one binding access hashes need (so presenters are usable, and typed, outside a Worker). */
export type AccessHashEnv = { AUTH_KEY_STORAGE_KEY?: string };

/** The access hash `viewer` sees for this object: a signed 64-bit value, as TL's long. */
export function accessHash(
  env: { AUTH_KEY_STORAGE_KEY?: string },
  viewer: number,
  kind: HashedKind,
  id: number | bigint,
): bigint {
  const mac = hmac(sha256, keyOf(env), utf8(`${viewer}:${kind}:${id}`));
  return new DataView(mac.buffer, mac.byteOffset, 8).getBigInt64(0, true);
}

/** Whether `hash` is what `viewer` was given for this object. */
export const checkAccessHash = (
  env: { AUTH_KEY_STORAGE_KEY?: string },
  viewer: number,
  kind: HashedKind,
  id: number | bigint,
  hash: bigint,
): boolean => accessHash(env, viewer, kind, id) === BigInt.asIntN(64, hash);
