/**
 * One-time sign-in codes: 6 digits, issued per phone, expiring, with limited
 * attempts each, compared in constant time. Limits are cumulative — codes per
 * requester and phone per hour (so a stranger's requests throttle the stranger; across phones a
 * requester is held by the per-address minute limit, and one address may be a whole office), codes per phone per hour
 * (high enough that strangers cannot lock the owner out), wrong guesses per phone per day across all its codes — and
 * service-wide (codes and wrong guesses per minute over all phones), so
 * spraying many phones cannot take accounts over at a steady rate.
 */
import { FloodLimiter, type FloodStore } from "../core/flood.ts";
import { equalBytes, randomBytes, toHex, utf8 } from "../protocol/binary.ts";
import { Errors } from "../protocol/errors.ts";
import { CODE_TTL_MS } from "../protocol/rpc/auth.ts";
import { all, one, run, type SqlValue } from "./sql.ts";

export const CODE_DIGITS = 6;
export const CODE_MAX_ATTEMPTS = 5;

export interface CodeLimits {
  /** Per requester and phone: its address (/64 for IPv6), else its auth key when no address is known. */
  perRequesterPerHour: number;
  perPhonePerHour: number;
  failuresPerPhonePerDay: number;
  servicePerMinute: number;
  serviceFailuresPerMinute: number;
}

export const CODE_LIMITS: CodeLimits = {
  perRequesterPerHour: 5,
  // Bounds what one phone costs in messages; six requesters' full budgets still leave the owner room.
  perPhonePerHour: 30,
  failuresPerPhonePerDay: 15,
  // Issuing is bounded loosely (an SMS bill, not a takeover); wrong guesses tightly: at 600 a minute a
  // spray over many phones succeeds about once a day (10^6 codes), and the per-phone cap still holds.
  servicePerMinute: 3000,
  serviceFailuresPerMinute: 600,
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;

export const loginCodesSchema = [
  `CREATE TABLE IF NOT EXISTS login_codes (
     hash TEXT PRIMARY KEY, phone TEXT NOT NULL, code TEXT NOT NULL,
     expires INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, verified INTEGER NOT NULL DEFAULT 0)`,
  "CREATE INDEX IF NOT EXISTS login_codes_phone ON login_codes (phone, expires)",
  "CREATE TABLE IF NOT EXISTS code_requests (phone TEXT NOT NULL, at INTEGER NOT NULL)",
  "CREATE INDEX IF NOT EXISTS code_requests_at ON code_requests (at)",
  "CREATE TABLE IF NOT EXISTS code_requesters (requester TEXT NOT NULL, at INTEGER NOT NULL)",
  "CREATE INDEX IF NOT EXISTS code_requesters_key ON code_requesters (requester, at)",
  "CREATE TABLE IF NOT EXISTS code_failures (phone TEXT NOT NULL, at INTEGER NOT NULL)",
  "CREATE INDEX IF NOT EXISTS code_failures_phone ON code_failures (phone, at)",
  "CREATE INDEX IF NOT EXISTS code_failures_at ON code_failures (at)",
];

/** A uniform 6-digit code (rejection sampling: no modulo bias). */
function newCode(): string {
  const bound = 4_294_000_000; // the largest multiple of 10^6 below 2^32
  for (;;) {
    const x = new Uint32Array(randomBytes(4).buffer)[0] as number;
    if (x < bound) return String(x % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, "0");
  }
}

/** 420 FLOOD_WAIT until the oldest of `n` counted events leaves its window, when `n` reached `max`. */
function over(row: { n: number; first: number } | null, max: number, windowMs: number, now: number): void {
  if (row && row.n >= max) throw Errors.floodWait(Math.max(1, (row.first + windowMs - now) / 1000));
}

/**
 * The flood window's call times per phone (code_requests) or per requester (code_requesters), kept in
 * SQLite so the caps survive restarts.
 */
function stampsIn(
  sql: SqlStorage,
  table: "code_requests" | "code_requesters",
  column: "phone" | "requester",
): FloodStore {
  return {
    get: (key) => ({
      stamps: all<{ at: number }>(sql, `SELECT at FROM ${table} WHERE ${column} = ? ORDER BY at`, key).map((r) => r.at),
    }),
    set(key, state) {
      if (!("stamps" in state)) return;
      run(sql, `DELETE FROM ${table} WHERE ${column} = ?`, key);
      for (const at of state.stamps) run(sql, `INSERT INTO ${table} (${column}, at) VALUES (?, ?)`, key, at);
    },
  };
}

/** Service-wide counts are aggregates over all phones' rows (too many to keep as one flood key's stamps). */
const count = (sql: SqlStorage, query: string, ...args: SqlValue[]) =>
  one<{ n: number; first: number }>(sql, query, ...args);

export function issueCode(
  sql: SqlStorage,
  phone: string,
  now: number,
  limits: CodeLimits = CODE_LIMITS,
  requester: string | null = null,
): { hash: string; code: string } {
  run(sql, "DELETE FROM code_requests WHERE at < ?", now - HOUR);
  run(sql, "DELETE FROM code_requesters WHERE at < ?", now - HOUR);
  run(sql, "DELETE FROM login_codes WHERE expires < ?", now);
  over(
    count(sql, "SELECT count(*) AS n, min(at) AS first FROM code_requests WHERE at > ?", now - MINUTE),
    limits.servicePerMinute,
    MINUTE,
    now,
  );
  // The requester first: a stranger spends its own budget before it can touch the phone's.
  if (requester !== null)
    new FloodLimiter(
      { kind: "window", limit: limits.perRequesterPerHour, windowMs: HOUR },
      { store: stampsIn(sql, "code_requesters", "requester") },
    ).take(`${requester}|${phone}`, now);
  // Counts this request too (a row in code_requests) when allowed.
  new FloodLimiter(
    { kind: "window", limit: limits.perPhonePerHour, windowMs: HOUR },
    { store: stampsIn(sql, "code_requests", "phone") },
  ).take(phone, now);
  const code = newCode();
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
export function verifyCode(
  sql: SqlStorage,
  phone: string,
  hash: string,
  code: string,
  now: number,
  limits: CodeLimits = CODE_LIMITS,
): void {
  run(sql, "DELETE FROM code_failures WHERE at < ?", now - DAY);
  over(
    count(sql, "SELECT count(*) AS n, min(at) AS first FROM code_failures WHERE phone = ?", phone),
    limits.failuresPerPhonePerDay,
    DAY,
    now,
  );
  over(
    count(sql, "SELECT count(*) AS n, min(at) AS first FROM code_failures WHERE at > ?", now - MINUTE),
    limits.serviceFailuresPerMinute,
    MINUTE,
    now,
  );
  const row = one<{ code: string; expires: number; attempts: number }>(
    sql,
    "SELECT code, expires, attempts FROM login_codes WHERE hash = ? AND phone = ?",
    hash,
    phone,
  );
  if (!row || row.expires < now || row.attempts >= CODE_MAX_ATTEMPTS) throw Errors.badRequest("PHONE_CODE_EXPIRED");
  // Constant time: the comparison reveals nothing about how many leading digits were right.
  if (code.length !== row.code.length || !equalBytes(utf8(code), utf8(row.code))) {
    run(sql, "UPDATE login_codes SET attempts = attempts + 1 WHERE hash = ?", hash);
    run(sql, "INSERT INTO code_failures (phone, at) VALUES (?, ?)", phone, now);
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
