/**
 * Auth key creation: a client flow written here (the client's side of core.telegram.org/mtproto/auth_key,
 * with the guidelines' checks) runs against the server steps in memory; both must derive the same key.
 * One run with fixed randomness and clock is pinned as a golden transcript; hostile inputs → HandshakeError.
 */
import { describe, expect, it } from "vitest";
import { bigIntToBytes, bytesToBigInt, modPow } from "../../../../protocol/mtproto/crypto/bigint.ts";
import { dhKeyPair, dhValueInRange, TELEGRAM_DH_PRIME } from "../../../../protocol/mtproto/crypto/dh.ts";
import { authKeyId, concatBytes, deriveTmpAesKeyIv } from "../../../../protocol/mtproto/crypto/kdf.ts";
import { nobleCryptoProvider as c } from "../../../../protocol/mtproto/crypto/noble.ts";
import { factorPq } from "../../../../protocol/mtproto/crypto/pq.ts";
import type { RandomSource } from "../../../../protocol/mtproto/crypto/provider.ts";
import { rsaKeyFromJwk } from "../../../../protocol/mtproto/crypto/rsa.ts";
import { encodeOldRsa, encodeRsaPad } from "../../../../protocol/mtproto/crypto/rsa-pad.ts";
import { HandshakeError } from "../../../../protocol/mtproto/errors.ts";
import {
  decodeHandshakeRequest,
  encodeHandshakeReply,
  type HandshakeContext,
  type HandshakeState,
  handshakeKeys,
  newNonceHash,
  serverReqDhParams,
  serverReqPq,
  serverSetClientDhParams,
} from "../../../../protocol/mtproto/handshake/steps.ts";
import { CURRENT_LAYER, tablesForLayer } from "../../../../protocol/mtproto/layers/resolve.ts";
import { decodePlainMessage, encodePlainMessage } from "../../../../protocol/mtproto/session/envelope.ts";
import { decode, encode, readObject, type TlObject } from "../../../../protocol/mtproto/tl/codec.ts";
import { TlReader } from "../../../../protocol/mtproto/tl/reader.ts";
import { seededRandom, TEST_RSA_JWK, toHex } from "./fixtures.ts";

const t = tablesForLayer(CURRENT_LAYER);
const key = rsaKeyFromJwk(TEST_RSA_JWK);
const keys = handshakeKeys(c, [key]);
const NOW = 1_790_000_000_000;
const sha256hex = (b: Uint8Array) => toHex(c.sha256(b));

interface ClientOptions {
  oldRsa?: boolean;
  temp?: number;
  /** Replaces the client's g_b (hostile tests). */
  gB?: bigint;
  fingerprint?: bigint;
}

/** A server driven through plain messages, as the gateway shell will: bytes in, bytes out, state kept by nonce. */
function server(ctx: HandshakeContext) {
  const states = new Map<string, HandshakeState>();
  let msgId = 0n;
  const created: unknown[] = [];
  return {
    created,
    states,
    handle(packet: Uint8Array): Uint8Array {
      const req = decodeHandshakeRequest(decodePlainMessage(packet).body);
      const nonce = toHex(req.nonce as Uint8Array);
      let out: { state: HandshakeState; reply: TlObject; created?: unknown };
      if (req._ === "mt_req_pq" || req._ === "mt_req_pq_multi") out = serverReqPq(req, ctx);
      else {
        const s = states.get(nonce);
        if (!s) throw new HandshakeError("UNEXPECTED_STEP", "unknown nonce");
        out = req._ === "mt_req_DH_params" ? serverReqDhParams(s, req, ctx) : serverSetClientDhParams(s, req, ctx);
      }
      states.set(nonce, out.state);
      if (out.created) created.push(out.created);
      msgId = ((msgId >> 2n) + 1n) << 2n;
      return encodePlainMessage((BigInt(ctx.nowMs / 1000) << 32n) | msgId | 1n, encodeHandshakeReply(out.reply));
    },
  };
}

