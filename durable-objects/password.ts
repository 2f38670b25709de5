/**
 * The 2FA password of one account, over the UserObject's SQLite: stored as
 * Argon2id (OWASP's minimum: 19 MiB, 2 passes), checked at most 5 times per
 * 10 minutes, and asked only of a device that passed a login code within the
 * last 10 minutes. Hashes of an older scheme (PBKDF2-SHA256, 100k) still
 * verify and are rehashed on the first successful check.
 */
import { argon2idAsync } from "@noble/hashes/argon2.js";
import { equalBytes, randomBytes, utf8 } from "../protocol/binary.ts";
import { Errors } from "../protocol/errors.ts";
import {
  checkProof,
  clearVerifier,
  matchesVerifier,
  newChallenge,
  type SrpParams,
  srpSchema,
  storeGivenVerifier,
  storeVerifier,
} from "./password-srp.ts";
import { bytesOf, migrate, one, run } from "./sql.ts";

/** Argon2id's cost; the scheme names it so raising it later rehashes old rows on login. */
const ARGON2 = { m: 19_456, t: 2, p: 1 } as const;
export const PASSWORD_SCHEME = `argon2id:m=${ARGON2.m},t=${ARGON2.t},p=${ARGON2.p}`;
const LEGACY_SCHEME = "pbkdf2-sha256";
/** A password set over MTProto: only its SRP verifier is known until a plaintext check rehashes it. */
const SRP_ONLY_SCHEME = "srp-verifier";
const ATTEMPTS = 5;
const ATTEMPT_WINDOW_MS = 10 * 60_000;
/** How long a device that passed its login code may take to give the password. */
export const PASSWORD_PENDING_MS = 10 * 60_000;

const passwordSchema = [
  `CREATE TABLE IF NOT EXISTS password (
     id INTEGER PRIMARY KEY CHECK (id = 1), salt BLOB NOT NULL, hash BLOB NOT NULL, iterations INTEGER NOT NULL,
     hint TEXT, scheme TEXT NOT NULL DEFAULT '${LEGACY_SCHEME}')`,
  "CREATE TABLE IF NOT EXISTS password_attempts (at INTEGER NOT NULL)",
  "CREATE TABLE IF NOT EXISTS password_pending (auth_key_id TEXT PRIMARY KEY, expires INTEGER NOT NULL)",
];

/** The password's tables (and its SRP verifier's), brought up to date. */
export function initPassword(sql: SqlStorage): void {
  migrate(sql, [...passwordSchema, ...srpSchema]);
  migratePasswordTable(sql);
}

/** Rows written before the scheme column existed are PBKDF2-100k: add the column, defaulting to that. */
function migratePasswordTable(sql: SqlStorage): void {
  const cols = sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('password')").toArray();
  if (!cols.some((c) => c.name === "scheme"))
    sql.exec(`ALTER TABLE password ADD COLUMN scheme TEXT NOT NULL DEFAULT '${LEGACY_SCHEME}'`);
}

interface StoredPassword {
  scheme: string;
  salt: Uint8Array;
  hash: Uint8Array;
  iterations: number;
}

async function derive(password: string, salt: Uint8Array, scheme: string, iterations: number): Promise<Uint8Array> {
  const secret = utf8(password.normalize("NFKC"));
  if (scheme === PASSWORD_SCHEME) return argon2idAsync(secret, salt, { ...ARGON2, dkLen: 32 });
  if (scheme !== LEGACY_SCHEME) throw new Error(`unknown password scheme ${scheme}`);
  const key = await crypto.subtle.importKey("raw", secret, "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(
    await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256),
  );
}

export function passwordHint(sql: SqlStorage): { has_password: boolean; hint?: string } {
  const row = one<{ hint: string | null }>(sql, "SELECT hint FROM password");
  return row ? { has_password: true, ...(row.hint ? { hint: row.hint } : {}) } : { has_password: false };
}

/** Stores `password` under the current scheme (keeping the hint unless one is given). */
export async function storePassword(sql: SqlStorage, password: string, hint: string | null): Promise<void> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, PASSWORD_SCHEME, ARGON2.t);
  run(
    sql,
    "INSERT OR REPLACE INTO password (id, salt, hash, iterations, hint, scheme) VALUES (1, ?, ?, ?, ?, ?)",
    salt,
    hash,
    ARGON2.t,
    hint,
    PASSWORD_SCHEME,
  );
  // MTProto clients prove the password by SRP: its verifier can only be made while the plaintext is here.
  await storeVerifier(sql, password);
}

/** A password set by its SRP verifier (MTProto): no Argon2id hash until the plaintext is seen once. */
export function storePasswordVerifier(
  sql: SqlStorage,
  verifier: { salt1: Uint8Array; salt2: Uint8Array; v: Uint8Array },
  hint: string | null,
): void {
  run(
    sql,
    "INSERT OR REPLACE INTO password (id, salt, hash, iterations, hint, scheme) VALUES (1, ?, ?, 0, ?, ?)",
    new Uint8Array(0),
    new Uint8Array(0),
    hint,
    SRP_ONLY_SCHEME,
  );
  storeGivenVerifier(sql, verifier.salt1, verifier.salt2, verifier.v);
}

/** A challenge for a signed-in device proving the password it would change; null if there is no verifier. */
export function srpChallengeSignedIn(sql: SqlStorage, authKeyId: string): SrpParams | null {
  return newChallenge(sql, authKeyId);
}

/** The SRP proof of the current password for a settings change, under the attempt budget. */
export function checkSettingsProof(
  sql: SqlStorage,
  authKeyId: string,
  proof: { srpId: string; a: Uint8Array; m1: Uint8Array },
  now: number,
): boolean {
  checkAttemptBudget(sql, now);
  const ok = checkProof(sql, authKeyId, proof.srpId, proof.a, proof.m1);
  if (!ok) countFailedAttempt(sql, now);
  return ok;
}

