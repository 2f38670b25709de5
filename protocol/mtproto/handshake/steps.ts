/**
 * The server side of MTProto auth key creation as three pure steps over a serialisable
 * HandshakeState (a Durable Object stores it by nonce between requests, as teamgram does):
 * req_pq(_multi) → resPQ; req_DH_params → server_DH_params_ok; set_client_DH_params → dh_gen_ok
 * (or dh_gen_retry). Randomness and the clock are injected. Hostile input throws HandshakeError.
 */
import { equalBytes } from "../../binary.ts";
import { bigIntToBytes, bytesToBigInt, modPow } from "../crypto/bigint.ts";
import { dhKeyPair, dhValueInRange, TELEGRAM_DH_G, TELEGRAM_DH_PRIME } from "../crypto/dh.ts";
import { authKeyId, concatBytes, deriveTmpAesKeyIv } from "../crypto/kdf.ts";
import { pickPq } from "../crypto/pq.ts";
import type { CryptoProvider, RandomSource } from "../crypto/provider.ts";
import type { RsaPrivateKey } from "../crypto/rsa.ts";
import { rsaFingerprint } from "../crypto/rsa.ts";
import { decodeRsaPad, decryptOldRsa, verifyOldRsa } from "../crypto/rsa-pad.ts";
import { HandshakeError } from "../errors.ts";
import { CURRENT_LAYER, tablesForLayer } from "../layers/resolve.ts";
import { decode, encode, readObject, type TlObject } from "../tl/codec.ts";
import { TlReader } from "../tl/reader.ts";

/** A handshake must finish within this long after resPQ; older states are refused (and can be purged). */
export const HANDSHAKE_TTL_MS = 5 * 60_000;
/** Temporary keys live at most this long (Telegram clients ask for one day). */
export const MAX_TEMP_KEY_EXPIRES_S = 7 * 86_400;

export interface HandshakeKeys {
  key: RsaPrivateKey;
  fingerprint: bigint;
}

/** Precomputes fingerprints once per isolate. */
export const handshakeKeys = (c: CryptoProvider, keys: RsaPrivateKey[]): HandshakeKeys[] =>
  keys.map((key) => ({ key, fingerprint: rsaFingerprint(c, key) }));

export interface HandshakeContext {
  c: CryptoProvider;
  random: RandomSource;
  nowMs: number;
  keys: HandshakeKeys[];
  /** Bytes of the server's DH secret a (default 256: 2048 bits, as clients use; see dhKeyPair). */
  dhSecretBytes?: number;
  /** Whether an auth_key_id is already in use (then dh_gen_retry asks the client for a new g_b). */
  authKeyIdTaken?: (id: bigint) => boolean;
}

/** Everything the server remembers between steps. Plain data: Uint8Array, bigint, numbers. */
export interface HandshakeState {
  step: "pq_sent" | "dh_sent" | "done";
  createdAtMs: number;
  nonce: Uint8Array;
  serverNonce: Uint8Array;
  pq: bigint;
  p: bigint;
  q: bigint;
  newNonce?: Uint8Array;
  /** The server's DH secret (only between steps 2 and 3). */
  a?: bigint;
  gA?: bigint;
  /** The retry_id the next set_client_DH_params must carry: 0, then the last auth_key_aux_hash. */
  retryId?: bigint;
  /** From p_q_inner_data_dc / _temp_dc. */
  dc?: number;
  /** Set for a temporary key (p_q_inner_data_temp*): seconds it lives. */
  expiresIn?: number;
}

export interface CreatedAuthKey {
  authKey: Uint8Array;
  authKeyId: bigint;
  /** The first server salt: new_nonce[0:8] XOR server_nonce[0:8], as a little-endian long. */
  serverSalt: bigint;
  /** Temporary key lifetime in seconds; undefined for a permanent key. */
  expiresIn?: number;
  dc?: number;
}

const tables = () => tablesForLayer(CURRENT_LAYER);
const fail = (fault: ConstructorParameters<typeof HandshakeError>[0], detail?: string): never => {
  throw new HandshakeError(fault, detail);
};

/** The handshake methods a plain message may carry; anything else is refused. */
export type HandshakeRequest = TlObject & {
  _: "mt_req_pq" | "mt_req_pq_multi" | "mt_req_DH_params" | "mt_set_client_DH_params";
};

/** Decodes the body of a plain message into one of the four handshake calls. */
export function decodeHandshakeRequest(body: Uint8Array): HandshakeRequest {
  let obj: TlObject;
  try {
    obj = decode(tables(), body);
  } catch (e) {
    return fail("UNEXPECTED_STEP", e instanceof Error ? e.message : "undecodable");
  }
  if (!["mt_req_pq", "mt_req_pq_multi", "mt_req_DH_params", "mt_set_client_DH_params"].includes(obj._)) {
    fail("UNEXPECTED_STEP", `${obj._} in a plain message`);
  }
  return obj as HandshakeRequest;
}

export const encodeHandshakeReply = (obj: TlObject): Uint8Array => encode(tables(), obj);

