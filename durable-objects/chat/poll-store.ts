/**
 * Where a chat keeps its polls (core/chat/polls.ts has the rules): the poll with its quiz answers
 * and solution, and one row per (voter, option). Plain functions; the chat calls them inside the
 * transaction that writes the message or the vote.
 */
import {
  checkVote,
  closedBy,
  parseVotesOffset,
  resultsOf,
  type StoredPoll,
  votesOffset,
} from "../../core/chat/polls.ts";
import type { InputMediaPoll, MessageMediaPoll, Poll, PollResults } from "../../protocol/model/message-media.ts";
import { all, migrate, one, run } from "../sql.ts";
import { unixNow } from "./store.ts";

export type { StoredPoll };

const pollSchema = [
  `CREATE TABLE IF NOT EXISTS polls (
     msg_id INTEGER PRIMARY KEY, poll_id TEXT NOT NULL UNIQUE, author INTEGER NOT NULL, poll TEXT NOT NULL,
     correct TEXT NOT NULL DEFAULT '[]', solution TEXT, closed INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS poll_votes (
     msg_id INTEGER NOT NULL, user_id INTEGER NOT NULL, option TEXT NOT NULL, at INTEGER NOT NULL,
     PRIMARY KEY (msg_id, user_id, option))`,
];

export const initPolls = (sql: SqlStorage) => migrate(sql, pollSchema);

interface PollRow {
  msg_id: number;
  poll_id: string;
  author: number;
  poll: string;
  correct: string;
  solution: string | null;
  closed: number;
}

export function createPoll(sql: SqlStorage, msgId: number, author: number, poll: Poll, input: InputMediaPoll): void {
  run(
    sql,
    "INSERT INTO polls (msg_id, poll_id, author, poll, correct, solution, closed) VALUES (?, ?, ?, ?, ?, ?, ?)",
    msgId,
    poll.id,
    author,
    JSON.stringify(poll),
    JSON.stringify(input.correct_answers ?? []),
    input.solution ?? null,
    poll.closed ? 1 : 0,
  );
}

export function pollOf(sql: SqlStorage, msgId: number): StoredPoll | null {
  const row = one<PollRow>(sql, "SELECT * FROM polls WHERE msg_id = ?", msgId);
  if (!row) return null;
  return {
    msgId: row.msg_id,
    author: row.author,
    poll: closedBy(JSON.parse(row.poll) as Poll, row.closed === 1, unixNow()),
    correct: JSON.parse(row.correct) as string[],
    ...(row.solution ? { solution: row.solution } : {}),
  };
}

const votesOf = (sql: SqlStorage, msgId: number, userId: number) =>
  all<{ option: string }>(sql, "SELECT option FROM poll_votes WHERE msg_id = ? AND user_id = ?", msgId, userId).map(
    (r) => r.option,
  );

/** Records `userId`'s vote (options empty: retracts it), if core/chat/polls.ts checkVote allows it. */
export function vote(sql: SqlStorage, p: StoredPoll, userId: number, options: string[]): void {
  const chosen = checkVote(p, votesOf(sql, p.msgId, userId), options);
  run(sql, "DELETE FROM poll_votes WHERE msg_id = ? AND user_id = ?", p.msgId, userId);
  const now = Date.now();
  for (const o of chosen)
    run(sql, "INSERT INTO poll_votes (msg_id, user_id, option, at) VALUES (?, ?, ?, ?)", p.msgId, userId, o, now);
}

export function close(sql: SqlStorage, msgId: number): void {
  run(sql, "UPDATE polls SET closed = 1 WHERE msg_id = ?", msgId);
}

/** Results as `viewer` sees them; null gives the `min` form pushed to everyone alike. */
export function resultsFor(sql: SqlStorage, p: StoredPoll, viewer: number | null): PollResults {
  const counts = new Map(
    all<{ option: string; n: number }>(
      sql,
      "SELECT option, count(*) AS n FROM poll_votes WHERE msg_id = ? GROUP BY option",
      p.msgId,
    ).map((r) => [r.option, r.n]),
  );
  const total =
    one<{ n: number }>(sql, "SELECT count(DISTINCT user_id) AS n FROM poll_votes WHERE msg_id = ?", p.msgId)?.n ?? 0;
  const mine = viewer === null ? [] : votesOf(sql, p.msgId, viewer);
  return resultsOf(p, { counts, total, mine }, viewer);
}

/** Whether `userId` has a vote in the poll. */
export const hasVoted = (sql: SqlStorage, msgId: number, userId: number) => votesOf(sql, msgId, userId).length > 0;

/** The message media of a poll as `viewer` sees it. */
export function mediaFor(sql: SqlStorage, p: StoredPoll, viewer: number | null): MessageMediaPoll {
  return { _: "messageMediaPoll", poll: p.poll, results: resultsFor(sql, p, viewer) };
}

/** Open polls whose close date has passed (they read as closed already; the alarm makes it final and tells members). */
export const dueToClose = (sql: SqlStorage, nowSec: number) =>
  all<{ msg_id: number }>(
    sql,
    "SELECT msg_id FROM polls WHERE closed = 0 AND json_extract(poll, '$.close_date') <= ?",
    nowSec,
  ).map((r) => r.msg_id);

/** The earliest close date (unix seconds) of an open poll, or null. */
export const nextCloseDate = (sql: SqlStorage) =>
  one<{ d: number | null }>(sql, "SELECT min(json_extract(poll, '$.close_date')) AS d FROM polls WHERE closed = 0")
    ?.d ?? null;

/** Who voted for what in a public poll, newest first; `offset` (Telegram's next_offset) continues a listing. */
export function votes(
  sql: SqlStorage,
  msgId: number,
  opts: { option?: string | undefined; offset?: string | undefined; limit: number },
): { count: number; votes: { user_id: number; option: string; date: number }[]; next_offset?: string } {
  const cursor = parseVotesOffset(opts.offset);
  const option = opts.option ?? null;
  const count =
    one<{ n: number }>(
      sql,
      "SELECT count(*) AS n FROM poll_votes WHERE msg_id = ?1 AND (?2 IS NULL OR option = ?2)",
      msgId,
      option,
    )?.n ?? 0;
  const rows = all<{ user_id: number; option: string; at: number }>(
    sql,
    `SELECT user_id, option, at FROM poll_votes WHERE msg_id = ?1 AND (?2 IS NULL OR option = ?2)
       AND (?3 = 0 OR at < ?4 OR (at = ?4 AND (user_id > ?5 OR (user_id = ?5 AND option > ?6))))
     ORDER BY at DESC, user_id, option LIMIT ?7`,
    msgId,
    option,
    cursor ? 1 : 0,
    cursor?.at ?? 0,
    cursor?.user ?? 0,
    cursor?.option ?? "",
    opts.limit + 1,
  );
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    count,
    votes: page.map((r) => ({ user_id: r.user_id, option: r.option, date: Math.floor(r.at / 1000) })),
    ...(rows.length > opts.limit && last
      ? { next_offset: votesOffset({ at: last.at, user: last.user_id, option: last.option }) }
      : {}),
  };
}
