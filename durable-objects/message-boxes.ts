/**
 * A user's message box: Telegram numbers private-chat and basic-group messages per user (one sequence
 * across all of the user's chats), the core per chat. Each such message gets the user's next box id as
 * it enters the user's log; the pair is kept for good (a deleted message's id is never reused).
 */
import type { Update } from "../protocol/model/update.ts";
import { migrate, one } from "./sql.ts";

/**
 * box_id is the rowid, not AUTOINCREMENT (which writes sqlite_sequence too: a row billed per member per
 * message): rows are never deleted, so max + 1 never hands out an id again. Objects made with
 * AUTOINCREMENT keep it, which behaves the same.
 */
const boxSchema = [
  `CREATE TABLE IF NOT EXISTS message_boxes (
     box_id INTEGER PRIMARY KEY, chat_key TEXT NOT NULL, msg_id INTEGER NOT NULL)`,
  "CREATE UNIQUE INDEX IF NOT EXISTS message_boxes_by_chat ON message_boxes (chat_key, msg_id)",
];

export function initMessageBoxes(sql: SqlStorage): void {
  migrate(sql, boxSchema);
}

/** Chats whose messages are numbered per user (channels and supergroups keep their own ids, as in Telegram). */
export const isBoxed = (chatKey: string) => chatKey.startsWith("private:") || chatKey.startsWith("chat:");

/** The box id of a new message in the user's log (the one it got before, when it is delivered again). */
function boxNewMessage(sql: SqlStorage, chatKey: string, msgId: number): number {
  const added = one<{ box_id: number }>(
    sql,
    "INSERT INTO message_boxes (chat_key, msg_id) VALUES (?, ?) ON CONFLICT (chat_key, msg_id) DO NOTHING RETURNING box_id",
    chatKey,
    msgId,
  );
  return added?.box_id ?? (boxIdOf(sql, chatKey, msgId) as number);
}

const boxIdOf = (sql: SqlStorage, chatKey: string, msgId: number) =>
  one<{ box_id: number }>(sql, "SELECT box_id FROM message_boxes WHERE chat_key = ? AND msg_id = ?", chatKey, msgId)
    ?.box_id;

/** The box ids of these chat message ids (those the user has; others are left out). */
export function boxIds(sql: SqlStorage, chatKey: string, msgIds: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of new Set(msgIds)) {
    const box = boxIdOf(sql, chatKey, id);
    if (box !== undefined) out[id] = box;
  }
  return out;
}

/** The box id of the newest message the user has at or before this chat id ("read up to" marks). */
function floorBoxId(sql: SqlStorage, chatKey: string, msgId: number): number | undefined {
  return one<{ box_id: number }>(
    sql,
    "SELECT box_id FROM message_boxes WHERE chat_key = ? AND msg_id <= ? ORDER BY msg_id DESC LIMIT 1",
    chatKey,
    msgId,
  )?.box_id;
}

export interface BoxedMessage {
  box_id: number;
  chat_key: string;
  msg_id: number;
}

/** Which chats and messages these box ids name (unknown ids are left out). */
export function unbox(sql: SqlStorage, ids: number[]): BoxedMessage[] {
  return [...new Set(ids)].flatMap((id) => {
    const row = one<BoxedMessage>(sql, "SELECT box_id, chat_key, msg_id FROM message_boxes WHERE box_id = ?", id);
    return row ? [row] : [];
  });
}

/** Telegram's history bounds, given in box ids, as the chat's own ids (0: no bound). */
export interface HistoryBounds {
  /** Messages with id < offset_id. */
  offset_id: number;
  /** Messages with id < max_id. */
  max_id: number;
  /** Messages with id > min_id. */
  min_id: number;
}

/**
 * Box ids and a chat's ids grow together, so "box id < b" is "chat id < the chat's first message whose
 * box id is ≥ b" (no bound when there is none), and "box id > b" is "chat id > its last message whose
 * box id is ≤ b".
 */
export function historyBounds(sql: SqlStorage, chatKey: string, b: HistoryBounds): HistoryBounds {
  const below = (box: number) =>
    box <= 0
      ? 0
      : (one<{ m: number | null }>(
          sql,
          "SELECT min(msg_id) AS m FROM message_boxes WHERE chat_key = ? AND box_id >= ?",
          chatKey,
          box,
        )?.m ?? 0);
  const above = (box: number) =>
    box <= 0
      ? 0
      : (one<{ m: number | null }>(
          sql,
          "SELECT max(msg_id) AS m FROM message_boxes WHERE chat_key = ? AND box_id <= ?",
          chatKey,
          box,
        )?.m ?? 0);
  return { offset_id: below(b.offset_id), max_id: below(b.max_id), min_id: above(b.min_id) };
}

/** "Read up to box b" as the chat's id: its last message whose box id is ≤ b (0 when none). */
export function readBound(sql: SqlStorage, chatKey: string, box: number): number {
  return historyBounds(sql, chatKey, { offset_id: 0, max_id: 0, min_id: box }).min_id;
}

/**
 * The update as logged for this user: a new message gets its box id, and every chat message id the
 * update names is given its box id in `box_ids` (a read mark: the newest message the user has up to it).
 */
export function withBoxIds(sql: SqlStorage, chatKey: string, update: Update): Update {
  if (!isBoxed(chatKey) || !("pts_count" in update)) return update;
  const ids: Record<string, number> = {};
  const add = (msgIds: number[]) => Object.assign(ids, boxIds(sql, chatKey, msgIds));
  switch (update._) {
    case "updateNewMessage":
      ids[update.message.id] = boxNewMessage(sql, chatKey, update.message.id);
      if (update.message.reply_to) add([update.message.reply_to.reply_to_msg_id]);
      break;
    case "updateEditMessage":
      add([update.message.id, ...(update.message.reply_to ? [update.message.reply_to.reply_to_msg_id] : [])]);
      break;
    case "updateDeleteMessages":
    case "updatePinnedMessages":
      add(update.messages);
      break;
    case "updateMessageReactions":
      add([update.msg_id]);
      break;
    case "updateReadHistoryInbox":
    case "updateReadHistoryOutbox": {
      const box = floorBoxId(sql, chatKey, update.max_id);
      if (box !== undefined) ids[update.max_id] = box;
      break;
    }
    default:
      return update;
  }
  return { ...update, box_ids: ids } as Update;
}
