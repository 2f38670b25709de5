/**
 * Per-session bookkeeping in DO SQLite: the replay cache of client msg_ids (each record also keeping
 * its request's answer until the client acks it), and the outbox of other server messages kept until
 * acked (resent after a reconnect). A shard hosts many devices, so a session is stored under its
 * device's key: `<auth key id>:<session id>`.
 */
import { MSG_ID_MAX_AGE_MS, MSG_ID_MAX_AHEAD_MS } from "../protocol/msg-id.ts";
import { all, one, run } from "./sql.ts";

/** A session idle this long (no connection bound it, no HTTP request) is dead: its rows are collected. */
export const SESSION_IDLE_TTL_MS = 7 * 24 * 3_600_000;
/** Sessions kept per auth key (the newest by activity); older ones are collected even if not idle that long. */
export const SESSIONS_PER_KEY = 32;

/** Unacknowledged messages kept per session; older ones are left to updates.getDifference. */
export const OUTBOX_LIMIT = 500;

/**
 * `seen` and `outbox` are WITHOUT ROWID: keyed by their primary key alone, an insert writes one row where a
 * rowid table also writes the key's index, and `seen` has no index on `at` (its purge runs at most once a
 * minute, a scan): Cloudflare bills index rows as rows written, and these are written for every request.
 * Objects created before keep their rowid tables and index, which behave the same.
 */
export const sessionSchema = [
  // `answer` (with its server msg_id `answer_id`): the request's answer, kept in its record's row until
  // acked (an update of the row, not an outbox row of its own); `done`: answered, nothing kept.
  `CREATE TABLE IF NOT EXISTS seen (
     session_id TEXT NOT NULL, msg_id TEXT NOT NULL, conn TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0,
     at INTEGER NOT NULL, answer_id TEXT, answer TEXT, PRIMARY KEY (session_id, msg_id)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS outbox (
     session_id TEXT NOT NULL, msg_id TEXT NOT NULL, req_msg_id TEXT, body TEXT NOT NULL, at INTEGER NOT NULL,
     PRIMARY KEY (session_id, msg_id)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS sessions (
     session_id TEXT PRIMARY KEY, seq INTEGER NOT NULL DEFAULT 0, last_active INTEGER NOT NULL, http INTEGER NOT NULL DEFAULT 0)`,
];

/** The answer columns, added to a `seen` table made before them. */
export function addAnswerColumns(sql: SqlStorage): void {
  const columns = sql.exec("PRAGMA table_info(seen)").toArray() as { name: string }[];
  if (columns.some((c) => c.name === "answer")) return;
  for (const c of ["answer_id TEXT", "answer TEXT"]) sql.exec(`ALTER TABLE seen ADD COLUMN ${c}`);
}

/** How often an object drops `seen` rows older than the msg_id window (a scan of the table). */
const SEEN_PURGE_EVERY_MS = 60_000;
/** How long a record must stay: a msg_id older than this is refused by its time alone. */
export const SEEN_WINDOW_MS = MSG_ID_MAX_AGE_MS + MSG_ID_MAX_AHEAD_MS;
const lastPurge = new WeakMap<SqlStorage, number>();

export type SeenVerdict = "new" | "replay" | "in-flight" | "answered";

/**
 * Records a client msg_id. The same id twice on one connection is a replay;
 * on a new connection it is the client resending after a reconnect.
 */
export function recordIncoming(
  sql: SqlStorage,
  sessionId: string,
  msgId: string,
  conn: string,
  now: number,
): SeenVerdict {
  // Ids outside the msg_id window are refused before this, so older rows can go (kept a minute longer at
  // most), except those still keeping an answer not known to be acked (the next connection resends it).
  if (now - (lastPurge.get(sql) ?? 0) >= SEEN_PURGE_EVERY_MS) {
    lastPurge.set(sql, now);
    purgeSeen(sql, now - SEEN_WINDOW_MS);
  }
  const row = one<{ conn: string; done: number }>(
    sql,
    "SELECT conn, done OR answer IS NOT NULL AS done FROM seen WHERE session_id = ? AND msg_id = ?",
    sessionId,
    msgId,
  );
  if (!row) {
    run(sql, "INSERT INTO seen (session_id, msg_id, conn, at) VALUES (?, ?, ?, ?)", sessionId, msgId, conn, now);
    return "new";
  }
  if (row.conn === conn) return "replay";
  run(sql, "UPDATE seen SET conn = ? WHERE session_id = ? AND msg_id = ?", conn, sessionId, msgId);
  return row.done ? "answered" : "in-flight";
}