/** The client's side, with the checks the security guidelines ask of clients. Returns the transcript too. */
function runClient(send: (p: Uint8Array) => Uint8Array, random: RandomSource, opts: ClientOptions = {}) {
  const transcript: Uint8Array[] = [];
  let msgId = BigInt(NOW / 1000) << 32n;
  const call = (obj: TlObject): TlObject => {
    msgId += 4n;
    const packet = encodePlainMessage(msgId, encode(t, obj));
    transcript.push(packet);
    const answer = send(packet);
    transcript.push(answer);
    return decode(t, decodePlainMessage(answer).body);
  };
  const nonce = random(16);
  const resPq = call({ _: "mt_req_pq_multi", nonce });
  expect(toHex(resPq.nonce as Uint8Array)).toBe(toHex(nonce));
  const serverNonce = resPq.serverNonce as Uint8Array;
  const pq = bytesToBigInt(resPq.pq as Uint8Array);
  const { p, q } = factorPq(pq);
  const fingerprint = opts.fingerprint ?? BigInt.asUintN(64, (resPq.serverPublicKeyFingerprints as bigint[])[0]!);
  const newNonce = random(32);
  const base = { pq: resPq.pq, p: bigIntToBytes(p), q: bigIntToBytes(q), nonce, serverNonce, newNonce };
  const inner = encode(
    t,
    opts.temp
      ? { _: "mt_p_q_inner_data_temp_dc", ...base, dc: 2, expiresIn: opts.temp }
      : { _: "mt_p_q_inner_data_dc", ...base, dc: 2 },
  );
  const encryptedData = opts.oldRsa ? encodeOldRsa(c, key, inner, random) : encodeRsaPad(c, key, inner, random);
  const dhParams = call({
    _: "mt_req_DH_params",
    nonce,
    serverNonce,
    p: bigIntToBytes(p),
    q: bigIntToBytes(q),
    publicKeyFingerprint: BigInt.asIntN(64, fingerprint),
    encryptedData,
  });
  expect(dhParams._).toBe("mt_server_DH_params_ok");
  const tmp = deriveTmpAesKeyIv(c, newNonce, serverNonce);
  const answerWithHash = c.aesIgeDecrypt(dhParams.encryptedAnswer as Uint8Array, tmp.key, tmp.iv);
  const r = new TlReader(answerWithHash, 20);
  const dhInner = readObject(t, r);
  expect(toHex(answerWithHash.subarray(0, 20))).toBe(toHex(c.sha1(answerWithHash.subarray(20, r.pos))));
  const dhPrime = bytesToBigInt(dhInner.dhPrime as Uint8Array);
  expect(dhPrime).toBe(TELEGRAM_DH_PRIME);
  const g = dhInner.g as number;
  const gA = bytesToBigInt(dhInner.gA as Uint8Array);
  expect(dhValueInRange(gA, dhPrime)).toBe(true);
  const { a: b, gA: gB } = dhKeyPair(dhPrime, g, random);
  const clientInner = encode(t, {
    _: "mt_client_DH_inner_data",
    nonce,
    serverNonce,
    retryId: 0n,
    gB: bigIntToBytes(opts.gB ?? gB, 256),
  });
  const withHash = concatBytes(c.sha1(clientInner), clientInner);
  const padded = concatBytes(withHash, random((16 - (withHash.length % 16)) % 16));
  const result = call({
    _: "mt_set_client_DH_params",
    nonce,
    serverNonce,
    encryptedData: c.aesIgeEncrypt(padded, tmp.key, tmp.iv),
  });
  const authKey = bigIntToBytes(modPow(gA, b, dhPrime), 256);
  expect(result._).toBe("mt_dh_gen_ok");
  expect(toHex(result.newNonceHash1 as Uint8Array)).toBe(toHex(newNonceHash(c, newNonce, 1, authKey)));
  return { authKey, transcript, newNonce, serverNonce };
}

