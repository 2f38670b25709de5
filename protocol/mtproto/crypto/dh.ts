/**
 * Diffie–Hellman for auth key creation, with the checks MTProto's security guidelines require: a
 * 2048-bit safe prime, a generator g ∈ 2..7 that generates the subgroup of order (p-1)/2, and
 * g_a, g_b inside [2^(2048-64), p - 2^(2048-64)].
 */
import { bitLength, bytesToBigInt, isProbablePrime, modPow } from "./bigint.ts";
import type { RandomSource } from "./provider.ts";

/** The 2048-bit safe prime Telegram's servers send (core.telegram.org/mtproto/security_guidelines). */
export const TELEGRAM_DH_PRIME = BigInt(
  "0xc71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b",
);
/** The generator Telegram sends with that prime (p mod 3 = 2, so 3 generates the subgroup of order (p-1)/2). */
export const TELEGRAM_DH_G = 3;

const SAFETY_MARGIN = 1n << (2048n - 64n);

/**
 * Whether g generates the cyclic subgroup of prime order (p-1)/2: the guidelines' conditions on p
 * modulo small numbers, which decide it by quadratic reciprocity without exponentiation.
 */
export function goodGenerator(p: bigint, g: number): boolean {
  switch (g) {
    case 2:
      return p % 8n === 7n;
    case 3:
      return p % 3n === 2n;
    case 4:
      return true;
    case 5:
      return p % 5n === 1n || p % 5n === 4n;
    case 6:
      return p % 24n === 19n || p % 24n === 23n;
    case 7:
      return p % 7n === 3n || p % 7n === 5n || p % 7n === 6n;
    default:
      return false;
  }
}

/**
 * The guidelines' check on (p, g): 2048 bits, p and (p-1)/2 prime, g a good generator. Costly (two
 * Miller–Rabin runs over 2048 bits): run it once per prime, not per handshake.
 */
export function checkDhPrimeAndG(p: bigint, g: number, random: RandomSource, rounds = 30): boolean {
  if (bitLength(p) !== 2048) return false;
  if (!goodGenerator(p, g)) return false;
  return isProbablePrime(p, random, rounds) && isProbablePrime((p - 1n) / 2n, random, rounds);
}

/** 1 < v < p - 1 and 2^(2048-64) ≤ v ≤ p - 2^(2048-64): the range check for g, g_a and g_b. */
export function dhValueInRange(v: bigint, p: bigint): boolean {
  return v > 1n && v < p - 1n && v >= SAFETY_MARGIN && v <= p - SAFETY_MARGIN;
}

/**
 * The server's secret a and g_a = g^a mod p, drawing a again in the (negligible) case g_a falls
 * outside the safe range, as the guidelines ask of both sides. `secretBytes` defaults to the 2048 bits
 * clients use; in a safe-prime group a shorter exponent of at least twice the security strength is as
 * strong (RFC 7919 §5.2: 225 bits for 2048-bit groups) and each exponentiation costs proportionally less.
 */
export function dhKeyPair(p: bigint, g: number, random: RandomSource, secretBytes = 256): { a: bigint; gA: bigint } {
  if (secretBytes < 32 || secretBytes > 256) throw new RangeError("DH secret must be 32..256 bytes");
  for (;;) {
    const a = bytesToBigInt(random(secretBytes));
    const gA = modPow(BigInt(g), a, p);
    if (a > 1n && dhValueInRange(gA, p)) return { a, gA };
  }
}