/**
 * Drops records from before `cutoff` that keep no answer, and of those that do, all but the newest
 * OUTBOX_LIMIT per session (older ones are left to updates.getDifference, as a full outbox's).
 */
export function purgeSeen(sql: SqlStorage, cutoff: number): void {
  run(sql, "DELETE FROM seen WHERE at < ? AND answer IS NULL", cutoff);
  run(
    sql,
    `DELETE FROM seen WHERE at < ?1 AND answer IS NOT NULL AND (session_id, msg_id) IN (
       SELECT session_id, msg_id FROM (SELECT session_id, msg_id, row_number() OVER (
         PARTITION BY session_id ORDER BY at DESC) AS rank FROM seen WHERE answer IS NOT NULL) WHERE rank > ?2)`,
    cutoff,
    OUTBOX_LIMIT,
  );
}

/** Whether the answer to a request is still kept, unacknowledged, in its record or the outbox. */
export function pendingAnswer(sql: SqlStorage, sessionId: string, reqMsgId: string): boolean {
  const kept = "SELECT 1 FROM seen WHERE session_id = ? AND msg_id = ? AND answer IS NOT NULL";
  if (one(sql, kept, sessionId, reqMsgId) !== null) return true;
  return one(sql, "SELECT 1 FROM outbox WHERE session_id = ? AND req_msg_id = ?", sessionId, reqMsgId) !== null;
}

export function markAnswered(sql: SqlStorage, sessionId: string, msgId: string): void {
  run(sql, "UPDATE seen SET done = 1 WHERE session_id = ? AND msg_id = ?", sessionId, msgId);
}

/** Keeps a request's answer in its record's row; false when there is no record to keep it in. */
export function storeAnswer(
  sql: SqlStorage,
  sessionId: string,
  reqMsgId: string,
  msgId: string,
  body: string,
): boolean {
  const query = "UPDATE seen SET answer_id = ?, answer = ? WHERE session_id = ? AND msg_id = ?";
  return run(sql, query, msgId, body, sessionId, reqMsgId) > 0;
}

export function touchSession(sql: SqlStorage, sessionId: string, now: number, http: boolean): void {
  run(
    sql,
    `INSERT INTO sessions (session_id, last_active, http) VALUES (?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET last_active = excluded.last_active, http = excluded.http`,
    sessionId,
    now,
    http ? 1 : 0,
  );
}

/** The last sequence number saved for a session (seq_no is informative; the object counts on in memory). */
export function savedSeq(sql: SqlStorage, sessionId: string): number {
  return one<{ seq: number }>(sql, "SELECT seq FROM sessions WHERE session_id = ?", sessionId)?.seq ?? 0;
}

export function saveSeq(sql: SqlStorage, sessionId: string, seq: number): void {
  run(sql, "UPDATE sessions SET seq = max(seq, ?) WHERE session_id = ?", seq, sessionId);
}

export function storeOutgoing(
  sql: SqlStorage,
  sessionId: string,
  msgId: string,
  reqMsgId: string | null,
  body: string,
  now: number,
): void {
  run(
    sql,
    "INSERT OR REPLACE INTO outbox (session_id, msg_id, req_msg_id, body, at) VALUES (?, ?, ?, ?, ?)",
    sessionId,
    msgId,
    reqMsgId,
    body,
    now,
  );
  run(
    sql,
    `DELETE FROM outbox WHERE session_id = ?1 AND msg_id NOT IN
       (SELECT msg_id FROM outbox WHERE session_id = ?1 ORDER BY at DESC LIMIT ?2)`,
    sessionId,
    OUTBOX_LIMIT,
  );
}

/** Which of these server msg_ids are answers kept in the session's records (one scan of its records). */
export function answersKept(sql: SqlStorage, sessionId: string, msgIds: string[]): string[] {
  if (msgIds.length === 0) return [];
  return all<{ answer_id: string }>(
    sql,
    "SELECT answer_id FROM seen WHERE session_id = ? AND answer_id IN (SELECT value FROM json_each(?))",
    sessionId,
    JSON.stringify(msgIds),
  ).map((r) => r.answer_id);
}