const ctxFor = (seed: string, extra: Partial<HandshakeContext> = {}): HandshakeContext => ({
  c,
  random: seededRandom(seed),
  nowMs: NOW,
  keys,
  ...extra,
});

describe("auth key creation, client against server", () => {
  it("both sides derive the same auth key; the server reports its id, salt and DC", () => {
    const s = server(ctxFor("server-1"));
    const { authKey, newNonce, serverNonce } = runClient((p) => s.handle(p), seededRandom("client-1"));
    expect(s.created).toHaveLength(1);
    const made = s.created[0] as { authKey: Uint8Array; authKeyId: bigint; serverSalt: bigint; dc: number };
    expect(toHex(made.authKey)).toBe(toHex(authKey));
    expect(made.authKeyId).toBe(authKeyId(c, authKey));
    const salt = new Uint8Array(8).map((_, i) => newNonce[i]! ^ serverNonce[i]!);
    expect(made.serverSalt).toBe(new DataView(salt.buffer).getBigInt64(0, true));
    expect(made.dc).toBe(2);
    const state = [...s.states.values()][0]!;
    expect(state.step).toBe("done");
    expect(state.a).toBeUndefined();
  }, 30_000);

  it("accepts the old RSA scheme and temporary keys (expires_in carried out)", () => {
    const s = server(ctxFor("server-2", { dhSecretBytes: 40 }));
    const { authKey } = runClient((p) => s.handle(p), seededRandom("client-2"), { oldRsa: true, temp: 86_400 });
    const made = s.created[0] as { authKey: Uint8Array; expiresIn: number };
    expect(toHex(made.authKey)).toBe(toHex(authKey));
    expect(made.expiresIn).toBe(86_400);
  }, 30_000);

  it("pins one handshake with fixed randomness and clock as a golden transcript", () => {
    const s = server(ctxFor("golden-server"));
    const { authKey, transcript } = runClient((p) => s.handle(p), seededRandom("golden-client"));
    expect(transcript.map((m) => `${m.length}:${sha256hex(m).slice(0, 16)}`)).toMatchInlineSnapshot(`
      [
        "40:31c4b5b8d5cec30e",
        "84:47dc45b6ecb63bc9",
        "340:7ad58025c71af60f",
        "652:5e0d19821823609b",
        "396:f357bdbbe973794d",
        "72:ad00377ca72ca361",
      ]
    `);
    expect(authKeyId(c, authKey).toString(16)).toMatchInlineSnapshot(`"ea4b6e8c91ec11a9"`);
  }, 30_000);
});

