/**
 * The SRP side of an account's 2FA password, for MTProto clients: the verifier stored beside the
 * Argon2id hash whenever the password is set (the Edgegram protocol sends the plaintext then), one
 * challenge per signing-in device, and the check of its proof. The attempt budget is the password's.
 */
import { equalBytes } from "../protocol/binary.ts";
import { nobleCryptoProvider as c } from "../protocol/mtproto/crypto/noble.ts";
import { systemRandom } from "../protocol/mtproto/crypto/provider.ts";
import { type Pbkdf2Sha512, srpChallenge, srpCheck, srpVerifier } from "../protocol/mtproto/crypto/srp.ts";
import { bytesOf, one, run } from "./sql.ts";

export const srpSchema = [
  "CREATE TABLE IF NOT EXISTS password_srp (id INTEGER PRIMARY KEY CHECK (id = 1), salt1 BLOB NOT NULL, salt2 BLOB NOT NULL, v BLOB NOT NULL)",
  `CREATE TABLE IF NOT EXISTS password_srp_challenge (
     auth_key_id TEXT PRIMARY KEY, srp_id TEXT NOT NULL, b BLOB NOT NULL, srp_b BLOB NOT NULL)`,
];

const webPbkdf2: Pbkdf2Sha512 = async (password, salt, iterations) => {
  const key = await crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(
    await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-512", salt, iterations }, key, 512),
  );
};

/** Stores the verifier of a password just set (NFKC, as the Argon2id hash is). */
export async function storeVerifier(sql: SqlStorage, password: string): Promise<void> {
  const salt1 = systemRandom(40);
  const salt2 = systemRandom(16);
  const v = await srpVerifier(c, webPbkdf2, password.normalize("NFKC"), salt1, salt2);
  run(sql, "INSERT OR REPLACE INTO password_srp (id, salt1, salt2, v) VALUES (1, ?, ?, ?)", salt1, salt2, v);
}

/** Stores a verifier an MTProto client computed (it never sends the password). */
export function storeGivenVerifier(sql: SqlStorage, salt1: Uint8Array, salt2: Uint8Array, v: Uint8Array): void {
  run(sql, "INSERT OR REPLACE INTO password_srp (id, salt1, salt2, v) VALUES (1, ?, ?, ?)", salt1, salt2, v);
}

/** Whether a plaintext password is the one behind the stored verifier (for a password set by SRP). */
export async function matchesVerifier(sql: SqlStorage, password: string): Promise<boolean> {
  const ver = verifier(sql);
  if (!ver) return false;
  return equalBytes(await srpVerifier(c, webPbkdf2, password.normalize("NFKC"), ver.salt1, ver.salt2), ver.v);
}

export function clearVerifier(sql: SqlStorage): void {
  run(sql, "DELETE FROM password_srp");
  run(sql, "DELETE FROM password_srp_challenge");
}

interface Verifier {
  salt1: Uint8Array;
  salt2: Uint8Array;
  v: Uint8Array;
}

function verifier(sql: SqlStorage): Verifier | null {
  const r = one<{ salt1: ArrayBuffer; salt2: ArrayBuffer; v: ArrayBuffer }>(
    sql,
    "SELECT salt1, salt2, v FROM password_srp",
  );
  return r && { salt1: bytesOf(r.salt1), salt2: bytesOf(r.salt2), v: bytesOf(r.v) };
}

export interface SrpParams {
  salt1: Uint8Array;
  salt2: Uint8Array;
  srpB: Uint8Array;
  srpId: string;
}

/** A fresh challenge for this device (replacing its last one), or null when no verifier is stored. */
// (Also for a signed-in device proving the password it would change: account.getPasswordSrp.)
export function newChallenge(sql: SqlStorage, authKeyId: string): SrpParams | null {
  const ver = verifier(sql);
  if (!ver) return null;
  const { b, B } = srpChallenge(c, ver.v, systemRandom);
  const srpId = BigInt.asIntN(64, new DataView(systemRandom(8).buffer).getBigUint64(0)).toString();
  run(
    sql,
    "INSERT OR REPLACE INTO password_srp_challenge (auth_key_id, srp_id, b, srp_b) VALUES (?, ?, ?, ?)",
    authKeyId,
    srpId,
    b,
    B,
  );
  return { salt1: ver.salt1, salt2: ver.salt2, srpB: B, srpId };
}

/** Checks the device's proof against its challenge; the challenge is used up either way. */
export function checkProof(sql: SqlStorage, authKeyId: string, srpId: string, a: Uint8Array, m1: Uint8Array): boolean {
  const ver = verifier(sql);
  const ch = one<{ srp_id: string; b: ArrayBuffer; srp_b: ArrayBuffer }>(
    sql,
    "SELECT srp_id, b, srp_b FROM password_srp_challenge WHERE auth_key_id = ?",
    authKeyId,
  );
  run(sql, "DELETE FROM password_srp_challenge WHERE auth_key_id = ?", authKeyId);
  if (!ver || !ch || ch.srp_id !== srpId) return false;
  return srpCheck(c, ver.v, ver.salt1, ver.salt2, { b: bytesOf(ch.b), B: bytesOf(ch.srp_b) }, a, m1);
}
