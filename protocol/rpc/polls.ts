/** messages.* for polls: voting (Telegram's messages.sendVote) and closing a poll early. */
import * as v from "valibot";
import { Message } from "../model/message.ts";
import { PollOptionId } from "../model/message-media.ts";
import { Peer } from "../model/peer.ts";
import { Update } from "../model/update.ts";
import { User } from "../model/user.ts";
import { FLOOD_WAIT, method, NOT_IN_CHANNEL, NOT_IN_CHAT } from "./define.ts";
import { MsgId } from "./messages.ts";

/** One voter's choice in a public poll (Telegram's messagePeerVote). */
export const MessagePeerVote = v.object({
  _: v.literal("messagePeerVote"),
  peer: Peer,
  option: v.string(),
  date: v.number(),
});

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
    errors: [
      NOT_IN_CHAT,
      NOT_IN_CHANNEL,
      "400 MESSAGE_ID_INVALID",
      "400 MESSAGE_POLL_CLOSED",
      "400 OPTION_INVALID",
      "400 OPTIONS_TOO_MUCH",
      "400 REVOTE_NOT_ALLOWED",
      "400 POLL_VOTE_REQUIRED",
      FLOOD_WAIT,
    ],
  }),
  "messages.getPollVotes": method({
    /**
     * Who voted for what in a non-anonymous poll, newest first (`option` narrows it); the caller must
     * have voted, unless the poll is closed or theirs. `next_offset` continues the listing.
     */
    params: v.object({
      peer: Peer,
      id: MsgId,
      option: v.optional(PollOptionId),
      offset: v.optional(v.pipe(v.string(), v.maxLength(64, "OFFSET_INVALID"))),
      limit: v.optional(
        v.pipe(v.number(), v.integer("LIMIT_INVALID"), v.minValue(1, "LIMIT_INVALID"), v.maxValue(50, "LIMIT_INVALID")),
        50,
      ),
    }),
    result: v.object({
      count: v.number(),
      votes: v.array(MessagePeerVote),
      users: v.array(User),
      next_offset: v.optional(v.string()),
    }),
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL, "400 MESSAGE_ID_INVALID", "400 POLL_ANONYMOUS", "400 POLL_VOTE_REQUIRED"],
  }),
  "messages.stopPoll": method({
    /**
     * Closes a poll for good (its author only). Telegram does this with messages.editMessage and an
     * inputMediaPoll marked closed; a method of its own keeps it apart from editing files.
     */
    params: v.object({ peer: Peer, id: MsgId }),
    result: v.object({ message: Message, updates: v.array(Update) }),
    auth: true,
    errors: [
      NOT_IN_CHAT,
      NOT_IN_CHANNEL,
      "400 MESSAGE_ID_INVALID",
      "403 MESSAGE_AUTHOR_REQUIRED",
      "400 MESSAGE_POLL_CLOSED",
    ],
  }),
};
