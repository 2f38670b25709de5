/** Groups and channels: create, members, admins, title (Telegram's messages.* / channels.* names). */
import * as v from "valibot";
import { AdminRights, Chat, ChatBannedRights, ChatParticipant, ChatTitle } from "../model/chat.ts";
import { ExportedChatInvite } from "../model/invite.ts";
import { Peer } from "../model/peer.ts";
import { Update } from "../model/update.ts";
import { User } from "../model/user.ts";
import { Limit, method, NOT_IN_CHANNEL, NOT_IN_CHAT, NonNegative } from "./define.ts";

const Id = (err: string) => v.pipe(v.number(), v.integer(err), v.minValue(1, err));
const ChatId = Id("CHAT_ID_INVALID");
const ChannelId = Id("CHANNEL_INVALID");
const UserId = Id("USER_ID_INVALID");
const UserIds = v.pipe(v.array(UserId), v.maxLength(200, "USERS_TOO_MUCH"));

/**
 * Participants listed at once: messages.getFullChat lists every member of a chat up to this size and only
 * the admins and the caller of a bigger supergroup or channel; channels.getParticipants pages the rest.
 */
export const PARTICIPANTS_PAGE_MAX = 200;

/** The chat after the change, plus the caller's updates. */
export const ChatUpdates = v.object({ chat: Chat, updates: v.array(Update) });

