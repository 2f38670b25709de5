/**
 * Where a forum keeps its topics (core/chat/topics.ts has the rules): whether the supergroup is a
 * forum, one row per topic (General is id 1), and each message's topic in a column of `messages`.
 */
import type { StoredTopic } from "../../core/chat/topics.ts";
import { all, migrate, one, run } from "../sql.ts";

const topicSchema = [
  "CREATE TABLE IF NOT EXISTS forum (one INTEGER PRIMARY KEY CHECK (one = 1), enabled INTEGER NOT NULL)",
  `CREATE TABLE IF NOT EXISTS topics (
     id INTEGER PRIMARY KEY, title TEXT NOT NULL, icon_color INTEGER NOT NULL, icon_emoji_id TEXT,
     creator INTEGER NOT NULL, date INTEGER NOT NULL, closed INTEGER NOT NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0)`,
];

/** Creates the tables, and the messages' topic column in chats made before topics existed. */
export function initTopics(sql: SqlStorage): void {
  migrate(sql, topicSchema);
  const cols = all<{ name: string }>(sql, "PRAGMA table_info(messages)");
  if (!cols.some((c) => c.name === "topic_id")) sql.exec("ALTER TABLE messages ADD COLUMN topic_id INTEGER");
}

export const isForum = (sql: SqlStorage) => one<{ enabled: number }>(sql, "SELECT enabled FROM forum")?.enabled === 1;

export const setForum = (sql: SqlStorage, enabled: boolean) =>
  run(
    sql,
    "INSERT INTO forum (one, enabled) VALUES (1, ?) ON CONFLICT (one) DO UPDATE SET enabled = excluded.enabled",
    enabled ? 1 : 0,
  );

interface TopicRow {
  id: number;
  title: string;
  icon_color: number;
  icon_emoji_id: string | null;
  creator: number;
  date: number;
  closed: number;
  hidden: number;
}

function topicOf(r: TopicRow): StoredTopic {
  return {
    id: r.id,
    title: r.title,
    iconColor: r.icon_color,
    ...(r.icon_emoji_id ? { iconEmojiId: r.icon_emoji_id } : {}),
    creator: r.creator,
    date: r.date,
    closed: r.closed === 1,
    hidden: r.hidden === 1,
  };
}

export function topic(sql: SqlStorage, id: number): StoredTopic | null {
  const r = one<TopicRow>(sql, "SELECT * FROM topics WHERE id = ?", id);
  return r ? topicOf(r) : null;
}

/** Topics, newest first, General last. */
export const topics = (sql: SqlStorage, limit: number) =>
  all<TopicRow>(sql, "SELECT * FROM topics ORDER BY id = 1, id DESC LIMIT ?", limit).map(topicOf);

export const topicCount = (sql: SqlStorage) => one<{ n: number }>(sql, "SELECT count(*) AS n FROM topics")?.n ?? 0;

/** Writes a topic as it now is (new or changed). */
export function saveTopic(sql: SqlStorage, t: StoredTopic): void {
  run(
    sql,
    `INSERT INTO topics (id, title, icon_color, icon_emoji_id, creator, date, closed, hidden) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET title = excluded.title, icon_emoji_id = excluded.icon_emoji_id,
       closed = excluded.closed, hidden = excluded.hidden`,
    t.id,
    t.title,
    t.iconColor,
    t.iconEmojiId ?? null,
    t.creator,
    t.date,
    t.closed ? 1 : 0,
    t.hidden ? 1 : 0,
  );
}

export const deleteTopic = (sql: SqlStorage, id: number) => run(sql, "DELETE FROM topics WHERE id = ?", id);

/** The live messages of a topic, its creation message included. */
export const topicMessageIds = (sql: SqlStorage, id: number) =>
  all<{ id: number }>(
    sql,
    "SELECT id FROM messages WHERE (topic_id = ? OR id = ?) AND deleted = 0 ORDER BY id",
    id,
    id,
  ).map((r) => r.id);

/** Pinned messages: all of them (topic undefined), General's (1) or one topic's. */
export function pinnedIds(sql: SqlStorage, topicId?: number): number[] {
  const where = topicId === undefined ? "" : topicId === 1 ? " AND topic_id IS NULL" : ` AND (topic_id = ? OR id = ?)`;
  const params = topicId === undefined || topicId === 1 ? [] : [topicId, topicId];
  return all<{ id: number }>(sql, `SELECT id FROM messages WHERE pinned = 1 AND deleted = 0${where}`, ...params).map(
    (r) => r.id,
  );
}

export const unpin = (sql: SqlStorage, ids: number[]) =>
  run(sql, "UPDATE messages SET pinned = 0 WHERE id IN (SELECT value FROM json_each(?))", JSON.stringify(ids));
