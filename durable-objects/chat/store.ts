/**
 * A chat's durable state in its object's SQLite: what the chat is, who is in
 * it (with read marks and roles), its messages (ids per chat, never reused),
 * send idempotency by random_id, reactions, per-user hidden messages and,
 * for channels, the channel's own pts log. Plain functions, one per query.
 */

import type { ChatKind } from "../../core/chat/keys.ts";
import type { MemberRow, MessageRow, MetaRow, Role } from "../../core/chat/rows.ts";
import type { MediaRef } from "../../protocol/model/media.ts";
import type { MessageAction, MessageEntity, MessageFwdHeader, ReplyMarkup } from "../../protocol/model/message.ts";
import type { MessageMedia } from "../../protocol/model/message-media.ts";
import { all, migrate, one, run } from "../sql.ts";

const chatSchema = [
  `CREATE TABLE IF NOT EXISTS meta (
     one INTEGER PRIMARY KEY CHECK (one = 1), key TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
     about TEXT NOT NULL DEFAULT '', megagroup INTEGER NOT NULL DEFAULT 0, public INTEGER NOT NULL DEFAULT 0,
     created INTEGER NOT NULL, pts INTEGER NOT NULL DEFAULT 0, max_read INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS members (
     user_id INTEGER PRIMARY KEY, role TEXT NOT NULL, joined INTEGER NOT NULL,
     read_inbox_max_id INTEGER NOT NULL DEFAULT 0, blocks_other INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS messages (
     id INTEGER PRIMARY KEY, from_id INTEGER NOT NULL, date INTEGER NOT NULL, text TEXT NOT NULL,
     entities TEXT, reply_to INTEGER, fwd TEXT, media TEXT, markup TEXT, action TEXT, edit_date INTEGER,
     pinned INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS random_ids (
     from_id INTEGER NOT NULL, random_id TEXT NOT NULL, msg_id INTEGER NOT NULL, PRIMARY KEY (from_id, random_id))
     WITHOUT ROWID`, // one row written per send, not a row and its key's index (billed alike)
  `CREATE TABLE IF NOT EXISTS reactions (
     msg_id INTEGER NOT NULL, user_id INTEGER NOT NULL, reaction TEXT NOT NULL, at INTEGER NOT NULL,
     PRIMARY KEY (msg_id, user_id, reaction))`,
  "CREATE TABLE IF NOT EXISTS hidden (user_id INTEGER NOT NULL, msg_id INTEGER NOT NULL, PRIMARY KEY (user_id, msg_id))",
  "CREATE TABLE IF NOT EXISTS channel_log (pts INTEGER PRIMARY KEY, body TEXT NOT NULL)",
  // Admins found without reading every member; partial, so a plain member's row writes no index entry.
  "CREATE INDEX IF NOT EXISTS members_staff ON members (user_id) WHERE role != 'member'",
  // The member count kept as members come and go: count(*) would read every member row (100,000 at a
  // join of a big channel); triggers keep it right through every insert, delete and rolled-back transaction.
  "CREATE TABLE IF NOT EXISTS member_total (one INTEGER PRIMARY KEY CHECK (one = 1), n INTEGER NOT NULL)",
  `CREATE TRIGGER IF NOT EXISTS member_joined AFTER INSERT ON members
     BEGIN UPDATE member_total SET n = n + 1; END`,
  `CREATE TRIGGER IF NOT EXISTS member_left AFTER DELETE ON members
     BEGIN UPDATE member_total SET n = n - 1; END`,
];

export type { MemberRow, MessageRow, MetaRow, Role };

/** What a new message carries, already validated. */
export interface NewMessage {
  text: string;
  entities?: MessageEntity[];
  reply_to?: number;
  fwd?: MessageFwdHeader;
  media?: MessageMedia;
  markup?: ReplyMarkup;
  action?: MessageAction;
  /** The forum topic it is posted in (the column topic-store.ts adds). */
  topic_id?: number;
}

export function initStore(sql: SqlStorage): void {
  migrate(sql, chatSchema);
  // Once per chat: a new chat starts at 0; one made before the count was kept counts its members once.
  if (!one(sql, "SELECT n FROM member_total"))
    run(sql, "INSERT INTO member_total (one, n) SELECT 1, count(*) FROM members");
}

export const meta = (sql: SqlStorage) => one<MetaRow>(sql, "SELECT * FROM meta");

