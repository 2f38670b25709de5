/**
 * Fixed inputs for the MTProto tests: a throwaway 2048-bit RSA key (tests only; never a deployment's
 * key) and a seeded random source, so handshakes and envelopes are reproducible byte for byte.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import type { RsaJwk } from "../../../../protocol/mtproto/crypto/rsa.ts";

export const TEST_RSA_JWK: RsaJwk = {
  kty: "RSA",
  n: "s4QrL4AUZhG-uBGTaPZYHN5Qbsb4n86bKoPT2Vo8daRVKFGdX6CVV6A_vl5sbZArc47qgmityZQ4UmSmoboSVhgeQh1hXsvWSTS9532LxAsbeUx6w1AMlLx8Dvp0Ki1JqMYAMKDa9Mt-EsjVfaXvk1nIaa87CxnM3Q6lPqVrmDPC92KOiV8TysDM502YoLCEtLyDjmbJMbpdliQAxe9JmfCGqKfRoD6itDPDzogkzgmi5US4Vei0J3abb-_lXQ3IqEqf3KQOzVWSSTqp8u9rhDBn7Da_hj8gkBfOiRRBOUnIxDTWw7dORK-sfN7RUoWYTCzjxqk6taGMvlzbwu1xVQ",
  e: "AQAB",
  d: "KNFNFnxbZwfy4xyP9YZJ66p7BG02e_O44VZfNaUoaSFoAYZpL6SuQGHeDJWgttrYnmppFSTjGxoaIlXjc5OA9tV-D89pY-oaO8QDyB6KSJWz9gU3RrCtY6Zl2OwGvM5WWMtIoMX6cz3P2UqUDIFN86WvBaTD2pbPt5XMae2oBM-hZjeOSynJQ2d9eFyJK4x60x9PC7s8rdgtlswB31wynVYHojbUNzajQRBMsDqsNtCkq7p_hPu1uQFdk83enUgDE_HLYsw8Ng4WxtIBjH2g0hzYTzMrOCV3eSyZ79HbSfQgt3WuWCNdhBo3zI2mx6coAMT69yorBKo_feLkHeY_cw",
  p: "_DbkEh8huA0PAoiED-V1plp4jZc-upxpuuBObelyOEC3TZtU9-qiSxXM2TJGdGyayDPYwVCacCc6gd5pyVa8p_Eh41HjzkVxx5cidt48LR7M4aHLqbGHFIRJ6t6z4R3whCUCkFfe5WhXiHMHK8L1cnL7NRo_W1SPb8KwJ2hGtb8",
  q: "tjXxPqaoldjpOOWg_XBOw7syyXp_UCW4NAX5kgNfgsrqMqGeFtMedc7oSDzwSyjJQL_8rjtJzdQDZchEZjzIQuUQnF8wudjpYvexPJBhezLcb2GPNxFb-uyhfK87tDZUnAeQQA0An8aFuDlV_Mr_H-Wh3m4RIy5NAqc7HR5AJes",
  dp: "vOZryXrRqWT2cgJHTxSgGlk2Y239CI1vzwyDEWVALAukfpaxfAGbTjtksuQpyrcw8nOKi7dQBGINOwmXF7pEEFDU_cnuoiZ3AnMa2Aa48V5ZO0EQJeeV8XLnXecwuJHQ-1gw5GU7x3xv2v20SD170h12Mp6XB1N9HsqlXs6F70c",
  dq: "ORcRrWWecMTz3gXkuUPVCfK_aO1esof-_R3aImu4I0zcsFx_IfuoEZVwpiGh0IrI8-azjwu4hislnWBwPfBRdtQ6riQNKk3SYlXlTGqYgHdhJezVaJWh0i8OMfjdpgtX20NraQYp6eXTw_MDBB--bAoQ-5ZU_EbnjitDlE4EH10",
  qi: "oEpspY4_cZ9G7ait2eGoRY1od6bHSJg0druas1UQIIFMZt9S_7GbDfU_KEquIM1mTFLhQajTBagH_vCI4EDu-fbjxydRRVhUoFyuFVqdjTYemtn0d0rBGzVvLZ92lU8W8ODMsYLltxG52EbEsxonyHaUaMxoGJwkwPuvRJ9ozPI",
};

/** A deterministic byte stream: SHA-256(seed ‖ counter) blocks. Different seeds give independent streams. */
export function seededRandom(seed: string): (n: number) => Uint8Array<ArrayBuffer> {
  const prefix = new TextEncoder().encode(seed);
  let counter = 0;
  let buf: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  return (n) => {
    while (buf.length < n) {
      const block = new Uint8Array(prefix.length + 4);
      block.set(prefix);
      new DataView(block.buffer).setUint32(prefix.length, counter++);
      const next = new Uint8Array(buf.length + 32);
      next.set(buf);
      next.set(sha256(block), buf.length);
      buf = next;
    }
    const out = buf.slice(0, n);
    buf = buf.slice(n);
    return out;
  };
}

export const hex = (s: string): Uint8Array => {
  const clean = s.replace(/\s+/g, "");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
};

export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
