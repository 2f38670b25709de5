/**
 * The proof-of-work number of resPQ: pq = p·q with primes p < q just below 2^31, so pq fits the
 * 8-byte string clients expect and factoring it costs them a few milliseconds, as Telegram's does.
 */
import { bigIntToBytes, bytesToBigInt, isProbablePrime } from "./bigint.ts";
import type { RandomSource } from "./provider.ts";

export interface PqPair {
  pq: bigint;
  p: bigint;
  q: bigint;
}

function randomPrimeNear31Bits(random: RandomSource): bigint {
  for (;;) {
    // 31-bit odd candidates with the top two bits set, so p·q is 61–62 bits like Telegram's.
    const v = (bytesToBigInt(random(4)) & 0x7fffffffn) | 0x60000001n;
    if (isProbablePrime(v, random)) return v;
  }
}

export function pickPq(random: RandomSource): PqPair {
  for (;;) {
    const a = randomPrimeNear31Bits(random);
    const b = randomPrimeNear31Bits(random);
    if (a === b) continue;
    const [p, q] = a < b ? [a, b] : [b, a];
    return { pq: p * q, p, q };
  }
}

/** A number as MTProto's big-endian byte string (pq, p, q): minimal length. */
export const numberToBytes = (v: bigint): Uint8Array => bigIntToBytes(v);

/** Pollard's rho (Floyd cycle finding): what a client does with pq; used by in-memory clients and tests. */
export function factorPq(pq: bigint): { p: bigint; q: bigint } {
  if (pq % 2n === 0n) return { p: 2n, q: pq / 2n };
  const gcd = (a: bigint, b: bigint): bigint => {
    while (b) [a, b] = [b, a % b];
    return a;
  };
  for (let c = 1n; c < 64n; c++) {
    let x = 2n;
    let y = 2n;
    let d = 1n;
    while (d === 1n) {
      x = (x * x + c) % pq;
      y = (y * y + c) % pq;
      y = (y * y + c) % pq;
      d = gcd(x > y ? x - y : y - x, pq);
    }
    if (d !== pq) {
      const e = pq / d;
      return d < e ? { p: d, q: e } : { p: e, q: d };
    }
  }
  throw new RangeError("pq did not factor (is it prime?)");
}
