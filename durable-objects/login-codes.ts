/**
 * One-time sign-in codes: issued per phone, expiring, with limited attempts
 * and a cap on how many codes a phone may request per hour.
 */

import { FloodLimiter, type FloodRule, type FloodStore } from "../core/flood.ts";
import { randomBytes, toHex } from "../protocol/binary.ts";
import { Errors } from "../protocol/errors.ts";
import { CODE_TTL_MS } from "../protocol/rpc/auth.ts";
import { all, one, run } from "./sql.ts";

export const CODE_MAX_ATTEMPTS = 5;
export const CODES_PER_HOUR = 5;

export const loginCodesSchema = [
  `CREATE TABLE IF NOT EXISTS login_codes (
     hash TEXT PRIMARY KEY, phone TEXT NOT NULL, code TEXT NOT NULL,
     expires INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, verified INTEGER NOT NULL DEFAULT 0)`,
  "CREATE INDEX IF NOT EXISTS login_codes_phone ON login_codes (phone, expires)",
  "CREATE TABLE IF NOT EXISTS code_requests (phone TEXT NOT NULL, at INTEGER NOT NULL)",
];

const HOUR_MS = 3_600_000;
const CODE_REQUESTS: FloodRule = { kind: "window", limit: CODES_PER_HOUR, windowMs: HOUR_MS };

/** The flood window's call times per phone, kept in code_requests so the cap survives restarts. */
function codeRequests(sql: SqlStorage): FloodStore {
  return {
    get: (phone) => ({
      stamps: all<{ at: number }>(sql, "SELECT at FROM code_requests WHERE phone = ? ORDER BY at", phone).map(
        (r) => r.at,
      ),
    }),
    set(phone, state) {
      if (!("stamps" in state)) return;
      run(sql, "DELETE FROM code_requests WHERE phone = ?", phone);
      for (const at of state.stamps) run(sql, "INSERT INTO code_requests (phone, at) VALUES (?, ?)", phone, at);
    },
  };
}

export function issueCode(sql: SqlStorage, phone: string, now: number): { hash: string; code: string } {
  run(sql, "DELETE FROM code_requests WHERE at < ?", now - HOUR_MS);
  run(sql, "DELETE FROM login_codes WHERE expires < ?", now);
  new FloodLimiter(CODE_REQUESTS, { store: codeRequests(sql) }).take(phone, now);
  const code = String(100000 + ((new Uint32Array(randomBytes(4).buffer)[0] as number) % 900000)).slice(1);
  const hash = toHex(randomBytes(16));
  run(
    sql,
    "INSERT INTO login_codes (hash, phone, code, expires) VALUES (?, ?, ?, ?)",
    hash,
    phone,
    code,
    now + CODE_TTL_MS,
  );
  return { hash, code };
}

/** Checks a code; a correct one is marked verified so sign-up may follow with the same hash. */
export function verifyCode(sql: SqlStorage, phone: string, hash: string, code: string, now: number): void {
  const row = one<{ code: string; expires: number; attempts: number }>(
    sql,
    "SELECT code, expires, attempts FROM login_codes WHERE hash = ? AND phone = ?",
    hash,
    phone,
  );
  if (!row || row.expires < now || row.attempts >= CODE_MAX_ATTEMPTS) throw Errors.badRequest("PHONE_CODE_EXPIRED");
  if (row.code !== code) {
    run(sql, "UPDATE login_codes SET attempts = attempts + 1 WHERE hash = ?", hash);
    throw Errors.badRequest("PHONE_CODE_INVALID");
  }
  run(sql, "UPDATE login_codes SET verified = 1 WHERE hash = ?", hash);
}

/** Consumes a verified code (sign-up, or sign-in completing). */
export function consumeVerified(sql: SqlStorage, phone: string, hash: string, now: number): void {
  const row = one<{ verified: number; expires: number }>(
    sql,
    "SELECT verified, expires FROM login_codes WHERE hash = ? AND phone = ?",
    hash,
    phone,
  );
  if (!row || row.expires < now) throw Errors.badRequest("PHONE_CODE_EXPIRED");
  if (!row.verified) throw Errors.badRequest("PHONE_CODE_INVALID");
  run(sql, "DELETE FROM login_codes WHERE hash = ?", hash);
}

/** The newest live code for a phone: only the dev endpoint reads this. */
export function latestCode(sql: SqlStorage, phone: string, now: number): string | null {
  return (
    one<{ code: string }>(
      sql,
      "SELECT code FROM login_codes WHERE phone = ? AND expires >= ? ORDER BY expires DESC LIMIT 1",
      phone,
      now,
    )?.code ?? null
  );
}
