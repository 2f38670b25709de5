/** messages.deleteReactions: an admin removes a user's reactions (the Bot API's deleteMessageReaction / deleteAllMessageReactions). */
import * as v from "valibot";
import { Peer } from "../model/peer.ts";
import { method, NOT_IN_CHANNEL, NOT_IN_CHAT } from "./define.ts";
import { AffectedUpdates, MsgId } from "./messages.ts";

export const reactionsMethods = {
  /** Removes `user_id`'s reactions from message `msg_id`, or (without it) from their 10000 most recent reacted messages. */
  "messages.deleteReactions": method({
    params: v.object({
      peer: Peer,
      user_id: v.pipe(v.number(), v.integer("USER_ID_INVALID"), v.minValue(1, "USER_ID_INVALID")),
      msg_id: v.optional(MsgId),
    }),
    result: AffectedUpdates,
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL, "403 CHAT_ADMIN_REQUIRED", "400 MESSAGE_ID_INVALID"],
  }),
};
