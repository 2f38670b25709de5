/**
 * Key agreement. Two exchanges share one shape: X25519 ephemerals from both
 * sides, the transcript signed by the server's long-term Ed25519 key (which
 * clients pin). `createAuthKey` derives a long-lived 256-bit auth key;
 * `connect` derives per-connection keys bound to that auth key, so a leaked
 * auth key alone decrypts no recorded traffic (forward secrecy). A connect hello carries a MAC
 * under the auth key, so the server signs nothing and stores nothing for a client without it.
 */
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { type Bytes, concatBytes, equalBytes, fromHex, randomBytes, toHex, utf8 } from "./binary.ts";
import { RpcError } from "./errors.ts";

export const PROTOCOL_VERSION = 1;
const AUTH_KEY_MAGIC = utf8("EGK1");
const CONNECT_MAGIC = utf8("EGC1");
const SERVER_MAGIC = utf8("EGS1");
const AUTH_KEY_LABEL = utf8("edgegram/v1 auth-key");
const CONNECT_LABEL = utf8("edgegram/v1 connect");
const PROOF_LABEL = utf8("edgegram/v1 connect-proof");

/** Auth-key hello: magic(4) | client_eph_pub(32) | client_nonce(32) = 68 bytes. */
export const HELLO_SIZE = 68;
/** Connect hello: the same 68 bytes | proof(32) = HMAC-SHA256(auth_key, label | auth_key_id | first 68 bytes). */
export const CONNECT_HELLO_SIZE = HELLO_SIZE + 32;
/** Server reply: magic(4) | server_eph_pub(32) | server_nonce(32) | signature(64) = 132 bytes. */
export const HELLO_OK_SIZE = 132;

export type HelloKind = "auth-key" | "connect";

export interface ConnectionKeys {
  /** Client → server key. */
  c2s: Uint8Array;
  /** Server → client key. */
  s2c: Uint8Array;
  /** 8 bytes naming these keys in every frame. */
  connKeyId: Uint8Array;
}

export interface ClientHelloState {
  kind: HelloKind;
  secret: Uint8Array;
  hello: Bytes;
}

const magicFor = (kind: HelloKind) => (kind === "auth-key" ? AUTH_KEY_MAGIC : CONNECT_MAGIC);

export function authKeyIdOf(authKey: Uint8Array): Uint8Array {
  return sha256(authKey).slice(24, 32);
}

export function authKeyIdHex(authKey: Uint8Array): string {
  return toHex(authKeyIdOf(authKey));
}

function transcript(
  kind: HelloKind,
  clientEph: Uint8Array,
  clientNonce: Uint8Array,
  authKeyId: Uint8Array,
  serverEph: Uint8Array,
  serverNonce: Uint8Array,
  serverIdentity: Uint8Array,
): Uint8Array {
  const label = kind === "auth-key" ? AUTH_KEY_LABEL : CONNECT_LABEL;
  return sha256(concatBytes(label, clientEph, clientNonce, authKeyId, serverEph, serverNonce, serverIdentity));
}

function deriveConnectionKeys(shared: Uint8Array, authKey: Uint8Array, th: Uint8Array): ConnectionKeys {
  const okm = hkdf(sha256, shared, sha256(authKey), concatBytes(CONNECT_LABEL, th), 64);
  const c2s = okm.slice(0, 32);
  const s2c = okm.slice(32, 64);
  return { c2s, s2c, connKeyId: sha256(okm).slice(0, 8) };
}

function deriveAuthKey(shared: Uint8Array, th: Uint8Array): Uint8Array {
  return hkdf(sha256, shared, th, AUTH_KEY_LABEL, 32);
}

// ---------------------------------------------------------------- client side

/** The proof of possession a connect hello ends with: a MAC of its first 68 bytes under the auth key. */
export function connectProof(authKey: Uint8Array, helloStart: Uint8Array): Uint8Array {
  return hmac(sha256, authKey, concatBytes(PROOF_LABEL, authKeyIdOf(authKey), helloStart.subarray(0, HELLO_SIZE)));
}

/** A hello for a new auth key, or (given the auth key) for a connection proving it holds that key. */
export function clientHello(kind: "auth-key"): ClientHelloState;
export function clientHello(kind: "connect", authKey: Uint8Array): ClientHelloState;
export function clientHello(kind: HelloKind, authKey?: Uint8Array): ClientHelloState {
  const { secretKey, publicKey } = x25519.keygen();
  const start = concatBytes(magicFor(kind), publicKey, randomBytes(32));
  if (kind === "auth-key") return { kind, secret: secretKey, hello: start };
  if (!authKey) throw new Error("a connect hello needs the auth key it proves");
  return { kind, secret: secretKey, hello: concatBytes(start, connectProof(authKey, start)) };
}

interface ServerReply {
  serverEph: Uint8Array;
  serverNonce: Uint8Array;
  signature: Uint8Array;
}

function parseServerReply(reply: Uint8Array): ServerReply {
  if (reply.length !== HELLO_OK_SIZE || !equalBytes(reply.subarray(0, 4), SERVER_MAGIC)) {
    throw new RpcError(400, "HANDSHAKE_REPLY_INVALID");
  }
  return { serverEph: reply.slice(4, 36), serverNonce: reply.slice(36, 68), signature: reply.slice(68, 132) };
}

/**
 * The server keys a client pins: one, or several during a rotation (old and new both accepted;
 * see docs/security.md). Each is tried in turn, since the server's key is part of the transcript.
 */
export type PinnedServerKeys = Uint8Array | readonly Uint8Array[];

