/** A user's cloud drafts, one per chat, in their UserObject's SQLite. */
import type { Peer } from "../protocol/model/peer.ts";
import type { DraftMessage } from "../protocol/model/update.ts";
import { all, migrate, run } from "./sql.ts";

/** Drafts kept per user; saving one more drops the oldest. */
export const DRAFTS_MAX = 500;

const schema = [
  `CREATE TABLE IF NOT EXISTS drafts (
     chat_key TEXT PRIMARY KEY, peer TEXT NOT NULL, message TEXT NOT NULL, date INTEGER NOT NULL, reply_to INTEGER)`,
];

export const initDrafts = (sql: SqlStorage) => migrate(sql, schema);

export function saveDraft(sql: SqlStorage, chatKey: string, peer: Peer, draft: DraftMessage | null): void {
  if (!draft) {
    run(sql, "DELETE FROM drafts WHERE chat_key = ?", chatKey);
    return;
  }
  run(
    sql,
    "INSERT OR REPLACE INTO drafts (chat_key, peer, message, date, reply_to) VALUES (?, ?, ?, ?, ?)",
    chatKey,
    JSON.stringify(peer),
    draft.message,
    draft.date,
    draft.reply_to_msg_id ?? null,
  );
  run(
    sql,
    "DELETE FROM drafts WHERE chat_key NOT IN (SELECT chat_key FROM drafts ORDER BY date DESC LIMIT ?)",
    DRAFTS_MAX,
  );
}

export function allDrafts(sql: SqlStorage): { peer: Peer; draft: DraftMessage }[] {
  return all<{ peer: string; message: string; date: number; reply_to: number | null }>(
    sql,
    "SELECT peer, message, date, reply_to FROM drafts ORDER BY date DESC",
  ).map((r) => ({
    peer: JSON.parse(r.peer) as Peer,
    draft: { message: r.message, date: r.date, ...(r.reply_to !== null ? { reply_to_msg_id: r.reply_to } : {}) },
  }));
}
