/**
 * A user's update log: every change that affects the user gets the next
 * `pts` here, exactly once (a chat's events carry its sequence; a redelivered
 * one returns its logged update instead of appending again, chat-marks.ts).
 * Also the user's dialog list, kept current by the same events, and
 * getDifference over the log.
 */
import type { Dialog } from "../protocol/model/chat.ts";
import type { Peer } from "../protocol/model/peer.ts";
import type { Update } from "../protocol/model/update.ts";
import { DIFFERENCE_TOO_LONG, type UpdatesState } from "../protocol/rpc/updates.ts";
import { ChatMarks, initChatMarks, KEEP_MARK, keepMarkOf, seedMarksFromLog } from "./chat-marks.ts";
import { initMessageBoxes, withBoxIds } from "./message-boxes.ts";
import { all, migrate, one, run } from "./sql.ts";

type WithoutPts<T> = T extends unknown ? Omit<T, "pts" | "pts_count"> : never;
/** An update before it is placed in a sequence. */
export type UpdateBody = WithoutPts<Extract<Update, { pts_count: number }>>;

/** How an event moves the recipient's dialog for that chat. */
export interface DialogEffect {
  top?: { id: number; date: number };
  /** A new message from someone else: one more unread. */
  incoming?: boolean;
  readInbox?: { max_id: number; unread: number };
  readOutbox?: number;
  /** The user left or was removed: the dialog goes away. */
  leave?: boolean;
}

/** One change in one chat, addressed to one user. `id` is unique per chat event (chat key + sequence). */
export interface ChatEvent {
  id: string;
  chatKey: string;
  /**
   * The event's place in its chat's fan-out order, which reaches each member ascending: an event at or
   * below the chat's mark in this log was logged before. Events without one (the user's own settings
   * changes, made here) are never redelivered.
   */
  seq?: number;
  peer: Peer;
  update: UpdateBody;
  dialog?: DialogEffect;
  /** A device of this user that already has the update (it sent the message): logged, not pushed there. */
  senderDevice?: string;
}

const updateLogSchema = [
  // event_id is not UNIQUE: its index entry was a row written per member per message; redeliveries are
  // recognised by the chat's mark (chat-marks.ts), and the id only finds a redelivered event's update.
  `CREATE TABLE IF NOT EXISTS update_log (
     pts INTEGER PRIMARY KEY, event_id TEXT NOT NULL, date INTEGER NOT NULL, body TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS dialogs (
     chat_key TEXT PRIMARY KEY, peer TEXT NOT NULL, top_message INTEGER NOT NULL DEFAULT 0,
     top_date INTEGER NOT NULL DEFAULT 0, top_pts INTEGER NOT NULL DEFAULT 0, read_inbox_max_id INTEGER NOT NULL DEFAULT 0,
     read_outbox_max_id INTEGER NOT NULL DEFAULT 0, unread_count INTEGER NOT NULL DEFAULT 0)`,
  // No index on top_date: every new message moves it, and Cloudflare bills each index entry as a row
  // written (1 more per member per message); a dialogs page reads the user's dialogs instead (reads
  // cost a thousandth of a write). Objects made with the index drop it.
  "DROP INDEX IF EXISTS dialogs_by_date",
];

export interface DialogRow {
  chat_key: string;
  peer: string;
  top_message: number;
  top_date: number;
  read_inbox_max_id: number;
  read_outbox_max_id: number;
  unread_count: number;
}

export function initUpdateLog(sql: SqlStorage): void {
  migrate(sql, updateLogSchema);
  initChatMarks(sql);
  initMessageBoxes(sql);
  dropEventIdIndex(sql);
}

