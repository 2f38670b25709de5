/**
 * Server salts: 64-bit values each valid for a time span, issued ahead (get_future_salts). A message
 * carrying no salt valid now (allowing a short grace after expiry for messages in flight) earns
 * bad_server_salt (48) with the current one.
 */
import type { RandomSource } from "../crypto/provider.ts";

export interface ServerSalt {
  salt: bigint;
  /** Unix seconds. */
  validSince: number;
  validUntil: number;
}

/** One hour per salt, as Telegram's; 30 min of grace for in-flight messages after one expires. */
export const SALT_PERIOD_S = 3600;
export const SALT_GRACE_S = 1800;

const randomSalt = (random: RandomSource): bigint => {
  const b = random(8);
  return new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true);
};

/**
 * Drops expired salts and extends the list so it covers `now` through `count` periods ahead: what a
 * key's salts look like after any request, and the answer to get_future_salts.
 */
export function refreshSalts(salts: ServerSalt[], nowS: number, random: RandomSource, count = 4): ServerSalt[] {
  const kept = salts.filter((s) => s.validUntil + SALT_GRACE_S > nowS).sort((a, b) => a.validSince - b.validSince);
  let from = kept.length ? kept[kept.length - 1]!.validUntil : nowS - (nowS % SALT_PERIOD_S);
  while (kept.filter((s) => s.validUntil > nowS).length < count) {
    kept.push({ salt: randomSalt(random), validSince: from, validUntil: from + SALT_PERIOD_S });
    from += SALT_PERIOD_S;
  }
  return kept;
}

/** The salt to hand out now (new_session_created, bad_server_salt). */
export function currentSalt(salts: ServerSalt[], nowS: number): ServerSalt | undefined {
  return salts.find((s) => s.validSince <= nowS && nowS < s.validUntil);
}

export function isSaltAccepted(salts: ServerSalt[], salt: bigint, nowS: number): boolean {
  return salts.some((s) => s.salt === salt && s.validSince <= nowS && nowS < s.validUntil + SALT_GRACE_S);
}

/** get_future_salts: up to `num` (1..64) salts from the current one on. */
export function futureSalts(salts: ServerSalt[], nowS: number, num: number): ServerSalt[] {
  const n = Math.max(1, Math.min(64, num));
  return salts.filter((s) => s.validUntil > nowS).slice(0, n);
}