export function createMeta(
  sql: SqlStorage,
  m: { key: string; kind: ChatKind; title: string; about?: string; megagroup?: boolean; public?: boolean },
): void {
  run(
    sql,
    "INSERT INTO meta (one, key, kind, title, about, megagroup, public, created) VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
    m.key,
    m.kind,
    m.title,
    m.about ?? "",
    m.megagroup ? 1 : 0,
    m.public ? 1 : 0,
    unixNow(),
  );
}

export const setTitle = (sql: SqlStorage, title: string) => run(sql, "UPDATE meta SET title = ?", title);
export const setAbout = (sql: SqlStorage, about: string) => run(sql, "UPDATE meta SET about = ?", about);

/** Named, not `*`: the members table also holds columns of other modules (member-kinds.ts). */
const MEMBER_COLUMNS = "user_id, role, joined, read_inbox_max_id, blocks_other";

export const member = (sql: SqlStorage, userId: number) =>
  one<MemberRow>(sql, `SELECT ${MEMBER_COLUMNS} FROM members WHERE user_id = ?`, userId);
export const members = (sql: SqlStorage) =>
  all<MemberRow>(sql, `SELECT ${MEMBER_COLUMNS} FROM members ORDER BY user_id`);
export const memberIds = (sql: SqlStorage) => members(sql).map((m) => m.user_id);
export const memberCount = (sql: SqlStorage) => one<{ n: number }>(sql, "SELECT n FROM member_total")?.n ?? 0;
/** The creator and admins, by id: through the partial index, so as many rows read as there are admins. */
export const staff = (sql: SqlStorage) =>
  all<MemberRow>(sql, `SELECT ${MEMBER_COLUMNS} FROM members WHERE role != 'member' ORDER BY user_id`);
/** Members by id from `offset`: rows read grow with offset + limit, not with the chat. */
export const memberPage = (sql: SqlStorage, offset: number, limit: number) =>
  all<MemberRow>(sql, `SELECT ${MEMBER_COLUMNS} FROM members ORDER BY user_id LIMIT ? OFFSET ?`, limit, offset);
/** Which of these users are members, as rows (ascending). */
export const membersAmong = (sql: SqlStorage, ids: number[]) =>
  all<MemberRow>(
    sql,
    `SELECT ${MEMBER_COLUMNS} FROM members WHERE user_id IN (SELECT value FROM json_each(?)) ORDER BY user_id`,
    JSON.stringify(ids),
  );
/**
 * Adds a member. Joining a supergroup or channel reads its history so far, as on Telegram: the dialog starts
 * with nothing unread (and no unread count over a long history is counted again at each dialog list).
 */
export function addMember(sql: SqlStorage, userId: number, role: Role): boolean {
  return (
    run(
      sql,
      `INSERT OR IGNORE INTO members (user_id, role, joined, read_inbox_max_id) VALUES (?, ?, ?,
         CASE WHEN (SELECT kind FROM meta) = 'channel' THEN (SELECT coalesce(max(id), 0) FROM messages) ELSE 0 END)`,
      userId,
      role,
      unixNow(),
    ) > 0
  );
}
export const removeMember = (sql: SqlStorage, userId: number) =>
  run(sql, "DELETE FROM members WHERE user_id = ?", userId) > 0;
export const setRole = (sql: SqlStorage, userId: number, role: Role) =>
  run(sql, "UPDATE members SET role = ? WHERE user_id = ? AND role != 'creator'", role, userId);
export const setBlocksOther = (sql: SqlStorage, userId: number, blocks: boolean) =>
  run(sql, "UPDATE members SET blocks_other = ? WHERE user_id = ?", blocks ? 1 : 0, userId);

