/**
 * Chat administration by a bot: title, description, admins and their titles, unpinning all —
 * onto messages.editChatTitle / channels.editTitle / messages.editChatAbout / channels.editAdmin /
 * messages.unpinAllMessages.
 */
import * as v from "valibot";
import { bool, ChatId, int, str } from "../../../protocol/bot-api/params.ts";
import type { AdminRights } from "../../../protocol/model/chat.ts";
import { type BotContext, botMethod } from "../context.ts";
import { badRequest } from "../errors.ts";
import { inputFile } from "./files.ts";
import { resolveChat } from "./messages.ts";

/** Runs a core call, giving the bot Telegram's words for the failures listed. */
async function worded<T>(run: () => Promise<T>, words: Record<string, string>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const text = (e as { text?: string }).text;
    const said = text ? words[text] : undefined;
    if (said) throw badRequest(said);
    throw e;
  }
}

/** promoteChatMember's flags and the admin rights they grant. */
const PROMOTE_FLAGS = {
  is_anonymous: "anonymous",
  can_manage_chat: "other",
  can_delete_messages: "delete_messages",
  can_manage_video_chats: "manage_call",
  can_restrict_members: "ban_users",
  can_promote_members: "add_admins",
  can_change_info: "change_info",
  can_invite_users: "invite_users",
  can_post_messages: "post_messages",
  can_edit_messages: "edit_messages",
  can_pin_messages: "pin_messages",
  can_manage_topics: "manage_topics",
} as const satisfies Record<string, keyof AdminRights>;

/** Flags Telegram accepts that Edgegram keeps no right for (stories, direct messages): accepted, not granted. */
const IGNORED_FLAGS = ["can_post_stories", "can_edit_stories", "can_delete_stories", "can_manage_direct_messages"];

const PromoteParams = v.object({
  chat_id: ChatId,
  user_id: int("user_id"),
  ...Object.fromEntries([...Object.keys(PROMOTE_FLAGS), ...IGNORED_FLAGS].map((k) => [k, v.optional(bool())])),
});

async function supergroupOf(ctx: BotContext, chatId: number | string, privateWords: string) {
  const peer = await resolveChat(ctx, chatId);
  if (peer._ === "user") throw badRequest(privateWords);
  return peer;
}

export const administrationMethods = {
  setchattitle: botMethod(v.object({ chat_id: ChatId, title: v.string() }), async (ctx, p) => {
    const peer = await supergroupOf(ctx, p.chat_id, "chat title can't be changed in private chats");
    const title = p.title.trim();
    if (!title) throw badRequest("chat title can't be empty");
    // tdlib's wording for a bot without the right to change the chat's info.
    const words = { CHAT_ADMIN_REQUIRED: "not enough rights to change chat title" };
    await worded(() => {
      if (peer._ === "chat") return ctx.call("messages.editChatTitle", { chat_id: peer.id, title });
      return ctx.call("channels.editTitle", { channel_id: peer.id, title });
    }, words);
    return true;
  }),
  setchatphoto: botMethod(v.object({ chat_id: ChatId, photo: str() }), async (ctx, p) => {
    const peer = await supergroupOf(ctx, p.chat_id, "chat photo can't be changed in private chats");
    // Telegram takes chat photos only as new uploads, never by file_id or URL.
    if (!p.photo.startsWith("attach://")) throw badRequest("photo should be uploaded as an InputFile");
    const ref = await inputFile(ctx, p.photo, "photo");
    await worded(
      () =>
        ctx.call("messages.editChatPhoto", { peer, photo: { media_id: ref.media_id, access_hash: ref.access_hash } }),
      { CHAT_ADMIN_REQUIRED: "not enough rights to change chat photo" },
    );
    return true;
  }),
  deletechatphoto: botMethod(v.object({ chat_id: ChatId }), async (ctx, p) => {
    const peer = await supergroupOf(ctx, p.chat_id, "chat photo can't be changed in private chats");
    await worded(() => ctx.call("messages.editChatPhoto", { peer }), {
      CHAT_ADMIN_REQUIRED: "not enough rights to change chat photo",
    });
    return true;
  }),
  setchatdescription: botMethod(v.object({ chat_id: ChatId, description: v.optional(str(), "") }), async (ctx, p) => {
    const peer = await supergroupOf(ctx, p.chat_id, "chat description can't be changed in private chats");
    await worded(() => ctx.call("messages.editChatAbout", { peer, about: p.description }), {
      CHAT_ADMIN_REQUIRED: "not enough rights to set chat description",
      CHAT_ABOUT_NOT_MODIFIED: "chat description is not modified",
      CHAT_ABOUT_TOO_LONG: "chat description is too long",
    });
    return true;
  }),
  promotechatmember: botMethod(PromoteParams, async (ctx, p) => {
    const peer = await supergroupOf(ctx, p.chat_id as number | string, "method is not available for private chats");
    const userId = p.user_id as number;
    if (userId === ctx.botId) throw badRequest("can't promote self");
    const rights: Partial<AdminRights> = {};
    for (const [flag, right] of Object.entries(PROMOTE_FLAGS))
      if ((p as Record<string, unknown>)[flag] === true) rights[right] = true;
    const words = {
      CHAT_ADMIN_REQUIRED: "not enough rights",
      USER_CREATOR: "can't remove chat owner",
      USER_NOT_PARTICIPANT: "user is not a member of the chat",
      RIGHT_FORBIDDEN: "RIGHT_FORBIDDEN",
    };
    if (peer._ === "chat") {
      const isAdmin = Object.keys(rights).length > 0;
      await worded(
        () => ctx.call("messages.editChatAdmin", { chat_id: peer.id, user_id: userId, is_admin: isAdmin }),
        words,
      );
      return true;
    }
    await worded(
      () =>
        ctx.call("channels.editAdmin", { channel_id: peer.id, user_id: userId, is_admin: true, admin_rights: rights }),
      words,
    );
    return true;
  }),
  setchatadministratorcustomtitle: botMethod(
    v.object({ chat_id: ChatId, user_id: int("user_id"), custom_title: str() }),
    async (ctx, p) => {
      const peer = await supergroupOf(ctx, p.chat_id, "method is available only for supergroups");
      if (peer._ !== "channel") throw badRequest("method is available only for supergroups");
      const { participant } = await worded(
        () => ctx.call("channels.getParticipant", { channel_id: peer.id, user_id: p.user_id }),
        { USER_NOT_PARTICIPANT: "user not found" },
      );
      if (participant.role === "member") throw badRequest("user is not an administrator");
      await worded(
        () =>
          ctx.call("channels.editAdmin", {
            channel_id: peer.id,
            user_id: p.user_id,
            is_admin: true,
            rank: p.custom_title,
          }),
        {
          CHAT_ADMIN_REQUIRED: "not enough rights to change custom title of the user",
          ADMIN_RANK_INVALID: "custom title is too long",
          ADMIN_RANK_EMOJI_NOT_ALLOWED: "custom title can't contain emoji",
        },
      );
      return true;
    },
  ),
};
