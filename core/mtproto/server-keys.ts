/**
 * The server's MTProto RSA key: the MTPROTO_RSA_KEY Worker secret (base64 of the private key's JWK,
 * written by `npm run keys`), parsed and fingerprinted once per isolate for the handshake steps.
 */
import { nobleCryptoProvider } from "../../protocol/mtproto/crypto/noble.ts";
import { type RsaJwk, type RsaPrivateKey, rsaKeyFromJwk } from "../../protocol/mtproto/crypto/rsa.ts";
import { type HandshakeKeys, handshakeKeys } from "../../protocol/mtproto/handshake/steps.ts";

/** Parses MTPROTO_RSA_KEY; throws with a message naming the secret when it is missing or malformed. */
export function parseMtprotoRsaKey(secret: string | undefined): RsaPrivateKey {
  if (!secret) throw new Error("MTPROTO_RSA_KEY is not set (run `npm run keys` to generate one)");
  try {
    return rsaKeyFromJwk(JSON.parse(atob(secret)) as RsaJwk);
  } catch (e) {
    throw new Error(`MTPROTO_RSA_KEY is not a base64 RSA JWK: ${(e as Error).message}`);
  }
}

let cached: { secret: string; keys: HandshakeKeys[] } | null = null;

/** The handshake's keys for this secret value, computed once per isolate. */
export function mtprotoServerKeys(env: { MTPROTO_RSA_KEY?: string }): HandshakeKeys[] {
  const secret = env.MTPROTO_RSA_KEY ?? "";
  if (cached?.secret !== secret)
    cached = { secret, keys: handshakeKeys(nobleCryptoProvider, [parseMtprotoRsaKey(secret)]) };
  return cached.keys;
}
