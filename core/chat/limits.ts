/** A chat's limits, in one place: group size and the flood rules on sending and voting (core/flood.ts). */
import type { BucketRule } from "../flood.ts";

/** Telegram's basic-group limit; bigger communities are supergroups (channels with megagroup). */
export const MAX_GROUP_MEMBERS = 200;

/** Per sender: a burst of 300 then 100 messages/s. */
export const SENDER_FLOOD: BucketRule = { kind: "bucket", burst: 300, perSecond: 100 };
/** Per chat: 1,000 then 500 messages (and votes)/s. */
export const CHAT_FLOOD: BucketRule = { kind: "bucket", burst: 1000, perSecond: 500 };
/** Per voter: every vote is pushed to every member, so a vote loop is held to 10 then 1/s. */
export const VOTE_FLOOD: BucketRule = { kind: "bucket", burst: 10, perSecond: 1 };

/** How many participants are listed at once (defined with the RPCs that page them). */
export { PARTICIPANTS_PAGE_MAX } from "../../protocol/rpc/chats.ts";
