/**
 * 2FA password hashing: PBKDF2-HMAC-SHA256 through WebCrypto (native, so a
 * high iteration count stays cheap in CPU time), salted per user.
 */
import { equalBytes, randomBytes, utf8 } from "../protocol/binary.ts";

export const PBKDF2_ITERATIONS = 100_000;

export interface PasswordHash {
  salt: Uint8Array;
  hash: Uint8Array;
  iterations: number;
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", utf8(password.normalize("NFKC")), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  return { salt, hash: await derive(password, salt, PBKDF2_ITERATIONS), iterations: PBKDF2_ITERATIONS };
}

export async function checkPassword(password: string, stored: PasswordHash): Promise<boolean> {
  return equalBytes(await derive(password, stored.salt, stored.iterations), stored.hash);
}
