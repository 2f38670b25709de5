/**
 * Polls in a chat's SQLite: the poll (with its quiz answers and solution,
 * which viewers see only once they voted), one row per (voter, option), and
 * how results look to a viewer. Plain functions; the chat object calls them
 * inside the transaction that writes the message or the vote.
 */
import { Errors } from "../../protocol/errors.ts";
import type { InputMediaPoll, MessageMediaPoll, Poll, PollResults } from "../../protocol/model/message-media.ts";
import { all, one, run } from "../sql.ts";

export const pollSchema = [
  `CREATE TABLE IF NOT EXISTS polls (
     msg_id INTEGER PRIMARY KEY, poll_id TEXT NOT NULL UNIQUE, author INTEGER NOT NULL, poll TEXT NOT NULL,
     correct TEXT NOT NULL DEFAULT '[]', solution TEXT, closed INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS poll_votes (
     msg_id INTEGER NOT NULL, user_id INTEGER NOT NULL, option TEXT NOT NULL, at INTEGER NOT NULL,
     PRIMARY KEY (msg_id, user_id, option))`,
];

interface PollRow {
  msg_id: number;
  poll_id: string;
  author: number;
  poll: string;
  correct: string;
  solution: string | null;
  closed: number;
}

/** A stored poll, parsed. */
export interface StoredPoll {
  msgId: number;
  author: number;
  poll: Poll;
  correct: string[];
  solution?: string;
}

/** The poll a sent inputMediaPoll becomes (close_period turned into a close date). */
export function pollFrom(input: InputMediaPoll, id: string, nowSec: number): Poll {
  const p = input.poll;
  const closeDate = p.close_period !== undefined ? nowSec + p.close_period : p.close_date;
  return {
    id,
    question: p.question,
    answers: p.answers,
    ...(p.closed ? { closed: true } : {}),
    ...(p.public_voters ? { public_voters: true } : {}),
    ...(p.multiple_choice ? { multiple_choice: true } : {}),
    ...(p.quiz ? { quiz: true } : {}),
    // Regular polls allow changing a vote unless told otherwise; quizzes never do (Bot API defaults).
    ...((p.revoting ?? !p.quiz) ? { revoting: true } : {}),
    ...(closeDate !== undefined ? { close_date: closeDate } : {}),
  };
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
  const poll = JSON.parse(row.poll) as Poll;
  const closed = row.closed === 1 || (poll.close_date !== undefined && poll.close_date <= unixNow());
  return {
    msgId: row.msg_id,
    author: row.author,
    poll: closed ? { ...poll, closed: true } : poll,
    correct: JSON.parse(row.correct) as string[],
    ...(row.solution ? { solution: row.solution } : {}),
  };
}

const votesOf = (sql: SqlStorage, msgId: number, userId: number) =>
  all<{ option: string }>(sql, "SELECT option FROM poll_votes WHERE msg_id = ? AND user_id = ?", msgId, userId).map(
    (r) => r.option,
  );

/**
 * Records `userId`'s vote (options empty: retracts it). Refuses a closed poll, unknown or too many
 * options, and a changed vote where revoting is off (quizzes always).
 */
export function vote(sql: SqlStorage, p: StoredPoll, userId: number, options: string[]): void {
  if (p.poll.closed) throw Errors.badRequest("MESSAGE_POLL_CLOSED");
  const chosen = [...new Set(options)];
  if (chosen.some((o) => !p.poll.answers.some((a) => a.option === o))) throw Errors.badRequest("OPTION_INVALID");
  if (chosen.length > 1 && !p.poll.multiple_choice) throw Errors.badRequest("OPTIONS_TOO_MUCH");
  const before = votesOf(sql, p.msgId, userId);
  if (before.length > 0 && !p.poll.revoting) throw Errors.badRequest("REVOTE_NOT_ALLOWED");
  if (before.length === 0 && chosen.length === 0) throw Errors.badRequest("POLL_VOTE_REQUIRED");
  run(sql, "DELETE FROM poll_votes WHERE msg_id = ? AND user_id = ?", p.msgId, userId);
  const now = Date.now();
  for (const o of chosen)
    run(sql, "INSERT INTO poll_votes (msg_id, user_id, option, at) VALUES (?, ?, ?, ?)", p.msgId, userId, o, now);
}

export function close(sql: SqlStorage, msgId: number): void {
  run(sql, "UPDATE polls SET closed = 1 WHERE msg_id = ?", msgId);
}

/**
 * Results as `viewer` sees them; null gives the `min` form pushed to everyone alike. The correct
 * quiz answers and the solution show once the viewer voted, the poll closed, or to the author.
 */
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
  const reveal =
    viewer !== null && p.poll.quiz === true && (mine.length > 0 || p.poll.closed === true || viewer === p.author);
  return {
    ...(viewer === null ? { min: true } : {}),
    results: p.poll.answers.map((a) => ({
      option: a.option,
      voters: counts.get(a.option) ?? 0,
      ...(mine.includes(a.option) ? { chosen: true } : {}),
      ...(reveal && p.correct.includes(a.option) ? { correct: true } : {}),
    })),
    total_voters: total,
    ...(reveal && p.solution ? { solution: p.solution } : {}),
  };
}

/** The message media of a poll as `viewer` sees it. */
export function mediaFor(sql: SqlStorage, p: StoredPoll, viewer: number | null): MessageMediaPoll {
  return { _: "messageMediaPoll", poll: p.poll, results: resultsFor(sql, p, viewer) };
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
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
  // The cursor is the last row shown: (time, voter, option), in the listing's order.
  const m = /^(\d+):(\d+):([0-9A-Za-z_-]{1,16})$/.exec(opts.offset ?? "");
  const cursor = m ? { at: Number(m[1]), user: Number(m[2]), option: m[3] as string } : null;
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
    ...(rows.length > opts.limit && last ? { next_offset: `${last.at}:${last.user_id}:${last.option}` } : {}),
  };
}
