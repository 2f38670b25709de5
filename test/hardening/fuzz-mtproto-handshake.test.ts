/**
 * Fuzz targets for the MTProto server's plain-message path: arbitrary bodies, and well-formed
 * handshake calls with arbitrary field values, only ever fail with HandshakeError or EnvelopeError.
 * CI-sized; `npm run fuzz` raises FUZZ_RUNS (a hundredth of it for the RSA-heavy target).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bigIntToBytes } from "../../protocol/mtproto/crypto/bigint.ts";
import { nobleCryptoProvider as c } from "../../protocol/mtproto/crypto/noble.ts";
import { rsaKeyFromJwk } from "../../protocol/mtproto/crypto/rsa.ts";
import { EnvelopeError, HandshakeError } from "../../protocol/mtproto/errors.ts";
import {
  decodeHandshakeRequest,
  type HandshakeContext,
  handshakeKeys,
  serverReqDhParams,
  serverReqPq,
  serverSetClientDhParams,
} from "../../protocol/mtproto/handshake/steps.ts";
import { decodePlainMessage } from "../../protocol/mtproto/session/envelope.ts";
import { TEST_RSA_JWK } from "../unit/protocol/mtproto/fixtures.ts";
import { fuzzRuns } from "./fuzz-config.ts";

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const keys = handshakeKeys(c, [rsaKeyFromJwk(TEST_RSA_JWK)]);
const ctx = (): HandshakeContext => ({ c, random, nowMs: Date.now(), keys });

const onlyTyped = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (!(e instanceof HandshakeError || e instanceof EnvelopeError)) throw e;
  }
};

describe("fuzz: MTProto handshake", () => {
  it("arbitrary plain packets are refused with typed errors", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        onlyTyped(() => decodeHandshakeRequest(decodePlainMessage(bytes).body));
      }),
      { numRuns: fuzzRuns(3000) },
    );
  });

  it("req_DH_params and set_client_DH_params with arbitrary fields fail only with HandshakeError", () => {
    const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.oneof(fc.uint8Array({ maxLength: 300 }), bytes(256), bytes(320)),
        fc.option(bytes(16)),
        fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
        (useRealFingerprint, data, nonceOverride, fp) => {
          const k = ctx();
          const nonce = random(16);
          const { state } = serverReqPq({ _: "mt_req_pq_multi", nonce }, k);
          const base = { nonce: nonceOverride ?? nonce, serverNonce: state.serverNonce };
          onlyTyped(() =>
            serverReqDhParams(
              state,
              {
                _: "mt_req_DH_params",
                ...base,
                // The real p and q when the fingerprint is real too, so the RSA path itself is fuzzed.
                p: useRealFingerprint ? bigIntToBytes(state.p) : random(4),
                q: useRealFingerprint ? bigIntToBytes(state.q) : random(4),
                publicKeyFingerprint: useRealFingerprint ? keys[0]!.fingerprint : fp,
                encryptedData: data,
              },
              k,
            ),
          );
          onlyTyped(() =>
            serverSetClientDhParams(
              { ...state, step: "dh_sent", newNonce: random(32), a: 5n, retryId: 0n },
              {
                _: "mt_set_client_DH_params",
                ...base,
                encryptedData: data,
              },
              k,
            ),
          );
          expect(state.step).toBe("pq_sent");
        },
      ),
      { numRuns: fuzzRuns(200, 0.01) },
    );
  });
});
