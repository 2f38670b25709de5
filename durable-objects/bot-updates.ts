/**
 * A bot's update queue in its Durable Object's SQLite: update_id grows
 * monotonically and is never reused, updates live 24 h, `offset` confirms
 * (drops) everything before it, as the Bot API's getUpdates describes.
 */
import { all, one, run } from "./sql.ts";

/** Long polls are capped like Telegram's (50 s). */
export const MAX_POLL_S = 50;

export const UPDATE_TTL_MS = 24 * 3600_000;

/** Types delivered when a bot never chose `allowed_updates` (Telegram's default excludes these). */
const OPT_IN_TYPES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

export const updatesSchema = [
  `CREATE TABLE IF NOT EXISTS updates (
     update_id INTEGER PRIMARY KEY, type TEXT NOT NULL, body TEXT NOT NULL, created INTEGER NOT NULL)`,
  "CREATE TABLE IF NOT EXISTS update_seq (id INTEGER PRIMARY KEY CHECK (id = 1), next INTEGER NOT NULL)",
];

/** A Bot API update without its id: `{ message: {...} }`, `{ callback_query: {...} }` … */
export type UpdateBody = Record<string, unknown>;
export type StoredUpdate = { update_id: number } & UpdateBody;

export function updateType(u: UpdateBody): string {
  return Object.keys(u).find((k) => k !== "update_id") ?? "unknown";
}

export function isAllowed(type: string, allowed: string[] | null): boolean {
  return allowed && allowed.length > 0 ? allowed.includes(type) : !OPT_IN_TYPES.has(type);
}

/** Appends updates (those the bot accepts) and returns how many were queued. */
export function enqueue(sql: SqlStorage, bodies: UpdateBody[], allowed: string[] | null, now: number): number {
  run(sql, "DELETE FROM updates WHERE created < ?", now - UPDATE_TTL_MS);
  let n = 0;
  for (const body of bodies) {
    const type = updateType(body);
    if (!isAllowed(type, allowed)) continue;
    const seq = one<{ next: number }>(
      sql,
      `INSERT INTO update_seq (id, next) VALUES (1, 2) ON CONFLICT (id) DO UPDATE SET next = next + 1
       RETURNING next - 1 AS next`,
    );
    run(
      sql,
      "INSERT INTO updates (update_id, type, body, created) VALUES (?, ?, ?, ?)",
      seq?.next ?? 1,
      type,
      JSON.stringify(body),
      now,
    );
    n++;
  }
  return n;
}

/** Confirms updates: a positive offset drops every id below it; a negative one keeps only the last -offset. */
export function confirm(sql: SqlStorage, offset: number): void {
  if (offset > 0) run(sql, "DELETE FROM updates WHERE update_id < ?", offset);
  else if (offset < 0)
    run(
      sql,
      "DELETE FROM updates WHERE update_id NOT IN (SELECT update_id FROM updates ORDER BY update_id DESC LIMIT ?)",
      -offset,
    );
}

export function pending(sql: SqlStorage, limit: number, allowed: string[] | null, now: number): StoredUpdate[] {
  run(sql, "DELETE FROM updates WHERE created < ?", now - UPDATE_TTL_MS);
  const rows = all<{ update_id: number; type: string; body: string }>(
    sql,
    "SELECT update_id, type, body FROM updates ORDER BY update_id LIMIT ?",
    limit,
  );
  const out: StoredUpdate[] = [];
  for (const r of rows) {
    if (!isAllowed(r.type, allowed)) {
      run(sql, "DELETE FROM updates WHERE update_id = ?", r.update_id);
      continue;
    }
    out.push({ update_id: r.update_id, ...(JSON.parse(r.body) as UpdateBody) });
  }
  return out;
}

export function drop(sql: SqlStorage, updateIds: number[]): void {
  for (const id of updateIds) run(sql, "DELETE FROM updates WHERE update_id = ?", id);
}

export function dropAll(sql: SqlStorage): void {
  run(sql, "DELETE FROM updates");
}

export function pendingCount(sql: SqlStorage): number {
  return one<{ n: number }>(sql, "SELECT count(*) AS n FROM updates")?.n ?? 0;
}
