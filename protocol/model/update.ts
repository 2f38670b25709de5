/**
 * Updates pushed to devices and returned by updates.getDifference, named as
 * Telegram's. Every update that changes stored state carries `pts` (the
 * user's, or for channel updates the channel's) and `pts_count` (how far it
 * moves pts); a device whose pts is behind `pts - pts_count` has a gap.
 */
import * as v from "valibot";
import { Chat, ChatParticipant, PeerNotifySettings } from "./chat.ts";
import { DecimalId } from "./ids.ts";
import { ExportedChatInvite } from "./invite.ts";
import { Message, MessageReactions } from "./message.ts";
import { Poll, PollResults } from "./message-media.ts";
import { Peer } from "./peer.ts";
import { UserStatus } from "./user.ts";

const Pts = { pts: v.number(), pts_count: v.number() };
/**
 * In the user's own sequence: the ids the update's messages have in this user's own numbering (the
 * user's "message box", as Telegram numbers private-chat and basic-group messages per user), keyed by
 * the chat's message id. Telegram front ends (MTProto) show these; Edgegram's own clients use chat ids.
 */
const UserPts = { ...Pts, box_ids: v.optional(v.record(v.string(), v.number())) };

/** Text typed in a chat and not sent yet, kept in the cloud so every device of the user shows it. */
export const DraftMessage = v.object({
  message: v.string(),
  /** Unix seconds of the last change. */
  date: v.number(),
  reply_to_msg_id: v.optional(v.number()),
});
export type DraftMessage = v.InferOutput<typeof DraftMessage>;

export const SendMessageAction = v.picklist([
  "sendMessageTypingAction",
  "sendMessageCancelAction",
  "sendMessageRecordAudioAction",
  "sendMessageUploadPhotoAction",
  "sendMessageUploadDocumentAction",
  "sendMessageChooseStickerAction",
]);
export type SendMessageAction = v.InferOutput<typeof SendMessageAction>;

