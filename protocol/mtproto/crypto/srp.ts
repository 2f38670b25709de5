/**
 * The server side of Telegram's 2FA password check (SRP-2048 with SHA-256, the algorithm
 * passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow). The server keeps only the
 * verifier v = g^x mod p, x = PH2(password, salt1, salt2); a check proves knowledge of x without
 * sending it. PBKDF2 is passed in (WebCrypto's is asynchronous and native).
 */
import { concatBytes, equalBytes, utf8 } from "../../binary.ts";
import { bigIntToBytes, bytesToBigInt, modPow } from "./bigint.ts";
import { TELEGRAM_DH_G, TELEGRAM_DH_PRIME } from "./dh.ts";
import type { CryptoProvider, RandomSource } from "./provider.ts";

export const SRP_P = TELEGRAM_DH_PRIME;
export const SRP_G = TELEGRAM_DH_G;
export const SRP_ITERATIONS = 100_000;

/** PBKDF2-HMAC-SHA512 with a 64-byte output. */
export type Pbkdf2Sha512 = (password: Uint8Array, salt: Uint8Array, iterations: number) => Promise<Uint8Array>;

const pad = (v: bigint) => bigIntToBytes(v, 256);
const sh = (c: CryptoProvider, data: Uint8Array, salt: Uint8Array) => c.sha256(concatBytes(salt, data, salt));

/** PH2(password, salt1, salt2) as the client computes it. */
export async function passwordHash2(
  c: CryptoProvider,
  pbkdf2: Pbkdf2Sha512,
  password: string,
  salt1: Uint8Array,
  salt2: Uint8Array,
): Promise<Uint8Array> {
  const ph1 = sh(c, sh(c, utf8(password), salt1), salt2);
  return sh(c, await pbkdf2(ph1, salt1, SRP_ITERATIONS), salt2);
}

/** The verifier v = g^x mod p the server stores for a password (256 bytes). */
export async function srpVerifier(
  c: CryptoProvider,
  pbkdf2: Pbkdf2Sha512,
  password: string,
  salt1: Uint8Array,
  salt2: Uint8Array,
): Promise<Uint8Array> {
  const x = bytesToBigInt(await passwordHash2(c, pbkdf2, password, salt1, salt2));
  return pad(modPow(BigInt(SRP_G), x, SRP_P));
}

/** Whether 256 big-endian bytes are a residue a verifier can be: 1 < v < p. */
export function isSrpResidue(v: Uint8Array): boolean {
  const n = bytesToBigInt(v);
  return v.length === 256 && n > 1n && n < SRP_P;
}

const multiplier = (c: CryptoProvider) => bytesToBigInt(c.sha256(concatBytes(pad(SRP_P), pad(BigInt(SRP_G)))));

/** The server's one-time challenge: secret b (keep it) and B = k·v + g^b mod p (send it as srp_B). */
export function srpChallenge(c: CryptoProvider, v: Uint8Array, random: RandomSource): { b: Uint8Array; B: Uint8Array } {
  for (;;) {
    const b = random(256);
    const B = (multiplier(c) * bytesToBigInt(v) + modPow(BigInt(SRP_G), bytesToBigInt(b), SRP_P)) % SRP_P;
    if (B > 1n && B < SRP_P - 1n) return { b, B: pad(B) };
  }
}

/**
 * Whether the client's (A, M1) prove the password behind v for this challenge. A out of range
 * (0, 1, p-1 or beyond) is refused, so a client cannot force a known shared secret.
 */
export function srpCheck(
  c: CryptoProvider,
  v: Uint8Array,
  salt1: Uint8Array,
  salt2: Uint8Array,
  challenge: { b: Uint8Array; B: Uint8Array },
  aBytes: Uint8Array,
  m1: Uint8Array,
): boolean {
  const A = bytesToBigInt(aBytes);
  if (aBytes.length > 256 || A <= 1n || A >= SRP_P - 1n) return false;
  const aPad = pad(A);
  const u = bytesToBigInt(c.sha256(concatBytes(aPad, challenge.B)));
  if (u === 0n) return false;
  const S = modPow((A * modPow(bytesToBigInt(v), u, SRP_P)) % SRP_P, bytesToBigInt(challenge.b), SRP_P);
  const K = c.sha256(pad(S));
  const hp = c.sha256(pad(SRP_P));
  const hg = c.sha256(pad(BigInt(SRP_G)));
  const x = hp.map((byte, i) => byte ^ (hg[i] ?? 0));
  const expected = c.sha256(concatBytes(x, c.sha256(salt1), c.sha256(salt2), aPad, challenge.B, K));
  return m1.length === 32 && equalBytes(expected, m1);
}
