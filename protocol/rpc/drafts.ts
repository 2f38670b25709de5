/** Cloud drafts: what a user typed in a chat and has not sent, the same on all their devices. */
import * as v from "valibot";
import { Peer } from "../model/peer.ts";
import { DraftMessage } from "../model/update.ts";
import { method } from "./define.ts";

/** Longest draft kept (a message's own limit). */
export const DRAFT_MAX = 4096;

export const draftsMethods = {
  /**
   * Saves (an empty `message` clears) the caller's draft in a chat; the caller's other devices get
   * `updateDraftMessage`. A draft is the caller's own: nobody else ever sees it.
   */
  "messages.saveDraft": method({
    params: v.object({
      peer: Peer,
      message: v.pipe(v.string(), v.maxLength(DRAFT_MAX, "MESSAGE_TOO_LONG")),
      reply_to_msg_id: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    }),
    result: v.literal(true),
    auth: true,
  }),
  /** Every chat the caller has a draft in, newest first (what a device loads when it starts). */
  "messages.getAllDrafts": method({
    params: v.object({}),
    result: v.object({ drafts: v.array(v.object({ peer: Peer, draft: DraftMessage })) }),
    auth: true,
  }),
};
