/** Polls in the web client: voting (messages.sendVote) and applying new counts to every loaded copy of the poll. */
import { type InputMediaKind, isPollMedia, type PollResults } from "../../../../protocol/model/message-media.ts";
import type { Update } from "../../../../protocol/model/update.ts";
import { errorText } from "../ui/errors.ts";
import { randomId } from "./chats.ts";
import { client } from "./session.ts";
import { app, type PeerKey, peerOf, showToast } from "./state.ts";
import { addMessage, applyOwn } from "./updates.ts";

type PollUpdate = Extract<Update, { _: "updateMessagePoll" }>;

/** `min` results (pushed to everyone) carry counts only: keep what this user chose and the quiz answer. */
function merge(old: PollResults, next: PollResults): PollResults {
  if (!next.min) return next;
  const before = new Map(old.results.map((r) => [r.option, r]));
  return {
    ...next,
    min: old.min,
    results: next.results.map((r) => {
      const o = before.get(r.option);
      return { ...r, ...(o?.chosen ? { chosen: true } : {}), ...(o?.correct ? { correct: true } : {}) };
    }),
    ...(old.solution ? { solution: old.solution } : {}),
  };
}

export function applyPollUpdate(u: PollUpdate): void {
  app.set((s) => {
    let changed = false;
    const histories = { ...s.histories };
    for (const [key, h] of Object.entries(s.histories)) {
      if (!h?.messages.some((m) => isPollMedia(m.media) && m.media.poll.id === u.poll_id)) continue;
      changed = true;
      histories[key] = {
        ...h,
        messages: h.messages.map((m) =>
          isPollMedia(m.media) && m.media.poll.id === u.poll_id
            ? { ...m, media: { ...m.media, poll: u.poll, results: merge(m.media.results, u.results) } }
            : m,
        ),
      };
    }
    return changed ? { histories } : {};
  });
}

/** Votes (or with no options, retracts); the answer carries this user's full view of the results. */
export async function vote(key: PeerKey, msgId: number, options: string[]): Promise<void> {
  try {
    const r = await client().call("messages.sendVote", { peer: peerOf(key), msg_id: msgId, options });
    for (const u of r.updates) if (u._ === "updateMessagePoll") applyPollUpdate(u);
  } catch (e) {
    showToast(errorText(e));
  }
}

/** Sends a location, contact, dice or poll (messages.sendMedia with an input kind); true once it is in the chat. */
export async function sendContent(key: PeerKey, media: InputMediaKind): Promise<boolean> {
  try {
    const r = await client().call("messages.sendMedia", { peer: peerOf(key), media, random_id: randomId() });
    applyOwn(r.updates);
    addMessage(r.message);
    return true;
  } catch (e) {
    showToast(errorText(e));
    return false;
  }
}