export function clearPassword(sql: SqlStorage): void {
  run(sql, "DELETE FROM password");
  clearVerifier(sql);
}

/** 420 FLOOD_WAIT once the failed checks of the window are over the budget. */
export function checkAttemptBudget(sql: SqlStorage, now: number): void {
  run(sql, "DELETE FROM password_attempts WHERE at < ?", now - ATTEMPT_WINDOW_MS);
  const tries = one<{ n: number; first: number }>(sql, "SELECT count(*) AS n, min(at) AS first FROM password_attempts");
  if (tries && tries.n >= ATTEMPTS) throw Errors.floodWait((tries.first + ATTEMPT_WINDOW_MS - now) / 1000);
}

export function countFailedAttempt(sql: SqlStorage, now: number): void {
  run(sql, "INSERT INTO password_attempts (at) VALUES (?)", now);
}

/** Checks `password` (true when none is set), counting failures; 420 FLOOD_WAIT once over the budget. */
export async function verifyPassword(sql: SqlStorage, password: string, now: number): Promise<boolean> {
  checkAttemptBudget(sql, now);
  const row = one<{ salt: ArrayBuffer; hash: ArrayBuffer; iterations: number; scheme: string; hint: string | null }>(
    sql,
    "SELECT salt, hash, iterations, scheme, hint FROM password",
  );
  if (!row) return true;
  const stored: StoredPassword = { ...row, salt: bytesOf(row.salt), hash: bytesOf(row.hash) };
  const ok =
    stored.scheme === SRP_ONLY_SCHEME
      ? await matchesVerifier(sql, password)
      : equalBytes(await derive(password, stored.salt, stored.scheme, stored.iterations), stored.hash);
  if (!ok) countFailedAttempt(sql, now);
  else if (stored.scheme !== PASSWORD_SCHEME) await storePassword(sql, password, row.hint);
  return ok;
}

/** A device passed its login code and now owes the password: it has PASSWORD_PENDING_MS to give it. */
export function openPending(sql: SqlStorage, authKeyId: string, now: number): void {
  run(sql, "DELETE FROM password_pending WHERE expires < ?", now);
  run(
    sql,
    "INSERT OR REPLACE INTO password_pending (auth_key_id, expires) VALUES (?, ?)",
    authKeyId,
    now + PASSWORD_PENDING_MS,
  );
}

/** Refuses (400 PHONE_CODE_EXPIRED: sign in again with a new code) a device whose code-passed state is gone. */
export function checkPending(sql: SqlStorage, authKeyId: string, now: number): void {
  const row = one<{ expires: number }>(sql, "SELECT expires FROM password_pending WHERE auth_key_id = ?", authKeyId);
  if (!row || row.expires < now) {
    run(sql, "DELETE FROM password_pending WHERE auth_key_id = ?", authKeyId);
    throw Errors.badRequest("PHONE_CODE_EXPIRED");
  }
}

export function closePending(sql: SqlStorage, authKeyId: string): void {
  run(sql, "DELETE FROM password_pending WHERE auth_key_id = ?", authKeyId);
}

/** A challenge for a device that passed its code and owes the password (else 400 PHONE_CODE_EXPIRED). */
export function srpChallengeFor(sql: SqlStorage, authKeyId: string, now: number): SrpParams | null {
  checkPending(sql, authKeyId, now);
  return newChallenge(sql, authKeyId);
}

/** The SRP form of the sign-in password step, under the same attempt budget as the plaintext check. */
export function checkPendingProof(
  sql: SqlStorage,
  authKeyId: string,
  srpId: string,
  a: Uint8Array,
  m1: Uint8Array,
  now: number,
): boolean {
  checkPending(sql, authKeyId, now);
  checkAttemptBudget(sql, now);
  const ok = checkProof(sql, authKeyId, srpId, a, m1);
  if (ok) closePending(sql, authKeyId);
  else countFailedAttempt(sql, now);
  return ok;
}

/** The sign-in password step: refused once the device's code-passed state expired, else the check. */
export async function checkPendingPassword(
  sql: SqlStorage,
  authKeyId: string,
  password: string,
  now: number,
): Promise<boolean> {
  checkPending(sql, authKeyId, now);
  const ok = await verifyPassword(sql, password, now);
  if (ok) closePending(sql, authKeyId);
  return ok;
}

/** Sets (null: removes) the password; when one is set, `current` must match it (else PASSWORD_HASH_INVALID). */
export async function changePassword(
  sql: SqlStorage,
  current: string | undefined,
  next: string | null,
  hint: string | undefined,
  now: number,
): Promise<void> {
  if (passwordHint(sql).has_password) {
    if (current === undefined || !(await verifyPassword(sql, current, now)))
      throw Errors.badRequest("PASSWORD_HASH_INVALID");
  }
  if (next === null) clearPassword(sql);
  else await storePassword(sql, next, hint ?? null);
}

/** MTProto's form of changePassword: the current password proven by SRP, the next one given as its verifier. */
export function changePasswordSrp(
  sql: SqlStorage,
  authKeyId: string,
  proof: { srpId: string; a: Uint8Array; m1: Uint8Array } | undefined,
  next: { salt1: Uint8Array; salt2: Uint8Array; v: Uint8Array } | null,
  hint: string | undefined,
  now: number,
): void {
  if (passwordHint(sql).has_password) {
    if (!proof || !checkSettingsProof(sql, authKeyId, proof, now)) throw Errors.badRequest("PASSWORD_HASH_INVALID");
  }
  if (next === null) clearPassword(sql);
  else storePasswordVerifier(sql, next, hint ?? null);
}
