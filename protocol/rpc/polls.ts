/** messages.* for polls: voting (Telegram's messages.sendVote) and closing a poll early. */
import * as v from "valibot";
import { Message } from "../model/message.ts";
import { PollOptionId } from "../model/message-media.ts";
import { Peer } from "../model/peer.ts";
import { Update } from "../model/update.ts";
import { method } from "./define.ts";
import { MsgId } from "./messages.ts";

export const pollsMethods = {
  "messages.sendVote": method({
    /** The caller's options, replacing an earlier vote where the poll allows it; empty retracts. */
    params: v.object({
      peer: Peer,
      msg_id: MsgId,
      options: v.pipe(v.array(PollOptionId), v.maxLength(12, "OPTIONS_TOO_MUCH")),
    }),
    /** The poll's new results as the caller sees them (an updateMessagePoll). */
    result: v.object({ updates: v.array(Update) }),
    auth: true,
  }),
  "messages.stopPoll": method({
    /**
     * Closes a poll for good (its author only). Telegram does this with messages.editMessage and an
     * inputMediaPoll marked closed; a method of its own keeps it apart from editing files.
     */
    params: v.object({ peer: Peer, id: MsgId }),
    result: v.object({ message: Message, updates: v.array(Update) }),
    auth: true,
  }),
};