/** Verifies the server's signature against a pinned key; throws SERVER_KEY_MISMATCH when none verifies. */
function verifiedTranscript(
  state: ClientHelloState,
  reply: ServerReply,
  authKeyId: Uint8Array,
  pinned: PinnedServerKeys,
): Uint8Array {
  for (const key of pinned instanceof Uint8Array ? [pinned] : pinned) {
    const th = transcript(
      state.kind,
      state.hello.subarray(4, 36),
      state.hello.subarray(36, 68),
      authKeyId,
      reply.serverEph,
      reply.serverNonce,
      key,
    );
    try {
      if (ed25519.verify(reply.signature, th, key)) return th;
    } catch {
      // A malformed pinned key or signature verifies nothing; try the next key.
    }
  }
  throw new RpcError(401, "SERVER_KEY_MISMATCH");
}

export function clientFinishAuthKey(
  state: ClientHelloState,
  replyBytes: Uint8Array,
  pinnedServerKey: PinnedServerKeys,
): { authKey: Uint8Array; authKeyId: string } {
  const reply = parseServerReply(replyBytes);
  const th = verifiedTranscript(state, reply, new Uint8Array(8), pinnedServerKey);
  const authKey = deriveAuthKey(x25519.getSharedSecret(state.secret, reply.serverEph), th);
  return { authKey, authKeyId: authKeyIdHex(authKey) };
}

export function clientFinishConnect(
  state: ClientHelloState,
  replyBytes: Uint8Array,
  authKey: Uint8Array,
  pinnedServerKey: PinnedServerKeys,
): ConnectionKeys {
  const reply = parseServerReply(replyBytes);
  const th = verifiedTranscript(state, reply, authKeyIdOf(authKey), pinnedServerKey);
  return deriveConnectionKeys(x25519.getSharedSecret(state.secret, reply.serverEph), authKey, th);
}

// ---------------------------------------------------------------- server side

export interface ServerIdentity {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/**
 * Strict: exactly 64 hex digits, and not a placeholder (all zeros or all ones). A lenient parse once
 * turned non-hex digits into zero bytes, i.e. a signing key anyone could compute.
 */
export function serverIdentityFromSeed(seedHex: string): ServerIdentity {
  if (!/^[0-9a-fA-F]{64}$/.test(seedHex)) {
    throw new Error(
      `SERVER_IDENTITY_KEY must be exactly 64 hex characters, got ${seedHex.length} characters` +
        `${seedHex.length === 64 ? " with non-hex ones" : ""} (run \`npm run keys\` to generate one)`,
    );
  }
  const secretKey = fromHex(seedHex);
  if (secretKey.every((b) => b === 0) || secretKey.every((b) => b === 0xff)) {
    throw new Error(
      "SERVER_IDENTITY_KEY is a placeholder (all zeros or all ones): generate a real one with `npm run keys`",
    );
  }
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) };
}

export function generateServerIdentitySeed(): string {
  return toHex(randomBytes(32));
}

function parseHello(kind: HelloKind, hello: Uint8Array): { clientEph: Uint8Array; clientNonce: Uint8Array } {
  const size = kind === "auth-key" ? HELLO_SIZE : CONNECT_HELLO_SIZE;
  if (hello.length !== size || !equalBytes(hello.subarray(0, 4), magicFor(kind))) {
    throw new RpcError(400, "HANDSHAKE_INVALID");
  }
  return { clientEph: hello.slice(4, 36), clientNonce: hello.slice(36, 68) };
}

function serverRespond(
  kind: HelloKind,
  hello: Uint8Array,
  authKeyId: Uint8Array,
  identity: ServerIdentity,
): { reply: Bytes; shared: Uint8Array; th: Uint8Array } {
  const { clientEph, clientNonce } = parseHello(kind, hello);
  const { secretKey, publicKey } = x25519.keygen();
  const serverNonce = randomBytes(32);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(secretKey, clientEph);
  } catch {
    // Low-order points would give an all-zero secret: refuse them.
    throw new RpcError(400, "HANDSHAKE_INVALID");
  }
  const th = transcript(kind, clientEph, clientNonce, authKeyId, publicKey, serverNonce, identity.publicKey);
  const signature = ed25519.sign(th, identity.secretKey);
  return { reply: concatBytes(SERVER_MAGIC, publicKey, serverNonce, signature), shared, th };
}

export function serverCreateAuthKey(
  hello: Uint8Array,
  identity: ServerIdentity,
): { reply: Bytes; authKey: Uint8Array; authKeyId: string } {
  const { reply, shared, th } = serverRespond("auth-key", hello, new Uint8Array(8), identity);
  const authKey = deriveAuthKey(shared, th);
  return { reply, authKey, authKeyId: authKeyIdHex(authKey) };
}

/**
 * Answers a connect hello for this auth key. The proof is checked first: a client that does not
 * hold the key gets 401 AUTH_KEY_PROOF_INVALID before the server computes or signs anything.
 */
export function serverConnect(
  hello: Uint8Array,
  authKey: Uint8Array,
  identity: ServerIdentity,
): { reply: Bytes; keys: ConnectionKeys } {
  parseHello("connect", hello);
  if (!equalBytes(hello.subarray(HELLO_SIZE), connectProof(authKey, hello))) {
    throw new RpcError(401, "AUTH_KEY_PROOF_INVALID");
  }
  const { reply, shared, th } = serverRespond("connect", hello, authKeyIdOf(authKey), identity);
  return { reply, keys: deriveConnectionKeys(shared, authKey, th) };
}