function checkNonces(state: HandshakeState, req: TlObject, ctx: HandshakeContext): void {
  if (ctx.nowMs - state.createdAtMs > HANDSHAKE_TTL_MS) fail("UNEXPECTED_STEP", "handshake expired");
  if (!equalBytes(req.nonce as Uint8Array, state.nonce)) fail("BAD_NONCE");
  if (!equalBytes(req.serverNonce as Uint8Array, state.serverNonce)) fail("BAD_SERVER_NONCE");
}

/** Step 1: req_pq / req_pq_multi → resPQ with a fresh server_nonce, pq and the key fingerprints. */
export function serverReqPq(req: TlObject, ctx: HandshakeContext): { state: HandshakeState; reply: TlObject } {
  if (req._ !== "mt_req_pq" && req._ !== "mt_req_pq_multi") fail("UNEXPECTED_STEP", req._);
  const nonce = req.nonce as Uint8Array;
  if (!(nonce instanceof Uint8Array) || nonce.length !== 16) fail("BAD_NONCE");
  const { pq, p, q } = pickPq(ctx.random);
  const serverNonce = ctx.random(16);
  const state: HandshakeState = { step: "pq_sent", createdAtMs: ctx.nowMs, nonce, serverNonce, pq, p, q };
  const reply = {
    _: "mt_resPQ",
    nonce,
    serverNonce,
    pq: bigIntToBytes(pq),
    serverPublicKeyFingerprints: ctx.keys.map((k) => BigInt.asIntN(64, k.fingerprint)),
  };
  return { state, reply };
}

const INNER_DATA = ["mt_p_q_inner_data", "mt_p_q_inner_data_dc", "mt_p_q_inner_data_temp", "mt_p_q_inner_data_temp_dc"];

/** RSA_PAD first; then the old SHA-1 scheme (whose hash covers exactly the object, so we parse to learn its length). */
function decryptInnerData(ctx: HandshakeContext, key: RsaPrivateKey, encrypted: Uint8Array): TlObject {
  const padded = decodeRsaPad(ctx.c, key, encrypted);
  if (padded) {
    try {
      const obj = readObject(tables(), new TlReader(padded));
      if (INNER_DATA.includes(obj._)) return obj;
    } catch {
      // not TL: fall through to the old scheme
    }
  }
  const old = decryptOldRsa(key, encrypted);
  if (old) {
    try {
      const r = new TlReader(old.rest);
      const obj = readObject(tables(), r);
      if (INNER_DATA.includes(obj._) && verifyOldRsa(ctx.c, old, r.pos)) return obj;
    } catch {
      // fall through
    }
  }
  return fail("BAD_RSA_PAYLOAD");
}

/** Step 2: req_DH_params → server_DH_params_ok, the DH parameters encrypted under the tmp AES key. */
export function serverReqDhParams(
  state: HandshakeState,
  req: TlObject,
  ctx: HandshakeContext,
): { state: HandshakeState; reply: TlObject } {
  if (req._ !== "mt_req_DH_params" || state.step !== "pq_sent") fail("UNEXPECTED_STEP", req._);
  checkNonces(state, req, ctx);
  if (bytesToBigInt(req.p as Uint8Array) !== state.p || bytesToBigInt(req.q as Uint8Array) !== state.q) fail("BAD_PQ");
  const fp = BigInt.asUintN(64, req.publicKeyFingerprint as bigint);
  const key = ctx.keys.find((k) => k.fingerprint === fp);
  if (!key) return fail("UNKNOWN_FINGERPRINT", fp.toString(16));
  const inner = decryptInnerData(ctx, key.key, req.encryptedData as Uint8Array);
  if (
    bytesToBigInt(inner.pq as Uint8Array) !== state.pq ||
    bytesToBigInt(inner.p as Uint8Array) !== state.p ||
    bytesToBigInt(inner.q as Uint8Array) !== state.q ||
    !equalBytes(inner.nonce as Uint8Array, state.nonce) ||
    !equalBytes(inner.serverNonce as Uint8Array, state.serverNonce)
  ) {
    fail("BAD_INNER_DATA");
  }
  const expiresIn = inner.expiresIn as number | undefined;
  if (expiresIn !== undefined && (expiresIn <= 0 || expiresIn > MAX_TEMP_KEY_EXPIRES_S)) fail("BAD_EXPIRES_IN");
  const newNonce = inner.newNonce as Uint8Array;

  const { a, gA } = dhKeyPair(TELEGRAM_DH_PRIME, TELEGRAM_DH_G, ctx.random, ctx.dhSecretBytes);
  const answer = encode(tables(), {
    _: "mt_server_DH_inner_data",
    nonce: state.nonce,
    serverNonce: state.serverNonce,
    g: TELEGRAM_DH_G,
    dhPrime: bigIntToBytes(TELEGRAM_DH_PRIME, 256),
    gA: bigIntToBytes(gA, 256),
    serverTime: Math.floor(ctx.nowMs / 1000),
  });
  const withHash = concatBytes(ctx.c.sha1(answer), answer);
  const padded = concatBytes(withHash, ctx.random((16 - (withHash.length % 16)) % 16));
  const { key: aesKey, iv } = deriveTmpAesKeyIv(ctx.c, newNonce, state.serverNonce);
  const next: HandshakeState = {
    ...state,
    step: "dh_sent",
    newNonce,
    a,
    gA,
    retryId: 0n,
    ...(typeof inner.dc === "number" ? { dc: inner.dc } : {}),
    ...(expiresIn !== undefined ? { expiresIn } : {}),
  };
  return {
    state: next,
    reply: {
      _: "mt_server_DH_params_ok",
      nonce: state.nonce,
      serverNonce: state.serverNonce,
      encryptedAnswer: ctx.c.aesIgeEncrypt(padded, aesKey, iv),
    },
  };
}

