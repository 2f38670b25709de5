/**
 * Media keys: everything derived from the MEDIA_SECRET. One HMAC-SHA-256 sub-key
 * per purpose (access hashes, download URLs), so a value minted for one use
 * can never be replayed as the other. See docs/security.md.
 */
import { equalBytes, fromBase64Url, fromHex, randomBytes, toBase64Url, utf8 } from "../../protocol/binary.ts";
import { FILE_URL_MAX_TTL_SECONDS } from "../../protocol/rpc/upload.ts";

type Purpose = "access-hash" | "download-url";

const keyCache = new Map<string, Promise<CryptoKey>>();

async function hmacKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", raw as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
}

async function mac(key: CryptoKey, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(message)));
}

/** The sub-key for one purpose: HMAC(MEDIA_SECRET, "edgegram/media/<purpose>/v1"). */
function subKey(secret: string, purpose: Purpose): Promise<CryptoKey> {
  const id = `${purpose}:${secret}`;
  let k = keyCache.get(id);
  if (!k) {
    if (!/^[0-9a-f]{64}$/.test(secret)) throw new Error("MEDIA_SECRET must be 64 hex chars (npm run keys)");
    k = hmacKey(fromHex(secret)).then(async (master) => hmacKey(await mac(master, `edgegram/media/${purpose}/v1`)));
    keyCache.set(id, k);
  }
  return k;
}

/** An unguessable media id: 24 random bytes, base64url (32 chars). */
export function newMediaId(): string {
  return toBase64Url(randomBytes(24));
}

/** access_hash = base64url(HMAC(k_access, media_id ":" owner_id)): bound to the media and its owner. */
export async function accessHashOf(secret: string, mediaId: string, ownerId: number): Promise<string> {
  return toBase64Url(await mac(await subKey(secret, "access-hash"), `${mediaId}:${ownerId}`));
}

export async function accessHashMatches(
  secret: string,
  mediaId: string,
  ownerId: number,
  given: string,
): Promise<boolean> {
  const expected = await accessHashOf(secret, mediaId, ownerId);
  try {
    return equalBytes(fromBase64Url(expected), fromBase64Url(given));
  } catch {
    return false;
  }
}

/** A download token `<media_id>.<expires>.<mac>`; the MAC covers both, so neither can be changed. */
export async function signDownload(secret: string, mediaId: string, expires: number): Promise<string> {
  const sig = toBase64Url(await mac(await subKey(secret, "download-url"), `${mediaId}.${expires}`));
  return `${mediaId}.${expires}.${sig}`;
}

/**
 * The media id a token grants, or null when it is forged, malformed or expired, or when it claims to
 * live longer than FILE_URL_MAX_TTL_SECONDS from now (tokens from before the cap included).
 */
export async function verifyDownload(secret: string, token: string, nowSeconds: number): Promise<string | null> {
  const m = /^([A-Za-z0-9_-]{16,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const [, mediaId, expires, sig] = m as unknown as [string, string, string, string];
  const expected = await mac(await subKey(secret, "download-url"), `${mediaId}.${expires}`);
  let given: Uint8Array;
  try {
    given = fromBase64Url(sig);
  } catch {
    return null;
  }
  if (!equalBytes(expected, given)) return null;
  const at = Number(expires);
  return at >= nowSeconds && at <= nowSeconds + FILE_URL_MAX_TTL_SECONDS ? mediaId : null;
}
