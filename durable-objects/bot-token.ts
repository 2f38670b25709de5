/**
 * Bot tokens: `<bot_id>:<secret>` with a 40-char URL-safe secret. Only a
 * SHA-256 of the secret is stored, so a leaked database yields no tokens.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { equalBytes, randomBytes, toBase64Url, utf8 } from "../protocol/binary.ts";

const TOKEN = /^(\d{1,15}):([A-Za-z0-9_-]{35,64})$/;

/** A fresh secret: 30 random bytes → 40 base64url characters. */
export function newSecret(): string {
  return toBase64Url(randomBytes(30));
}

export const hashSecret = (secret: string): Uint8Array => sha256(utf8(secret));

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  return equalBytes(hashSecret(secret), storedHash);
}

/** Splits a token into bot id and secret, or null if it cannot be one. */
export function parseToken(token: string): { botId: number; secret: string } | null {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const botId = Number(m[1]);
  return Number.isSafeInteger(botId) && botId > 0 ? { botId, secret: m[2] as string } : null;
}
