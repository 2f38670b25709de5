/**
 * Poll rules: the poll a sent inputMediaPoll becomes, which votes are allowed, how results look to
 * a viewer (quiz answers and the solution only once they voted, the poll closed, or to the author),
 * and the cursor of a voters listing. Where polls and votes are kept: durable-objects/chat/poll-store.ts.
 */
import { Errors } from "../../protocol/errors.ts";
import type { InputMediaPoll, Poll, PollResults } from "../../protocol/model/message-media.ts";

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

/** A poll whose close date passed reads as closed, whether or not the alarm has made it final yet. */
export function closedBy(poll: Poll, closedFlag: boolean, nowSec: number): Poll {
  const closed = closedFlag || (poll.close_date !== undefined && poll.close_date <= nowSec);
  return closed ? { ...poll, closed: true } : poll;
}

/**
 * The options a vote chooses (empty: retracts it), given the voter's earlier choice. Refuses a
 * closed poll, unknown or too many options, and a changed vote where revoting is off (quizzes always).
 */
export function checkVote(p: StoredPoll, before: string[], options: string[]): string[] {
  if (p.poll.closed) throw Errors.badRequest("MESSAGE_POLL_CLOSED");
  const chosen = [...new Set(options)];
  if (chosen.some((o) => !p.poll.answers.some((a) => a.option === o))) throw Errors.badRequest("OPTION_INVALID");
  if (chosen.length > 1 && !p.poll.multiple_choice) throw Errors.badRequest("OPTIONS_TOO_MUCH");
  if (before.length > 0 && !p.poll.revoting) throw Errors.badRequest("REVOTE_NOT_ALLOWED");
  if (before.length === 0 && chosen.length === 0) throw Errors.badRequest("POLL_VOTE_REQUIRED");
  return chosen;
}

/** The stored tally of a poll: votes per option, distinct voters, and the viewer's own choice. */
export interface Tally {
  counts: Map<string, number>;
  total: number;
  mine: string[];
}

/** Results as `viewer` sees them; null gives the `min` form pushed to everyone alike. */
export function resultsOf(p: StoredPoll, tally: Tally, viewer: number | null): PollResults {
  const mine = viewer === null ? [] : tally.mine;
  const reveal =
    viewer !== null && p.poll.quiz === true && (mine.length > 0 || p.poll.closed === true || viewer === p.author);
  return {
    ...(viewer === null ? { min: true } : {}),
    results: p.poll.answers.map((a) => ({
      option: a.option,
      voters: tally.counts.get(a.option) ?? 0,
      ...(mine.includes(a.option) ? { chosen: true } : {}),
      ...(reveal && p.correct.includes(a.option) ? { correct: true } : {}),
    })),
    total_voters: tally.total,
    ...(reveal && p.solution ? { solution: p.solution } : {}),
  };
}

/** Whether `viewer` may list a public poll's voters: once they voted, as its author, or once it closed. */
export function requireMayListVoters(p: StoredPoll, viewer: number, voted: boolean): void {
  if (!p.poll.public_voters) throw Errors.badRequest("POLL_ANONYMOUS");
  if (!p.poll.closed && p.author !== viewer && !voted) throw Errors.badRequest("POLL_VOTE_REQUIRED");
}

/** Where a voters listing continues: the last row shown, (time, voter, option), as Telegram's next_offset. */
export interface VotesCursor {
  at: number;
  user: number;
  option: string;
}

export function parseVotesOffset(offset: string | undefined): VotesCursor | null {
  const m = /^(\d+):(\d+):([0-9A-Za-z_-]{1,16})$/.exec(offset ?? "");
  return m ? { at: Number(m[1]), user: Number(m[2]), option: m[3] as string } : null;
}

export const votesOffset = (c: VotesCursor) => `${c.at}:${c.user}:${c.option}`;