export const chatsMethods = {
  "messages.createChat": method({
    params: v.object({ title: ChatTitle, users: v.pipe(UserIds, v.minLength(1, "USERS_TOO_FEW")) }),
    result: ChatUpdates,
    auth: true,
    errors: ["400 USER_ID_INVALID", "400 PEER_ID_INVALID", "400 USERS_TOO_MUCH", "500 CHAT_ID_GENERATE_FAILED"],
  }),
  "messages.addChatUser": method({
    params: v.object({ chat_id: ChatId, user_id: UserId }),
    result: ChatUpdates,
    auth: true,
    errors: [
      "400 USER_ID_INVALID",
      NOT_IN_CHAT,
      "403 CHAT_ADMIN_REQUIRED",
      "400 USER_ALREADY_PARTICIPANT",
      "400 USERS_TOO_MUCH",
    ],
  }),
  /** Removes a member (admins), or leaves when user_id is the caller. */
  "messages.deleteChatUser": method({
    params: v.object({ chat_id: ChatId, user_id: UserId }),
    result: ChatUpdates,
    auth: true,
    errors: [NOT_IN_CHAT, "400 USER_NOT_PARTICIPANT", "403 CHAT_ADMIN_REQUIRED"],
  }),
  "messages.editChatTitle": method({
    params: v.object({ chat_id: ChatId, title: ChatTitle }),
    result: ChatUpdates,
    auth: true,
    errors: [NOT_IN_CHAT, "403 CHAT_ADMIN_REQUIRED"],
  }),
  "messages.editChatAdmin": method({
    params: v.object({ chat_id: ChatId, user_id: UserId, is_admin: v.boolean() }),
    result: v.literal(true),
    auth: true,
    errors: [NOT_IN_CHAT, "403 CHAT_ADMIN_REQUIRED", "400 USER_NOT_PARTICIPANT"],
  }),
  /** Info and members of a group or channel the caller belongs to. */
  "messages.getFullChat": method({
    params: v.object({ peer: Peer }),
    result: v.object({
      chat: Chat,
      /** Every member of a chat of up to 200; of a bigger supergroup or channel, its admins and the caller (page the rest with channels.getParticipants). */
      participants: v.array(ChatParticipant),
      users: v.array(User),
      /** The primary invite link, for admins once one was exported. */
      exported_invite: v.optional(ExportedChatInvite),
    }),
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL],
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
    errors: ["500 CHAT_ID_GENERATE_FAILED"],
  }),
  "channels.joinChannel": method({
    params: v.object({ channel_id: ChannelId }),
    result: ChatUpdates,
    auth: true,
    errors: [NOT_IN_CHANNEL, "400 USER_ALREADY_PARTICIPANT"],
  }),
  "channels.leaveChannel": method({
    params: v.object({ channel_id: ChannelId }),
    result: ChatUpdates,
    auth: true,
    errors: [NOT_IN_CHANNEL, "400 USER_NOT_PARTICIPANT"],
  }),
  "channels.inviteToChannel": method({
    params: v.object({ channel_id: ChannelId, users: v.pipe(UserIds, v.minLength(1, "USERS_TOO_FEW")) }),
    result: ChatUpdates,
    auth: true,
    errors: ["400 USER_ID_INVALID", NOT_IN_CHANNEL, "403 CHAT_ADMIN_REQUIRED", "400 USER_ALREADY_PARTICIPANT"],
  }),
  /**
   * Promotes (is_admin) or demotes a member. `admin_rights` lists what the admin may do (unlisted:
   * not granted; none granted demotes; absent: all but add_admins, or the rights already held);
   * `rank` is the custom title. Only an admin with add_admins, granting only rights of their own.
   */
  "channels.editAdmin": method({
    params: v.object({
      channel_id: ChannelId,
      user_id: UserId,
      is_admin: v.boolean(),
      admin_rights: v.optional(v.partial(AdminRights)),
      rank: v.optional(v.string()),
    }),
    result: v.literal(true),
    auth: true,
    errors: [
      NOT_IN_CHANNEL,
      "403 CHAT_ADMIN_REQUIRED",
      "400 USER_NOT_PARTICIPANT",
      "403 RIGHT_FORBIDDEN",
      "400 USER_CREATOR",
      "400 ADMIN_RANK_INVALID",
      "400 ADMIN_RANK_EMOJI_NOT_ALLOWED",
    ],
  }),
  /** A group's or channel's description (admins with change_info). */
  "messages.editChatAbout": method({
    params: v.object({ peer: Peer, about: v.pipe(v.string(), v.maxLength(255, "CHAT_ABOUT_TOO_LONG")) }),
    result: v.literal(true),
    auth: true,
    errors: [
      NOT_IN_CHAT,
      NOT_IN_CHANNEL,
      "400 PEER_ID_INVALID",
      "403 CHAT_ADMIN_REQUIRED",
      "400 CHAT_ABOUT_NOT_MODIFIED",
    ],
  }),
  /**
   * Restricts a member of a channel or supergroup (admins); rights with no flag set lift the restriction.
   * `view_messages` bans: the member is removed and kept out (a non-member can be banned ahead).
   */
  "channels.editBanned": method({
    params: v.object({ channel_id: ChannelId, user_id: UserId, banned_rights: ChatBannedRights }),
    result: ChatUpdates,
    auth: true,
    errors: [
      NOT_IN_CHANNEL,
      "400 CHANNEL_INVALID",
      "403 CHAT_ADMIN_REQUIRED",
      "400 USER_ADMIN_INVALID",
      "400 USER_NOT_PARTICIPANT",
      "400 USER_ID_INVALID",
    ],
  }),
  /** One participant of a channel or supergroup (a banned user too); USER_NOT_PARTICIPANT otherwise. */
  "channels.getParticipant": method({
    params: v.object({ channel_id: ChannelId, user_id: UserId }),
    result: v.object({ participant: ChatParticipant }),
    auth: true,
    errors: [NOT_IN_CHANNEL, "400 USER_NOT_PARTICIPANT"],
  }),
  /**
   * A page of a supergroup's or channel's members, by user id: all of them (`recent`), the admins, or (to
   * admins only) the users removed and barred (`kicked`) or restricted (`banned`); `q` keeps those whose
   * name or username starts with it (a word of it). `count` is how many the filter chooses in all. A
   * broadcast channel's members are listed to its members only.
   */
  "channels.getParticipants": method({
    params: v.object({
      channel_id: ChannelId,
      filter: v.optional(v.picklist(["recent", "admins", "kicked", "banned"], "FILTER_INVALID"), "recent"),
      q: v.optional(v.pipe(v.string(), v.maxLength(64, "QUERY_TOO_LONG"))),
      offset: v.optional(NonNegative, 0),
      limit: Limit(PARTICIPANTS_PAGE_MAX, PARTICIPANTS_PAGE_MAX),
    }),
    result: v.object({ count: v.number(), participants: v.array(ChatParticipant), users: v.array(User) }),
    auth: true,
    errors: [NOT_IN_CHANNEL, "400 CHANNEL_INVALID", "403 CHAT_ADMIN_REQUIRED"],
  }),
  /** The rights every plain member of a group or supergroup lacks (admins). */
  "messages.editChatDefaultBannedRights": method({
    params: v.object({ peer: Peer, banned_rights: ChatBannedRights }),
    result: ChatUpdates,
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL, "400 CHAT_INVALID", "403 CHAT_ADMIN_REQUIRED"],
  }),
  "channels.editTitle": method({
    params: v.object({ channel_id: ChannelId, title: ChatTitle }),
    result: ChatUpdates,
    auth: true,
    errors: [NOT_IN_CHANNEL, "403 CHAT_ADMIN_REQUIRED"],
  }),
};
