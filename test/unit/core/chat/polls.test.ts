import { describe, expect, it } from "vitest";
import {
  checkVote,
  closedBy,
  parseVotesOffset,
  pollFrom,
  requireMayListVoters,
  resultsOf,
  type StoredPoll,
  votesOffset,
} from "../../../../core/chat/polls.ts";
import type { InputMediaPoll } from "../../../../protocol/model/message-media.ts";

const answers = [
  { text: "Yes", option: "0" },
  { text: "No", option: "1" },
  { text: "Maybe", option: "2" },
];

function input(poll: Partial<InputMediaPoll["poll"]> = {}): InputMediaPoll {
  return { _: "inputMediaPoll", poll: { question: "Q?", answers, ...poll } } as InputMediaPoll;
}

function stored(poll: Partial<InputMediaPoll["poll"]> = {}, extra: Partial<StoredPoll> = {}): StoredPoll {
  return { msgId: 1, author: 10, poll: pollFrom(input(poll), "p1", 1_000), correct: [], ...extra };
}

describe("poll rules", () => {
  it("Should turn a close period into a close date and default revoting as the Bot API does", () => {
    expect(pollFrom(input({ close_period: 60 }), "p", 1_000)).toMatchObject({ close_date: 1_060, revoting: true });
    expect(pollFrom(input({ quiz: true }), "p", 1_000).revoting).toBeUndefined();
    expect(pollFrom(input({ revoting: false }), "p", 1_000).revoting).toBeUndefined();
  });

  it("Should read a poll whose close date passed as closed", () => {
    const p = pollFrom(input({ close_period: 10 }), "p", 1_000);
    expect(closedBy(p, false, 1_009).closed).toBeUndefined();
    expect(closedBy(p, false, 1_010).closed).toBe(true);
    expect(closedBy(p, true, 0).closed).toBe(true);
  });

  it("Should refuse bad votes with Telegram's errors", () => {
    expect(() => checkVote(stored({ closed: true }), [], ["0"])).toThrow("400 MESSAGE_POLL_CLOSED");
    expect(() => checkVote(stored(), [], ["9"])).toThrow("400 OPTION_INVALID");
    expect(() => checkVote(stored(), [], ["0", "1"])).toThrow("400 OPTIONS_TOO_MUCH");
    expect(() => checkVote(stored({ quiz: true }), ["0"], ["1"])).toThrow("400 REVOTE_NOT_ALLOWED");
    expect(() => checkVote(stored(), [], [])).toThrow("400 POLL_VOTE_REQUIRED");
    expect(checkVote(stored({ multiple_choice: true }), [], ["0", "1", "0"])).toEqual(["0", "1"]);
    expect(checkVote(stored(), ["0"], [])).toEqual([]); // a retraction
  });

  it("Should reveal a quiz's answer and solution only to voters, the author, or once closed", () => {
    const quiz = stored({ quiz: true }, { correct: ["1"], solution: "Because." });
    const tally = { counts: new Map([["1", 2]]), total: 2, mine: [] as string[] };
    const stranger = resultsOf(quiz, tally, 20);
    expect(stranger.solution).toBeUndefined();
    expect(stranger.results.some((r) => r.correct)).toBe(false);
    const voter = resultsOf(quiz, { ...tally, mine: ["0"] }, 20);
    expect(voter).toMatchObject({ solution: "Because.", total_voters: 2 });
    expect(voter.results.map((r) => [r.option, r.voters, r.chosen ?? false, r.correct ?? false])).toEqual([
      ["0", 0, true, false],
      ["1", 2, false, true],
      ["2", 0, false, false],
    ]);
    expect(resultsOf(quiz, tally, 10).solution).toBe("Because.");
    expect(resultsOf({ ...quiz, poll: { ...quiz.poll, closed: true } }, tally, 20).solution).toBe("Because.");
    // The form pushed to everyone alike is `min` and shows nobody's choice.
    expect(resultsOf(quiz, { ...tally, mine: ["0"] }, null)).toMatchObject({ min: true });
    expect(resultsOf(quiz, { ...tally, mine: ["0"] }, null).results.some((r) => r.chosen)).toBe(false);
  });

  it("Should list voters only of a public poll, and only to those who voted, its author, or once closed", () => {
    expect(() => requireMayListVoters(stored(), 20, true)).toThrow("400 POLL_ANONYMOUS");
    const pub = stored({ public_voters: true });
    expect(() => requireMayListVoters(pub, 20, false)).toThrow("400 POLL_VOTE_REQUIRED");
    expect(() => requireMayListVoters(pub, 20, true)).not.toThrow();
    expect(() => requireMayListVoters(pub, 10, false)).not.toThrow();
  });

  it("Should read back the voters cursor it writes, and ignore a forged one", () => {
    const c = { at: 1_700_000_000_123, user: 42, option: "1" };
    expect(parseVotesOffset(votesOffset(c))).toEqual(c);
    expect(parseVotesOffset("1:2:'; DROP")).toBeNull();
    expect(parseVotesOffset(undefined)).toBeNull();
  });
});
