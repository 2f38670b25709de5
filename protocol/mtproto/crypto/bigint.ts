/**
 * Big-endian byte strings ⇄ BigInt, modular exponentiation and probabilistic primality: the number
 * theory behind RSA, DH and pq (MTProto sends big numbers as big-endian byte strings).
 */
import type { RandomSource } from "./provider.ts";

export function bytesToBigInt(b: Uint8Array): bigint {
  let hex = "";
  for (const x of b) hex += x.toString(16).padStart(2, "0");
  return hex ? BigInt(`0x${hex}`) : 0n;
}

/** `length` bytes, big-endian; throws if v does not fit (a silent truncation would corrupt a key). */
export function bigIntToBytes(v: bigint, length?: number): Uint8Array {
  if (v < 0n) throw new RangeError("negative");
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const n = length ?? hex.length / 2;
  if (hex.length / 2 > n) throw new RangeError(`value does not fit in ${n} bytes`);
  const out = new Uint8Array(n);
  const off = n - hex.length / 2;
  for (let i = 0; i < hex.length / 2; i++) out[off + i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** base^exp mod m, with a 4-bit fixed window (a quarter of the multiplications of square-and-multiply). */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m <= 0n) throw new RangeError("modulus must be positive");
  if (exp < 0n) throw new RangeError("negative exponent");
  if (m === 1n) return 0n;
  const b = ((base % m) + m) % m;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 16; i++) table.push((table[i - 1]! * b) % m);
  const hex = exp.toString(16);
  let r = 1n;
  for (let i = 0; i < hex.length; i++) {
    if (i > 0) {
      r = (r * r) % m;
      r = (r * r) % m;
      r = (r * r) % m;
      r = (r * r) % m;
    }
    const d = Number.parseInt(hex[i]!, 16);
    if (d) r = (r * table[d]!) % m;
  }
  return r;
}

/** The modular inverse of a mod m (m > 1, gcd(a, m) = 1). */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError("not invertible");
  return ((oldS % m) + m) % m;
}

export function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

const SMALL_PRIMES = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n, 43n, 47n];

/** A uniformly random integer in [lo, hi], from the injected RNG. */
export function randomBigIntInRange(random: RandomSource, lo: bigint, hi: bigint): bigint {
  const span = hi - lo + 1n;
  if (span <= 0n) throw new RangeError("empty range");
  const bytes = Math.ceil(bitLength(span) / 8) + 8; // 64 spare bits make the modulo bias negligible
  return lo + (bytesToBigInt(random(bytes)) % span);
}

/**
 * Miller–Rabin. Below 3.3·10^24 the first 13 prime bases decide exactly; above it `rounds` random
 * bases leave an error probability below 4^-rounds.
 */
export function isProbablePrime(n: bigint, random: RandomSource, rounds = 40): boolean {
  if (n < 2n) return false;
  for (const p of SMALL_PRIMES) {
    if (n === p) return true;
    if (n % p === 0n) return false;
  }
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const deterministic = n < 3_317_044_064_679_887_385_961_981n;
  const bases = deterministic
    ? SMALL_PRIMES.slice(0, 13)
    : Array.from({ length: rounds }, () => randomBigIntInRange(random, 2n, n - 2n));
  outer: for (const a of bases) {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}