/**
 * Forgets what the client acked: outbox messages go; answers kept in records (`inRecords`: those not
 * remembered elsewhere until their record's window passes) are dropped from them, each record staying
 * until then against a resend of its msg_id.
 */
export function acknowledge(sql: SqlStorage, sessionId: string, msgIds: string[], inRecords = msgIds): void {
  for (const id of msgIds) run(sql, "DELETE FROM outbox WHERE session_id = ? AND msg_id = ?", sessionId, id);
  const drop = "UPDATE seen SET answer = NULL, answer_id = NULL, done = 1 WHERE session_id = ? AND answer_id = ?";
  for (const id of inRecords) run(sql, drop, sessionId, id);
}

/** Deletes the records from before `cutoff` whose answers (by their msg_ids) the client acked. */
export function dropAckedRecords(sql: SqlStorage, sessionId: string, answerIds: string[], cutoff: number): void {
  for (const id of answerIds)
    run(sql, "DELETE FROM seen WHERE session_id = ? AND answer_id = ? AND at < ?", sessionId, id, cutoff);
}

/** What the session has not acked, oldest first: outbox messages and answers kept in records. */
export function pendingOutgoing(sql: SqlStorage, sessionId: string): { msg_id: string; body: string }[] {
  const out = all<{ msg_id: string; body: string }>(
    sql,
    `SELECT msg_id, body FROM outbox WHERE session_id = ?1
     UNION ALL SELECT answer_id AS msg_id, answer AS body FROM seen WHERE session_id = ?1 AND answer IS NOT NULL`,
    sessionId,
  );
  return out.sort((a, b) => (BigInt(a.msg_id) < BigInt(b.msg_id) ? -1 : 1));
}

/** The range of session keys `<authKeyId>:…` as SQL bounds (an index range; LIKE would scan). */
export function deviceKeyRange(authKeyId: string): [string, string] {
  return [`${authKeyId}:`, `${authKeyId};`];
}

/**
 * Deletes dead sessions with their outbox and replay rows: idle past SESSION_IDLE_TTL_MS, or beyond
 * the newest SESSIONS_PER_KEY of their key. Sessions bound to an open socket (`live`) are kept:
 * last_active is only written when a connection binds the session. Returns how many went.
 */
export function collectDeadSessions(sql: SqlStorage, now: number, live: Set<string>): number {
  const dead = new Set(
    all<{ session_id: string }>(
      sql,
      `SELECT session_id FROM sessions WHERE last_active < ?
       UNION SELECT session_id FROM (SELECT session_id, row_number() OVER (
         PARTITION BY substr(session_id, 1, instr(session_id, ':')) ORDER BY last_active DESC) AS rank FROM sessions)
       WHERE rank > ?`,
      now - SESSION_IDLE_TTL_MS,
      SESSIONS_PER_KEY,
    ).map((r) => r.session_id),
  );
  let n = 0;
  for (const sk of dead) {
    if (live.has(sk)) continue;
    for (const t of ["seen", "outbox", "sessions"]) run(sql, `DELETE FROM ${t} WHERE session_id = ?`, sk);
    n++;
  }
  return n;
}

/** When the oldest session falls idle past its TTL (the shard's alarm collects it then). */
export function nextSessionExpiry(sql: SqlStorage): number | null {
  const oldest = one<{ t: number | null }>(sql, "SELECT min(last_active) AS t FROM sessions")?.t ?? null;
  return oldest === null ? null : oldest + SESSION_IDLE_TTL_MS;
}

/** One device's sessions that should receive pushed updates into their outbox: HTTP ones seen recently. */
export function recentHttpSessions(sql: SqlStorage, since: number, authKeyId: string): string[] {
  const [from, to] = deviceKeyRange(authKeyId);
  return all<{ session_id: string }>(
    sql,
    "SELECT session_id FROM sessions WHERE session_id >= ? AND session_id < ? AND http = 1 AND last_active >= ?",
    from,
    to,
    since,
  ).map((r) => r.session_id.slice(from.length));
}
