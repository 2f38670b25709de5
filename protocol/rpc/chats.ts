/** Groups and channels: create, members, admins, title (Telegram's messages.* / channels.* names). */
import * as v from "valibot";
import { Chat, ChatBannedRights, ChatParticipant, ChatTitle } from "../model/chat.ts";
import { Peer } from "../model/peer.ts";
import { Update } from "../model/update.ts";
import { User } from "../model/user.ts";
import { method } from "./define.ts";

const Id = (err: string) => v.pipe(v.number(), v.integer(err), v.minValue(1, err));
const ChatId = Id("CHAT_ID_INVALID");
const ChannelId = Id("CHANNEL_INVALID");
const UserId = Id("USER_ID_INVALID");
const UserIds = v.pipe(v.array(UserId), v.maxLength(200, "USERS_TOO_MUCH"));

/** The chat after the change, plus the caller's updates. */
export const ChatUpdates = v.object({ chat: Chat, updates: v.array(Update) });

export const chatsMethods = {
  "messages.createChat": method({
    params: v.object({ title: ChatTitle, users: v.pipe(UserIds, v.minLength(1, "USERS_TOO_FEW")) }),
    result: ChatUpdates,
    auth: true,
  }),
  "messages.addChatUser": method({
    params: v.object({ chat_id: ChatId, user_id: UserId }),
    result: ChatUpdates,
    auth: true,
  }),
  /** Removes a member (admins), or leaves when user_id is the caller. */
  "messages.deleteChatUser": method({
    params: v.object({ chat_id: ChatId, user_id: UserId }),
    result: ChatUpdates,
    auth: true,
  }),
  "messages.editChatTitle": method({
    params: v.object({ chat_id: ChatId, title: ChatTitle }),
    result: ChatUpdates,
    auth: true,
  }),
  "messages.editChatAdmin": method({
    params: v.object({ chat_id: ChatId, user_id: UserId, is_admin: v.boolean() }),
    result: v.literal(true),
    auth: true,
  }),
  /** Info and members of a group or channel the caller belongs to. */
  "messages.getFullChat": method({
    params: v.object({ peer: Peer }),
    result: v.object({ chat: Chat, participants: v.array(ChatParticipant), users: v.array(User) }),
    auth: true,
  }),
  "channels.createChannel": method({
    params: v.object({
      title: ChatTitle,
      about: v.optional(v.pipe(v.string(), v.maxLength(255, "CHAT_ABOUT_TOO_LONG")), ""),
      /** true: a supergroup where every member posts; false: a broadcast channel where admins post. */
      megagroup: v.optional(v.boolean(), false),
      /** Anyone may join by id; otherwise only by invitation. */
      public: v.optional(v.boolean(), false),
    }),
    result: ChatUpdates,
    auth: true,
  }),
  "channels.joinChannel": method({ params: v.object({ channel_id: ChannelId }), result: ChatUpdates, auth: true }),
  "channels.leaveChannel": method({ params: v.object({ channel_id: ChannelId }), result: ChatUpdates, auth: true }),
  "channels.inviteToChannel": method({
    params: v.object({ channel_id: ChannelId, users: v.pipe(UserIds, v.minLength(1, "USERS_TOO_FEW")) }),
    result: ChatUpdates,
    auth: true,
  }),
  "channels.editAdmin": method({
    params: v.object({ channel_id: ChannelId, user_id: UserId, is_admin: v.boolean() }),
    result: v.literal(true),
    auth: true,
  }),
  /**
   * Restricts a member of a channel or supergroup (admins); rights with no flag set lift the restriction.
   * `view_messages` bans: the member is removed and kept out (a non-member can be banned ahead).
   */
  "channels.editBanned": method({
    params: v.object({ channel_id: ChannelId, user_id: UserId, banned_rights: ChatBannedRights }),
    result: ChatUpdates,
    auth: true,
  }),
  /** One participant of a channel or supergroup (a banned user too); USER_NOT_PARTICIPANT otherwise. */
  "channels.getParticipant": method({
    params: v.object({ channel_id: ChannelId, user_id: UserId }),
    result: v.object({ participant: ChatParticipant }),
    auth: true,
  }),
  /** The rights every plain member of a group or supergroup lacks (admins). */
  "messages.editChatDefaultBannedRights": method({
    params: v.object({ peer: Peer, banned_rights: ChatBannedRights }),
    result: ChatUpdates,
    auth: true,
  }),
  "channels.editTitle": method({
    params: v.object({ channel_id: ChannelId, title: ChatTitle }),
    result: ChatUpdates,
    auth: true,
  }),
};