/** Appends a message with the next id; the caller runs this inside a transaction. */
export function insertMessage(sql: SqlStorage, fromId: number, m: NewMessage): MessageRow {
  return one<MessageRow>(
    sql,
    `INSERT INTO messages (id, from_id, date, text, entities, reply_to, fwd, media, markup, action, topic_id)
     VALUES ((SELECT coalesce(max(id), 0) + 1 FROM messages), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    fromId,
    unixNow(),
    m.text,
    json(m.entities),
    m.reply_to ?? null,
    json(m.fwd),
    json(m.media),
    json(m.markup),
    json(m.action),
    m.topic_id ?? null,
  ) as MessageRow;
}

export const message = (sql: SqlStorage, id: number) =>
  one<MessageRow>(sql, "SELECT * FROM messages WHERE id = ? AND deleted = 0", id);

export const topMessage = (sql: SqlStorage) =>
  one<MessageRow>(sql, "SELECT * FROM messages WHERE deleted = 0 ORDER BY id DESC LIMIT 1");

/** A message the user can see (not deleted, not hidden by them). */
export const visibleMessage = (sql: SqlStorage, viewer: number, id: number) =>
  one<MessageRow>(
    sql,
    "SELECT * FROM messages WHERE id = ? AND deleted = 0 AND id NOT IN (SELECT msg_id FROM hidden WHERE user_id = ?)",
    id,
    viewer,
  );

export function editMessage(
  sql: SqlStorage,
  id: number,
  patch: { text?: string; entities?: MessageEntity[]; markup?: ReplyMarkup | null; media?: MediaRef },
): void {
  const row = message(sql, id) as MessageRow;
  run(
    sql,
    "UPDATE messages SET text = ?, entities = ?, markup = ?, media = ?, edit_date = ? WHERE id = ?",
    patch.text ?? row.text,
    patch.text !== undefined ? json(patch.entities) : patch.entities ? json(patch.entities) : row.entities,
    patch.markup === undefined ? row.markup : json(patch.markup ?? undefined),
    patch.media ? json(patch.media) : row.media,
    unixNow(),
    id,
  );
}

/** Replaces a message's media as it is (a live location moving), marking the message edited. */
export const setMedia = (sql: SqlStorage, id: number, media: MessageMedia) =>
  run(sql, "UPDATE messages SET media = ?, edit_date = ? WHERE id = ?", json(media), unixNow(), id);

export const deleteForEveryone = (sql: SqlStorage, id: number) =>
  run(
    sql,
    "UPDATE messages SET deleted = 1, text = '', entities = NULL, media = NULL, markup = NULL, fwd = NULL WHERE id = ?",
    id,
  );
export const hideFor = (sql: SqlStorage, userId: number, id: number) =>
  run(sql, "INSERT OR IGNORE INTO hidden (user_id, msg_id) VALUES (?, ?)", userId, id);
export const setPinned = (sql: SqlStorage, id: number, pinned: boolean) =>
  run(sql, "UPDATE messages SET pinned = ? WHERE id = ?", pinned ? 1 : 0, id);

export const sentByRandomId = (sql: SqlStorage, fromId: number, randomId: string) =>
  one<{ msg_id: number }>(sql, "SELECT msg_id FROM random_ids WHERE from_id = ? AND random_id = ?", fromId, randomId)
    ?.msg_id ?? null;
export const rememberRandomId = (sql: SqlStorage, fromId: number, randomId: string, msgId: number) =>
  run(sql, "INSERT INTO random_ids (from_id, random_id, msg_id) VALUES (?, ?, ?)", fromId, randomId, msgId);

export function setReactions(sql: SqlStorage, msgId: number, userId: number, reactions: string[]): void {
  run(sql, "DELETE FROM reactions WHERE msg_id = ? AND user_id = ?", msgId, userId);
  const now = Date.now();
  for (const r of new Set(reactions))
    run(sql, "INSERT INTO reactions (msg_id, user_id, reaction, at) VALUES (?, ?, ?, ?)", msgId, userId, r, now);
}

/** The messages (newest reaction first, at most `limit`) a user has reacted to. */
export const reactedBy = (sql: SqlStorage, userId: number, limit: number) =>
  all<{ msg_id: number }>(
    sql,
    "SELECT msg_id FROM reactions WHERE user_id = ? GROUP BY msg_id ORDER BY MAX(at) DESC LIMIT ?",
    userId,
    limit,
  ).map((r) => r.msg_id);

export const reactionRows = (sql: SqlStorage, msgIds: number[]) =>
  msgIds.length === 0
    ? []
    : all<{ msg_id: number; user_id: number; reaction: string; at: number }>(
        sql,
        `SELECT * FROM reactions WHERE msg_id IN (SELECT value FROM json_each(?)) ORDER BY at`,
        JSON.stringify(msgIds),
      );

export interface HistoryQuery {
  offset_id: number;
  add_offset: number;
  limit: number;
  max_id: number;
  min_id: number;
}

/** Telegram's getHistory window, newest first. */
export function history(sql: SqlStorage, viewer: number, q: HistoryQuery): MessageRow[] {
  const upper = q.offset_id > 0 ? q.offset_id : Number.MAX_SAFE_INTEGER;
  const maxId = q.max_id > 0 ? q.max_id : Number.MAX_SAFE_INTEGER;
  const visible = `deleted = 0 AND id < ? AND id > ? AND id NOT IN (SELECT msg_id FROM hidden WHERE user_id = ?)`;
  if (q.add_offset >= 0) {
    return all<MessageRow>(
      sql,
      `SELECT * FROM messages WHERE ${visible} AND id < ? ORDER BY id DESC LIMIT ? OFFSET ?`,
      maxId,
      q.min_id,
      viewer,
      upper,
      q.limit,
      q.add_offset,
    );
  }
  // A negative add_offset reaches -add_offset messages newer than offset_id (ids ≥ offset_id), then older ones.
  const newer = all<MessageRow>(
    sql,
    `SELECT * FROM messages WHERE ${visible} AND id >= ? ORDER BY id ASC LIMIT ?`,
    maxId,
    q.min_id,
    viewer,
    q.offset_id,
    -q.add_offset,
  ).reverse();
  const older = all<MessageRow>(
    sql,
    `SELECT * FROM messages WHERE ${visible} AND id < ? ORDER BY id DESC LIMIT ?`,
    maxId,
    q.min_id,
    viewer,
    upper,
    Math.max(0, q.limit + q.add_offset),
  );
  return [...newer, ...older].slice(0, q.limit);
}

export const visibleCount = (sql: SqlStorage, viewer: number) =>
  one<{ n: number }>(
    sql,
    "SELECT count(*) AS n FROM messages WHERE deleted = 0 AND id NOT IN (SELECT msg_id FROM hidden WHERE user_id = ?)",
    viewer,
  )?.n ?? 0;

export function search(
  sql: SqlStorage,
  viewer: number,
  q: string,
  offsetId: number,
  limit: number,
  pinnedOnly = false,
): MessageRow[] {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return all<MessageRow>(
    sql,
    `SELECT * FROM messages WHERE deleted = 0 AND text LIKE ? ESCAPE '\\' AND id < ?${pinnedOnly ? " AND pinned = 1" : ""}
       AND id NOT IN (SELECT msg_id FROM hidden WHERE user_id = ?) ORDER BY id DESC LIMIT ?`,
    pattern,
    offsetId > 0 ? offsetId : Number.MAX_SAFE_INTEGER,
    viewer,
    limit,
  );
}

/** Messages after `maxId` that `viewer` did not send: what stays unread. */
export const unreadAfter = (sql: SqlStorage, viewer: number, maxId: number) =>
  one<{ n: number }>(
    sql,
    "SELECT count(*) AS n FROM messages WHERE deleted = 0 AND id > ? AND from_id != ? AND action IS NULL",
    maxId,
    viewer,
  )?.n ?? 0;

export const setReadInbox = (sql: SqlStorage, userId: number, maxId: number) =>
  run(
    sql,
    "UPDATE members SET read_inbox_max_id = ? WHERE user_id = ? AND read_inbox_max_id < ?",
    maxId,
    userId,
    maxId,
  );

/** The highest id any member but `userId` has read: `userId`'s outbox read mark. */
// ------------------------------------------------------------ channel pts log

export function appendChannelLog(sql: SqlStorage, body: (pts: number) => unknown): unknown {
  const pts = ((meta(sql) as MetaRow).pts ?? 0) + 1;
  const update = body(pts);
  run(sql, "UPDATE meta SET pts = ?", pts);
  run(sql, "INSERT INTO channel_log (pts, body) VALUES (?, ?)", pts, JSON.stringify(update));
  return update;
}

export const channelLogAfter = (sql: SqlStorage, pts: number, limit: number) =>
  all<{ pts: number; body: string }>(
    sql,
    "SELECT * FROM channel_log WHERE pts > ? ORDER BY pts LIMIT ?",
    pts,
    limit,
  ).map((r) => JSON.parse(r.body) as unknown);

export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

function json(v: unknown): string | null {
  return v === undefined ? null : JSON.stringify(v);
}

/** Who wrote the live messages in (after, upTo]: the people a read of that range tells "read". */
export function authorsBetween(sql: SqlStorage, after: number, upTo: number): number[] {
  return all<{ from_id: number }>(
    sql,
    "SELECT DISTINCT from_id FROM messages WHERE id > ? AND id <= ? AND deleted = 0",
    after,
    upTo,
  ).map((r) => r.from_id);
}
