/** A poll as TL's messageMediaPoll: option ids are the core's strings as bytes, results as the viewer sees them. */
import type { Poll, PollResults } from "../../../protocol/model/message-media.ts";
import type { TlConstructors, TlTypes } from "../../../protocol/mtproto/gen/api-types.ts";

const utf8 = new TextEncoder();
const text = (s: string): TlConstructors["textWithEntities"] => ({ _: "textWithEntities", text: s, entities: [] });

export function tlPoll(p: Poll): TlConstructors["poll"] {
  return {
    _: "poll",
    id: BigInt(p.id),
    closed: p.closed ?? false,
    publicVoters: p.public_voters ?? false,
    multipleChoice: p.multiple_choice ?? false,
    quiz: p.quiz ?? false,
    revotingDisabled: p.revoting === false,
    question: text(p.question),
    answers: p.answers.map((a) => ({ _: "pollAnswer", text: text(a.text), option: utf8.encode(a.option) })),
    ...(p.close_date !== undefined ? { closeDate: p.close_date } : {}),
    hash: 0n,
  };
}

export function tlPollResults(r: PollResults): TlConstructors["pollResults"] {
  return {
    _: "pollResults",
    min: r.min ?? false,
    results: r.results.map((a) => ({
      _: "pollAnswerVoters",
      chosen: a.chosen ?? false,
      correct: a.correct ?? false,
      option: utf8.encode(a.option),
      voters: a.voters,
      // Layer 227 sets voters and recent_voters under one flag bit: given together.
      recentVoters: [],
    })),
    totalVoters: r.total_voters,
    ...(r.solution ? { solution: r.solution, solutionEntities: [] } : {}),
  };
}

export const tlPollMedia = (poll: Poll, results: PollResults): TlTypes["MessageMedia"] => ({
  _: "messageMediaPoll",
  poll: tlPoll(poll),
  results: tlPollResults(results),
});
