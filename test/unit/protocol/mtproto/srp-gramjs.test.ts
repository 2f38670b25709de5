/**
 * The server's SRP check against GramJS's own client computation (npm `telegram`'s computeCheck,
 * unchanged): the right password passes, a wrong one and an out-of-range A do not.
 */
import { pbkdf2Sync } from "node:crypto";
import bigInt from "big-integer";
import { Api } from "telegram";
import { computeCheck } from "telegram/Password.js";
import { describe, expect, it } from "vitest";
import { bigIntToBytes } from "../../../../protocol/mtproto/crypto/bigint.ts";
import { nobleCryptoProvider as c } from "../../../../protocol/mtproto/crypto/noble.ts";
import { systemRandom } from "../../../../protocol/mtproto/crypto/provider.ts";
import { SRP_G, SRP_P, srpChallenge, srpCheck, srpVerifier } from "../../../../protocol/mtproto/crypto/srp.ts";

const pbkdf2 = async (pw: Uint8Array, salt: Uint8Array, n: number) =>
  new Uint8Array(pbkdf2Sync(pw, salt, n, 64, "sha512"));

describe("SRP (2FA password) against GramJS's computeCheck", () => {
  it("accepts the right password and refuses a wrong one or a degenerate A", async () => {
    const salt1 = systemRandom(40);
    const salt2 = systemRandom(16);
    const v = await srpVerifier(c, pbkdf2, "correct horse", salt1, salt2);
    const request = (ch: { B: Uint8Array }) =>
      new Api.account.Password({
        hasPassword: true,
        currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
          salt1: Buffer.from(salt1),
          salt2: Buffer.from(salt2),
          g: SRP_G,
          p: Buffer.from(bigIntToBytes(SRP_P, 256)),
        }),
        srp_B: Buffer.from(ch.B),
        srpId: bigInt(1),
        newAlgo: new Api.PasswordKdfAlgoUnknown(),
        newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(),
        secureRandom: Buffer.alloc(0),
      } as never);

    const ch = srpChallenge(c, v, systemRandom);
    const good = await computeCheck(request(ch), "correct horse");
    expect(srpCheck(c, v, salt1, salt2, ch, new Uint8Array(good.A), new Uint8Array(good.M1))).toBe(true);

    const ch2 = srpChallenge(c, v, systemRandom);
    const bad = await computeCheck(request(ch2), "wrong horse");
    expect(srpCheck(c, v, salt1, salt2, ch2, new Uint8Array(bad.A), new Uint8Array(bad.M1))).toBe(false);
    expect(srpCheck(c, v, salt1, salt2, ch2, Uint8Array.of(1), new Uint8Array(good.M1))).toBe(false);
  }, 60_000);
});