/** new_nonce_hash{1,2,3}: the lower 128 bits of SHA1(new_nonce + [n] + auth_key_aux_hash). */
export function newNonceHash(c: CryptoProvider, newNonce: Uint8Array, n: 1 | 2 | 3, authKey: Uint8Array): Uint8Array {
  return c.sha1(concatBytes(newNonce, Uint8Array.of(n), c.sha1(authKey).subarray(0, 8))).slice(4, 20);
}

/** Step 3: set_client_DH_params → dh_gen_ok with the new key (or dh_gen_retry on an auth_key_id collision). */
export function serverSetClientDhParams(
  state: HandshakeState,
  req: TlObject,
  ctx: HandshakeContext,
): { state: HandshakeState; reply: TlObject; created?: CreatedAuthKey } {
  if (req._ !== "mt_set_client_DH_params" || state.step !== "dh_sent") fail("UNEXPECTED_STEP", req._);
  checkNonces(state, req, ctx);
  const { newNonce, a } = state as Required<HandshakeState>;
  const encrypted = req.encryptedData as Uint8Array;
  if (encrypted.length === 0 || encrypted.length % 16 !== 0) fail("BAD_ENCRYPTED_DATA", `${encrypted.length}`);
  const { key: aesKey, iv } = deriveTmpAesKeyIv(ctx.c, newNonce, state.serverNonce);
  const plain = ctx.c.aesIgeDecrypt(encrypted, aesKey, iv);
  let inner: TlObject;
  let end: number;
  try {
    const r = new TlReader(plain, 20);
    inner = readObject(tables(), r);
    end = r.pos;
  } catch {
    return fail("BAD_ENCRYPTED_DATA", "not TL");
  }
  if (plain.length - end >= 16) fail("BAD_ENCRYPTED_DATA", "padding over 15 bytes");
  if (!equalBytes(plain.subarray(0, 20), ctx.c.sha1(plain.subarray(20, end)))) fail("BAD_HASH");
  if (
    inner._ !== "mt_client_DH_inner_data" ||
    !equalBytes(inner.nonce as Uint8Array, state.nonce) ||
    !equalBytes(inner.serverNonce as Uint8Array, state.serverNonce)
  ) {
    fail("BAD_INNER_DATA");
  }
  if (BigInt.asUintN(64, inner.retryId as bigint) !== state.retryId) fail("BAD_INNER_DATA", "retry_id");
  const gB = bytesToBigInt(inner.gB as Uint8Array);
  if (!dhValueInRange(gB, TELEGRAM_DH_PRIME)) fail("DH_VALUE_OUT_OF_RANGE");

  const authKey = bigIntToBytes(modPow(gB, a, TELEGRAM_DH_PRIME), 256);
  const id = authKeyId(ctx.c, authKey);
  const base = { nonce: state.nonce, serverNonce: state.serverNonce };
  if (ctx.authKeyIdTaken?.(id)) {
    const aux = ctx.c.sha1(authKey).subarray(0, 8);
    const retryId = new DataView(aux.buffer, aux.byteOffset, 8).getBigUint64(0, true);
    return {
      state: { ...state, retryId },
      reply: { _: "mt_dh_gen_retry", ...base, newNonceHash2: newNonceHash(ctx.c, newNonce, 2, authKey) },
    };
  }
  const salt = new Uint8Array(8).map((_, i) => newNonce[i]! ^ state.serverNonce[i]!);
  const created: CreatedAuthKey = {
    authKey,
    authKeyId: id,
    serverSalt: new DataView(salt.buffer).getBigInt64(0, true),
    ...(state.expiresIn !== undefined ? { expiresIn: state.expiresIn } : {}),
    ...(state.dc !== undefined ? { dc: state.dc } : {}),
  };
  // The secret a is dropped with the finished state: nothing derived from it outlives the handshake.
  const { a: _a, gA: _gA, ...rest } = state;
  return {
    state: { ...rest, step: "done" },
    reply: { _: "mt_dh_gen_ok", ...base, newNonceHash1: newNonceHash(ctx.c, newNonce, 1, authKey) },
    created,
  };
}