export const Update = v.variant("_", [
  // --- in the user's own pts sequence (private chats and basic groups)
  v.object({ _: v.literal("updateNewMessage"), message: Message, ...UserPts }),
  v.object({ _: v.literal("updateEditMessage"), message: Message, ...UserPts }),
  v.object({ _: v.literal("updateDeleteMessages"), peer: Peer, messages: v.array(v.number()), ...UserPts }),
  v.object({
    _: v.literal("updateReadHistoryInbox"),
    peer: Peer,
    max_id: v.number(),
    still_unread_count: v.number(),
    ...UserPts,
  }),
  v.object({ _: v.literal("updateReadHistoryOutbox"), peer: Peer, max_id: v.number(), ...UserPts }),
  v.object({
    _: v.literal("updateMessageReactions"),
    peer: Peer,
    msg_id: v.number(),
    reactions: MessageReactions,
    ...UserPts,
  }),
  v.object({
    _: v.literal("updatePinnedMessages"),
    peer: Peer,
    messages: v.array(v.number()),
    pinned: v.boolean(),
    ...UserPts,
  }),
  /** A group's title, membership or the viewer's rights changed; `chat` is its new state. */
  v.object({ _: v.literal("updateChat"), chat: Chat, ...UserPts }),
  // --- in a channel's own pts sequence
  v.object({ _: v.literal("updateNewChannelMessage"), message: Message, ...Pts }),
  v.object({ _: v.literal("updateEditChannelMessage"), message: Message, ...Pts }),
  v.object({
    _: v.literal("updateDeleteChannelMessages"),
    channel_id: v.number(),
    messages: v.array(v.number()),
    ...Pts,
  }),
  v.object({
    _: v.literal("updatePinnedChannelMessages"),
    channel_id: v.number(),
    messages: v.array(v.number()),
    pinned: v.boolean(),
    ...Pts,
  }),
  v.object({
    _: v.literal("updateChannelMessageReactions"),
    channel_id: v.number(),
    msg_id: v.number(),
    reactions: MessageReactions,
    ...Pts,
  }),
  /** The device missed too much of a channel: refetch with updates.getChannelDifference. */
  v.object({ _: v.literal("updateChannelTooLong"), channel_id: v.number(), pts: v.optional(v.number()) }),
  /** Channel info or the viewer's membership changed: refetch it. Not in any pts sequence. */
  v.object({ _: v.literal("updateChannel"), channel_id: v.number() }),
  // --- ephemeral (pushed only, never in a log)
  /** To bots (Telegram's updateChatParticipant/updateChannelParticipant): a member's status changed; absent = not a member. */
  v.object({
    _: v.literal("updateChatParticipant"),
    peer: Peer,
    date: v.number(),
    actor_id: v.number(),
    user_id: v.number(),
    prev_participant: v.optional(ChatParticipant),
    new_participant: v.optional(ChatParticipant),
    /** The link the user joined by. */
    invite: v.optional(ExportedChatInvite),
  }),
  /** To admin bots (Telegram's updateBotChatInviteRequester): a user asked to join through a link that needs approval. */
  v.object({
    _: v.literal("updateBotChatInviteRequester"),
    peer: Peer,
    date: v.number(),
    user_id: v.number(),
    about: v.string(),
    invite: ExportedChatInvite,
  }),
  /** To bots (Telegram's updateBotMessageReaction): one user's reactions to a message changed. */
  v.object({
    _: v.literal("updateBotMessageReaction"),
    peer: Peer,
    msg_id: v.number(),
    date: v.number(),
    actor_id: v.number(),
    old_reactions: v.array(v.string()),
    new_reactions: v.array(v.string()),
  }),
  /**
   * To a bot's own sessions (a bot signed in over MTProto; the Bot API gets a callback_query): a user pressed
   * one of its inline buttons. The bot answers with messages.setBotCallbackAnswer. `box_ids` as above.
   */
  v.object({
    _: v.literal("updateBotCallbackQuery"),
    query_id: DecimalId,
    user_id: v.number(),
    peer: Peer,
    msg_id: v.number(),
    chat_instance: DecimalId,
    data: v.string(),
    box_ids: v.optional(v.record(v.string(), v.number())),
  }),
  v.object({ _: v.literal("updateUserTyping"), user_id: v.number(), action: SendMessageAction }),
  v.object({ _: v.literal("updateChatUserTyping"), peer: Peer, from_id: v.number(), action: SendMessageAction }),
  v.object({ _: v.literal("updateUserStatus"), user_id: v.number(), status: UserStatus }),
  /** The user's draft in a chat changed on another of their devices (null: cleared). Not in pts. */
  v.object({ _: v.literal("updateDraftMessage"), peer: Peer, draft: v.nullable(DraftMessage) }),
  // The user's own dialog settings, changed on one of their devices (dialog-settings RPCs): in the log so
  // every device converges, also one that was offline.
  v.object({ _: v.literal("updateNotifySettings"), peer: Peer, notify_settings: PeerNotifySettings, ...UserPts }),
  /** A dialog was pinned or unpinned in its folder (a newly pinned one goes first). */
  v.object({
    _: v.literal("updateDialogPinned"),
    peer: Peer,
    pinned: v.boolean(),
    folder_id: v.number(),
    ...UserPts,
  }),
  /** The folder's pinned dialogs are now exactly `order`, in that order. */
  v.object({ _: v.literal("updatePinnedDialogs"), folder_id: v.number(), order: v.array(Peer), ...UserPts }),
  /** Dialogs moved between the main list (0) and the archive (1). */
  v.object({
    _: v.literal("updateFolderPeers"),
    folder_peers: v.array(v.object({ peer: Peer, folder_id: v.number() })),
    ...UserPts,
  }),
  /** A poll's votes changed: `min` results to every member; full ones (own choice, quiz answer) to the author. */
  v.object({ _: v.literal("updateMessagePoll"), poll_id: DecimalId, poll: Poll, results: PollResults }),
  /** A vote in a non-anonymous poll, for its author only (a bot sees it as a poll_answer); empty: retracted. */
  v.object({
    _: v.literal("updateMessagePollVote"),
    poll_id: DecimalId,
    peer: Peer,
    options: v.array(v.string()),
  }),
]);
export type Update = v.InferOutput<typeof Update>;
export type UpdateKind = Update["_"];

/** Updates in a channel's pts sequence rather than the user's. */
export const CHANNEL_UPDATES = new Set<UpdateKind>([
  "updateNewChannelMessage",
  "updateEditChannelMessage",
  "updateDeleteChannelMessages",
  "updatePinnedChannelMessages",
  "updateChannelMessageReactions",
]);

/** The channel a channel-sequence update belongs to. */
export function channelIdOf(u: Update): number | undefined {
  if ("channel_id" in u) return u.channel_id;
  if ((u._ === "updateNewChannelMessage" || u._ === "updateEditChannelMessage") && u.message.peer_id._ === "channel")
    return u.message.peer_id.id;
  return undefined;
}

/** Whether an update moves a pts sequence (user's or channel's). */
export function hasPts(u: Update): u is Extract<Update, { pts: number; pts_count: number }> {
  return "pts_count" in u;
}