/** Objects made with `event_id UNIQUE` lose the index (a table rebuild) and take their marks from the log. */
function dropEventIdIndex(sql: SqlStorage): void {
  const made = one<{ sql: string }>(sql, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'update_log'");
  if (!made?.sql.includes("UNIQUE")) return;
  seedMarksFromLog(sql);
  sql.exec(`CREATE TABLE update_log_rebuilt (
     pts INTEGER PRIMARY KEY, event_id TEXT NOT NULL, date INTEGER NOT NULL, body TEXT NOT NULL)`);
  sql.exec("INSERT INTO update_log_rebuilt SELECT pts, event_id, date, body FROM update_log");
  sql.exec("DROP TABLE update_log");
  sql.exec("ALTER TABLE update_log_rebuilt RENAME TO update_log");
}

export function currentState(sql: SqlStorage): UpdatesState {
  const row = one<{ pts: number; date: number }>(sql, "SELECT pts, date FROM update_log ORDER BY pts DESC LIMIT 1");
  return { pts: row?.pts ?? 0, date: row?.date ?? Math.floor(Date.now() / 1000) };
}

/** An event's place in the log; `update` is null for a redelivered event the log has since trimmed. */
export type Logged =
  | { update: Update; fresh: true; senderDevice?: string }
  | { update: Update | null; fresh: false; senderDevice?: undefined };

/**
 * Appends the events not seen before, in order; the caller runs it in one
 * transaction. Returns, per event, its logged update and whether it is new.
 * `newestPts` is the log's newest pts when the caller knows it (saves a read).
 */
export function appendEvents(sql: SqlStorage, events: ChatEvent[], newestPts?: number): Logged[] {
  let pts = newestPts ?? currentState(sql).pts;
  const date = Math.floor(Date.now() / 1000);
  const marks = new ChatMarks(sql);
  const logged = events.map((e): Logged => {
    if (e.seq !== undefined && e.seq <= marks.of(e.chatKey)) return { update: loggedUpdate(sql, e.id), fresh: false };
    const update = withBoxIds(sql, e.chatKey, { ...e.update, pts: pts + 1, pts_count: 1 } as Update);
    pts++;
    run(
      sql,
      "INSERT INTO update_log (pts, event_id, date, body) VALUES (?, ?, ?, ?)",
      pts,
      e.id,
      date,
      JSON.stringify(update),
    );
    const carried = e.dialog ? applyDialogEffect(sql, e.chatKey, e.peer, e.dialog, pts, e.seq ?? 0) : false;
    if (e.seq !== undefined) marks.advance(e.chatKey, e.seq, carried);
    if (pts % TRIM_EVERY === 0) trimLog(sql, pts);
    return e.senderDevice ? { update, fresh: true, senderDevice: e.senderDevice } : { update, fresh: true };
  });
  marks.save();
  return logged;
}

/** A redelivery is rare and of recent events: the log is read from its newest entry back to the event. */
function loggedUpdate(sql: SqlStorage, eventId: string): Update | null {
  const row = one<{ body: string }>(
    sql,
    "SELECT body FROM update_log WHERE event_id = ? ORDER BY pts DESC LIMIT 1",
    eventId,
  );
  return row ? (JSON.parse(row.body) as Update) : null;
}

/** How often (in pts) the log is trimmed. */
const TRIM_EVERY = 500;

/**
 * Keeps the newest DIFFERENCE_TOO_LONG updates: a device further behind gets differenceTooLong
 * anyway (and reloads its dialogs), so older rows would only grow the object forever.
 */
function trimLog(sql: SqlStorage, pts: number): void {
  run(sql, "DELETE FROM update_log WHERE pts <= ?", pts - DIFFERENCE_TOO_LONG);
}

/**
 * `pts` orders dialogs whose last messages share a second. `seq` (the event's chat sequence, 0 for
 * none) rides in every statement that writes the dialog row; returns whether one did (the row then
 * holds the chat's mark, chat-marks.ts).
 */
function applyDialogEffect(sql: SqlStorage, chatKey: string, peer: Peer, d: DialogEffect, pts: number, seq: number) {
  if (d.leave) {
    if (seq === 0) keepMarkOf(sql, chatKey); // else the leave's own, higher mark goes to chat_marks
    run(sql, "DELETE FROM dialogs WHERE chat_key = ?", chatKey);
    return false;
  }
  let written = 0;
  if (d.top)
    // A new message, in one statement: the dialog is created or its top moves (never back), and an
    // incoming one counts as unread. (SET reads the row as it was before the update.)
    written += run(
      sql,
      `INSERT INTO dialogs (chat_key, peer, top_message, top_date, top_pts, unread_count, chat_seq) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (chat_key) DO UPDATE SET
         top_date = CASE WHEN top_message <= excluded.top_message THEN excluded.top_date ELSE top_date END,
         top_pts = CASE WHEN top_message <= excluded.top_message THEN excluded.top_pts ELSE top_pts END,
         top_message = max(top_message, excluded.top_message),
         unread_count = unread_count + excluded.unread_count,
         chat_seq = max(chat_seq, excluded.chat_seq)`,
      chatKey,
      JSON.stringify(peer),
      d.top.id,
      d.top.date,
      pts,
      d.incoming ? 1 : 0,
      seq,
    );
  else {
    written += run(
      sql,
      "INSERT OR IGNORE INTO dialogs (chat_key, peer, chat_seq) VALUES (?, ?, ?)",
      chatKey,
      JSON.stringify(peer),
      seq,
    );
    if (d.incoming)
      written += run(
        sql,
        `UPDATE dialogs SET unread_count = unread_count + 1, ${KEEP_MARK} WHERE chat_key = ?`,
        seq,
        chatKey,
      );
  }
  if (d.readInbox)
    written += run(
      sql,
      `UPDATE dialogs SET read_inbox_max_id = max(read_inbox_max_id, ?), unread_count = ?, ${KEEP_MARK} WHERE chat_key = ?`,
      d.readInbox.max_id,
      d.readInbox.unread,
      seq,
      chatKey,
    );
  if (d.readOutbox !== undefined)
    written += run(
      sql,
      `UPDATE dialogs SET read_outbox_max_id = max(read_outbox_max_id, ?), ${KEEP_MARK} WHERE chat_key = ?`,
      d.readOutbox,
      seq,
      chatKey,
    );
  return written > 0;
}

export type Difference =
  | { _: "updates.differenceEmpty"; state: UpdatesState }
  | { _: "updates.difference"; updates: Update[]; state: UpdatesState }
  | { _: "updates.differenceSlice"; updates: Update[]; intermediate_state: UpdatesState }
  | { _: "updates.differenceTooLong"; state: UpdatesState };

/** Exactly the updates after `fromPts`, in order, at most `limit` of them. */
export function difference(sql: SqlStorage, fromPts: number, limit: number): Difference {
  const state = currentState(sql);
  if (fromPts >= state.pts) return { _: "updates.differenceEmpty", state };
  if (state.pts - fromPts > DIFFERENCE_TOO_LONG) return { _: "updates.differenceTooLong", state };
  const rows = all<{ pts: number; date: number; body: string }>(
    sql,
    "SELECT pts, date, body FROM update_log WHERE pts > ? ORDER BY pts LIMIT ?",
    fromPts,
    limit,
  );
  const updates = rows.map((r) => JSON.parse(r.body) as Update);
  const last = rows[rows.length - 1];
  if (last && last.pts < state.pts)
    return { _: "updates.differenceSlice", updates, intermediate_state: { pts: last.pts, date: last.date } };
  return { _: "updates.difference", updates, state };
}

// ------------------------------------------------------------ dialogs

export interface DialogEntry {
  chatKey: string;
  dialog: Dialog;
  topDate: number;
}

export const dialogOf = (r: DialogRow): DialogEntry => ({
  chatKey: r.chat_key,
  topDate: r.top_date,
  dialog: {
    peer: JSON.parse(r.peer) as Peer,
    top_message: r.top_message,
    read_inbox_max_id: r.read_inbox_max_id,
    read_outbox_max_id: r.read_outbox_max_id,
    unread_count: r.unread_count,
  },
});

/** Dialogs by last message, newest first, older than `offsetDate` when given. */
export function dialogsPage(sql: SqlStorage, offsetDate: number, limit: number): DialogEntry[] {
  return all<DialogRow>(
    sql,
    "SELECT * FROM dialogs WHERE ? = 0 OR top_date < ? ORDER BY top_date DESC, top_pts DESC, chat_key LIMIT ?",
    offsetDate,
    offsetDate,
    limit,
  ).map(dialogOf);
}

export const dialogKeys = (sql: SqlStorage, kind?: "private" | "chat" | "channel") =>
  all<{ chat_key: string }>(
    sql,
    "SELECT chat_key FROM dialogs WHERE ? IS NULL OR chat_key LIKE ? || ':%'",
    kind ?? null,
    kind ?? "",
  ).map((r) => r.chat_key);

/** Channels are not in the user's log: their dialog rows are refreshed from the channel itself. */
export function setChannelDialog(
  sql: SqlStorage,
  chatKey: string,
  peer: Peer,
  d: Omit<DialogRow, "chat_key" | "peer">,
): void {
  run(
    sql,
    `INSERT INTO dialogs (chat_key, peer, top_message, top_date, read_inbox_max_id, read_outbox_max_id, unread_count)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (chat_key) DO UPDATE SET top_message = excluded.top_message,
     top_date = excluded.top_date, read_inbox_max_id = excluded.read_inbox_max_id,
     read_outbox_max_id = excluded.read_outbox_max_id, unread_count = excluded.unread_count`,
    chatKey,
    JSON.stringify(peer),
    d.top_message,
    d.top_date,
    d.read_inbox_max_id,
    d.read_outbox_max_id,
    d.unread_count,
  );
}

export function removeDialog(sql: SqlStorage, chatKey: string): void {
  keepMarkOf(sql, chatKey);
  run(sql, "DELETE FROM dialogs WHERE chat_key = ?", chatKey);
}
