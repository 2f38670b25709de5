/**
 * The per-connection handshake both transports run: the hello's proof of the auth key is checked
 * before the server computes or signs anything (serverConnect), under the identity from the secret.
 */
import {
  type ConnectionKeys,
  type ServerIdentity,
  serverConnect,
  serverIdentityFromSeed,
} from "../protocol/handshake.ts";

let identityCache: { seed: string; identity: ServerIdentity } | null = null;

function identityOf(env: Env): ServerIdentity {
  if (identityCache?.seed !== env.SERVER_IDENTITY_KEY) {
    identityCache = { seed: env.SERVER_IDENTITY_KEY, identity: serverIdentityFromSeed(env.SERVER_IDENTITY_KEY) };
  }
  return identityCache.identity;
}

/** The signed reply and the connection's keys; throws RpcError for a malformed or unproven hello. */
export function acceptConnect(
  env: Env,
  authKey: Uint8Array,
  hello: Uint8Array,
): { reply: Uint8Array; keys: ConnectionKeys } {
  return serverConnect(hello, authKey, identityOf(env));
}