describe("hostile input", () => {
  /** Runs the first step and returns what the client would need to misbehave at step 2 or 3. */
  const afterResPq = (seed: string) => {
    const ctx = ctxFor(seed);
    const nonce = ctx.random(16);
    const { state, reply } = serverReqPq({ _: "mt_req_pq_multi", nonce }, ctx);
    const { p, q } = factorPq(bytesToBigInt(reply.pq as Uint8Array));
    const newNonce = ctx.random(32);
    const inner = (over: Record<string, unknown> = {}) =>
      encode(t, {
        _: "mt_p_q_inner_data",
        pq: reply.pq,
        p: bigIntToBytes(p),
        q: bigIntToBytes(q),
        nonce,
        serverNonce: state.serverNonce,
        newNonce,
        ...over,
      });
    const req = (over: Record<string, unknown> = {}) => ({
      _: "mt_req_DH_params",
      nonce,
      serverNonce: state.serverNonce,
      p: bigIntToBytes(p),
      q: bigIntToBytes(q),
      publicKeyFingerprint: keys[0]!.fingerprint,
      encryptedData: encodeRsaPad(c, key, inner(), ctx.random),
      ...over,
    });
    return { ctx, state, req, inner, newNonce, nonce };
  };
  const fault = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(HandshakeError);
      return (e as HandshakeError).fault;
    }
    throw new Error("expected a HandshakeError");
  };

  it("req_DH_params: wrong fingerprint, nonces, p/q, inner data, payload, step order and age are refused", () => {
    const { ctx, state, req, inner } = afterResPq("hostile-2");
    expect(fault(() => serverReqDhParams(state, req({ publicKeyFingerprint: 123n }), ctx))).toBe("UNKNOWN_FINGERPRINT");
    expect(fault(() => serverReqDhParams(state, req({ nonce: ctx.random(16) }), ctx))).toBe("BAD_NONCE");
    expect(fault(() => serverReqDhParams(state, req({ serverNonce: ctx.random(16) }), ctx))).toBe("BAD_SERVER_NONCE");
    expect(fault(() => serverReqDhParams(state, req({ p: bigIntToBytes(7n) }), ctx))).toBe("BAD_PQ");
    const wrongNonceInside = encodeRsaPad(c, key, inner({ nonce: ctx.random(16) }), ctx.random);
    expect(fault(() => serverReqDhParams(state, req({ encryptedData: wrongNonceInside }), ctx))).toBe("BAD_INNER_DATA");
    expect(fault(() => serverReqDhParams(state, req({ encryptedData: ctx.random(256) }), ctx))).toBe("BAD_RSA_PAYLOAD");
    expect(fault(() => serverReqDhParams(state, req({ encryptedData: ctx.random(17) }), ctx))).toBe("BAD_RSA_PAYLOAD");
    const notInner = encodeRsaPad(c, key, encode(t, { _: "mt_req_pq", nonce: ctx.random(16) }), ctx.random);
    expect(fault(() => serverReqDhParams(state, req({ encryptedData: notInner }), ctx))).toBe("BAD_RSA_PAYLOAD");
    const temp = encodeRsaPad(c, key, inner({ _: "mt_p_q_inner_data_temp", expiresIn: -5 }), ctx.random);
    expect(fault(() => serverReqDhParams(state, req({ encryptedData: temp }), ctx))).toBe("BAD_EXPIRES_IN");
    expect(fault(() => serverReqDhParams(state, req(), { ...ctx, nowMs: NOW + 3_600_000 }))).toBe("UNEXPECTED_STEP");
    const ok = serverReqDhParams(state, req(), ctx);
    expect(fault(() => serverReqDhParams(ok.state, req(), ctx))).toBe("UNEXPECTED_STEP");
  }, 30_000);

  it("set_client_DH_params: g_b out of range, a broken hash, garbage and a wrong retry_id are refused", () => {
    const { ctx, state, req, newNonce, nonce } = afterResPq("hostile-3");
    const { state: dhState } = serverReqDhParams(state, req(), ctx);
    const tmp = deriveTmpAesKeyIv(c, newNonce, state.serverNonce);
    const send = (gB: bigint, over: { retryId?: bigint; breakHash?: boolean } = {}) => {
      const body = encode(t, {
        _: "mt_client_DH_inner_data",
        nonce,
        serverNonce: state.serverNonce,
        retryId: over.retryId ?? 0n,
        gB: bigIntToBytes(gB, 256),
      });
      const hash = c.sha1(body);
      if (over.breakHash) hash[0]! ^= 1;
      const withHash = concatBytes(hash, body);
      const padded = concatBytes(withHash, ctx.random((16 - (withHash.length % 16)) % 16));
      return serverSetClientDhParams(
        dhState,
        {
          _: "mt_set_client_DH_params",
          nonce,
          serverNonce: state.serverNonce,
          encryptedData: c.aesIgeEncrypt(padded, tmp.key, tmp.iv),
        },
        ctx,
      );
    };
    const p = TELEGRAM_DH_PRIME;
    for (const gB of [1n, 2n, p - 1n, (1n << 1984n) - 1n, p - (1n << 1984n) + 1n]) {
      expect(fault(() => send(gB))).toBe("DH_VALUE_OUT_OF_RANGE");
    }
    const good = dhKeyPair(p, 3, ctx.random).gA;
    expect(fault(() => send(good, { breakHash: true }))).toBe("BAD_HASH");
    expect(fault(() => send(good, { retryId: 5n }))).toBe("BAD_INNER_DATA");
    const garbage = { _: "mt_set_client_DH_params", nonce, serverNonce: state.serverNonce };
    expect(fault(() => serverSetClientDhParams(dhState, { ...garbage, encryptedData: ctx.random(320) }, ctx))).toMatch(
      /BAD_ENCRYPTED_DATA|BAD_HASH/,
    );
    expect(fault(() => serverSetClientDhParams(dhState, { ...garbage, encryptedData: ctx.random(33) }, ctx))).toBe(
      "BAD_ENCRYPTED_DATA",
    );
    expect(fault(() => serverSetClientDhParams(state, { ...garbage, encryptedData: ctx.random(32) }, ctx))).toBe(
      "UNEXPECTED_STEP",
    );
    expect(send(good).reply._).toBe("mt_dh_gen_ok");
  }, 30_000);

  it("an auth_key_id collision answers dh_gen_retry, and the retry with retry_id = auth_key_aux_hash succeeds", () => {
    const { ctx, state, req, newNonce, nonce } = afterResPq("hostile-4");
    let taken = true;
    const c2 = { ...ctx, authKeyIdTaken: () => taken };
    const { state: dhState } = serverReqDhParams(state, req(), c2);
    const tmp = deriveTmpAesKeyIv(c, newNonce, state.serverNonce);
    const attempt = (s: HandshakeState, b: { a: bigint; gA: bigint }, retryId: bigint) => {
      const body = encode(t, {
        _: "mt_client_DH_inner_data",
        nonce,
        serverNonce: state.serverNonce,
        retryId,
        gB: bigIntToBytes(b.gA, 256),
      });
      const withHash = concatBytes(c.sha1(body), body);
      const padded = concatBytes(withHash, ctx.random((16 - (withHash.length % 16)) % 16));
      return serverSetClientDhParams(
        s,
        {
          _: "mt_set_client_DH_params",
          nonce,
          serverNonce: state.serverNonce,
          encryptedData: c.aesIgeEncrypt(padded, tmp.key, tmp.iv),
        },
        c2,
      );
    };
    const b1 = dhKeyPair(TELEGRAM_DH_PRIME, 3, ctx.random);
    const first = attempt(dhState, b1, 0n);
    expect(first.reply._).toBe("mt_dh_gen_retry");
    const key1 = bigIntToBytes(modPow(dhState.gA!, b1.a, TELEGRAM_DH_PRIME), 256);
    expect(toHex(first.reply.newNonceHash2 as Uint8Array)).toBe(toHex(newNonceHash(c, newNonce, 2, key1)));
    taken = false;
    const aux = new DataView(c.sha1(key1).buffer).getBigUint64(0, true);
    const b2 = dhKeyPair(TELEGRAM_DH_PRIME, 3, ctx.random);
    expect(fault(() => attempt(first.state, b2, 0n))).toBe("BAD_INNER_DATA");
    const second = attempt(first.state, b2, aux);
    expect(second.reply._).toBe("mt_dh_gen_ok");
    expect(second.created).toBeDefined();
  }, 30_000);

  it("plain messages that are not handshake calls, or not TL, are refused", () => {
    expect(fault(() => decodeHandshakeRequest(encode(t, { _: "mt_ping", pingId: 1n })))).toBe("UNEXPECTED_STEP");
    expect(fault(() => decodeHandshakeRequest(seededRandom("junk")(40)))).toBe("UNEXPECTED_STEP");
    expect(fault(() => decodeHandshakeRequest(new Uint8Array(0)))).toBe("UNEXPECTED_STEP");
    expect(fault(() => serverReqPq({ _: "mt_req_pq", nonce: new Uint8Array(3) }, ctxFor("x")))).toBe("BAD_NONCE");
  });
});
