/** Chats and members: getChat*, leaveChat, ban/unban — onto users.* / messages.getFullChat / membership RPCs. */
import * as v from "valibot";
import { tgChat, tgChatPhoto, tgPrivateChat, tgUser } from "../../../protocol/bot-api/convert.ts";
import { tgChatMember } from "../../../protocol/bot-api/members.ts";
import { bool, ChatId, int, json } from "../../../protocol/bot-api/params.ts";
import { bannedRightsOf, Permissions, permissionsOf, untilDateOf } from "../../../protocol/bot-api/permissions.ts";
import { Errors } from "../../../protocol/errors.ts";
import type { ChatParticipant } from "../../../protocol/model/chat.ts";
import type { User } from "../../../protocol/model/user.ts";
import { type BotContext, botMethod } from "../context.ts";
import { badRequest } from "../errors.ts";
import { resolveChat } from "./messages.ts";

async function fullChat(ctx: BotContext, chatId: number | string) {
  return fullChatOf(ctx, await resolveChat(ctx, chatId));
}

async function fullChatOf(ctx: BotContext, peer: Awaited<ReturnType<typeof resolveChat>>) {
  if (peer._ === "user") {
    const [user] = await ctx.call("users.getUsers", { ids: [peer.id] });
    if (!user) throw Errors.badRequest("CHAT_NOT_FOUND");
    return { peer, user, chat: null, participants: [] as ChatParticipant[], users: [user] };
  }
  const full = await ctx.call("messages.getFullChat", { peer });
  return { peer, user: null, ...full };
}

const member = tgChatMember;

/** A supergroup's sticker set fields (getChat's sticker_set_name, can_set_sticker_set). */
async function stickerSetOf(ctx: BotContext, channelId: number) {
  const s = await ctx.call("channels.getStickers", { channel_id: channelId });
  return { ...(s.name ? { sticker_set_name: s.name } : {}), ...(s.can_set ? { can_set_sticker_set: true } : {}) };
}

/** A channel's participant (banned users included), or undefined for someone who is not in it. */
async function participant(ctx: BotContext, channelId: number, userId: number): Promise<ChatParticipant | undefined> {
  try {
    return (await ctx.call("channels.getParticipant", { channel_id: channelId, user_id: userId })).participant;
  } catch (e) {
    if ((e as { text?: string }).text === "USER_NOT_PARTICIPANT") return undefined;
    throw e;
  }
}

/**
 * Telegram's unbanChatMember: a banned user may join again; a current member is removed (and may
 * rejoin) unless only_if_banned; anyone else is left alone — always by an admin.
 */
async function unbanInChannel(ctx: BotContext, channelId: number, userId: number, onlyIfBanned: boolean) {
  const edit = (banned_rights: { view_messages?: boolean }) =>
    asRestrictor(() => ctx.call("channels.editBanned", { channel_id: channelId, user_id: userId, banned_rights }));
  const now = await participant(ctx, channelId, userId);
  if (now?.banned_rights?.view_messages) await edit({});
  else if (now && !onlyIfBanned) {
    await edit({ view_messages: true });
    await edit({});
  } else {
    const me = await participant(ctx, channelId, ctx.botId);
    if (!me || me.role === "member") throw badRequest("not enough rights to restrict/unrestrict chat member");
  }
  return true;
}

/** Telegram's wording when the bot may not change members' rights. */
async function asRestrictor<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const text = (e as { text?: string }).text;
    if (text === "CHAT_ADMIN_REQUIRED") throw badRequest("not enough rights to restrict/unrestrict chat member");
    if (text === "USER_ADMIN_INVALID") throw badRequest("user is an administrator of the chat");
    throw e;
  }
}

export const chatMethods = {
  getchat: botMethod(v.object({ chat_id: ChatId }), async (ctx, p) => {
    const f = await fullChat(ctx, p.chat_id);
    if (f.user)
      return { ...tgPrivateChat(f.user), accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: {} };
    const chat = tgChat(f.chat);
    return {
      ...chat,
      accent_color_id: 0,
      max_reaction_count: 11,
      ...(f.chat.about ? { description: f.chat.about } : {}),
      ...(f.chat.photo ? { photo: tgChatPhoto(f.chat.photo) } : {}),
      ...(f.exported_invite ? { invite_link: f.exported_invite.link } : {}),
      ...(f.chat._ === "chat" || !f.chat.broadcast ? { permissions: permissionsOf(f.chat.default_banned_rights) } : {}),
      ...(f.chat._ === "channel" && f.chat.megagroup ? await stickerSetOf(ctx, f.chat.id) : {}),
      accepted_gift_types: {},
    };
  }),
  getchatmember: botMethod(v.object({ chat_id: ChatId, user_id: int("user_id") }), async (ctx, p) => {
    const peer = await resolveChat(ctx, p.chat_id);
    if (peer._ === "channel") {
      // One participant and one account: "is this user subscribed?" costs the same in a channel of 100,000.
      const found = await participant(ctx, peer.id, p.user_id);
      const [u] = await ctx.call("users.getUsers", { ids: [p.user_id] });
      if (!u) throw Errors.badRequest("USER_ID_INVALID");
      return member(found, u);
    }
    const f = await fullChatOf(ctx, peer);
    if (f.user) {
      const [u] = await ctx.call("users.getUsers", { ids: [p.user_id] });
      if (!u || (u.id !== f.user.id && u.id !== ctx.botId)) throw Errors.badRequest("USER_ID_INVALID");
      return { status: "member", user: tgUser(u) };
    }
    const [u] = f.users.filter((x) => x.id === p.user_id).length
      ? f.users.filter((x) => x.id === p.user_id)
      : await ctx.call("users.getUsers", { ids: [p.user_id] });
    if (!u) throw Errors.badRequest("USER_ID_INVALID");
    return member(
      f.participants.find((x) => x.user_id === p.user_id),
      u,
    );
  }),
  getchatmembercount: botMethod(v.object({ chat_id: ChatId }), async (ctx, p) => {
    const f = await fullChat(ctx, p.chat_id);
    return f.user ? (f.user.id === ctx.botId ? 1 : 2) : f.chat.participants_count;
  }),
  getchatadministrators: botMethod(v.object({ chat_id: ChatId }), async (ctx, p) => {
    const f = await fullChat(ctx, p.chat_id);
    if (f.user) return [];
    const users = new Map(f.users.map((u) => [u.id, u]));
    return f.participants
      .filter((x) => x.role !== "member" && users.has(x.user_id))
      .map((x) => member(x, users.get(x.user_id) as User));
  }),
  leavechat: botMethod(v.object({ chat_id: ChatId }), async (ctx, p) => {
    const peer = await resolveChat(ctx, p.chat_id);
    if (peer._ === "user") throw Errors.badRequest("CHAT_NOT_FOUND");
    if (peer._ === "chat") await ctx.call("messages.deleteChatUser", { chat_id: peer.id, user_id: ctx.botId });
    else await ctx.call("channels.leaveChannel", { channel_id: peer.id });
    return true;
  }),
  banchatmember: botMethod(
    v.object({
      chat_id: ChatId,
      user_id: int("user_id"),
      until_date: v.optional(int("until_date")),
      revoke_messages: v.optional(bool()),
    }),
    async (ctx, p) => {
      const peer = await resolveChat(ctx, p.chat_id);
      if (peer._ === "channel") {
        // Channels and supergroups keep a ban list: the member goes and cannot come back until unbanned.
        const banned_rights = { view_messages: true, send_messages: true, until_date: untilDateOf(p.until_date) };
        await asRestrictor(() =>
          ctx.call("channels.editBanned", { channel_id: peer.id, user_id: p.user_id, banned_rights }),
        );
        return true;
      }
      if (peer._ !== "chat") throw Errors.badRequest("METHOD_NOT_SUPPORTED");
      await ctx.call("messages.deleteChatUser", { chat_id: peer.id, user_id: p.user_id });
      return true;
    },
  ),
  unbanchatmember: botMethod(
    v.object({ chat_id: ChatId, user_id: int("user_id"), only_if_banned: v.optional(bool()) }),
    async (ctx, p) => {
      const peer = await resolveChat(ctx, p.chat_id);
      if (peer._ === "channel") return unbanInChannel(ctx, peer.id, p.user_id, p.only_if_banned ?? false);
      // Basic groups: removal is the only ban there is, so there is nothing to lift and this succeeds
      // as a no-op — but only for a bot that administers the chat, as Telegram demands.
      const f = await fullChat(ctx, p.chat_id);
      if (f.user) throw Errors.badRequest("METHOD_NOT_SUPPORTED");
      const me = f.participants.find((x) => x.user_id === ctx.botId);
      if (!me || me.role === "member") throw Errors.badRequest("CHAT_ADMIN_REQUIRED");
      return true;
    },
  ),
  restrictchatmember: botMethod(
    v.object({
      chat_id: ChatId,
      user_id: int("user_id"),
      permissions: json(Permissions, "permissions"),
      use_independent_chat_permissions: v.optional(bool()),
      until_date: v.optional(int("until_date")),
    }),
    async (ctx, p) => {
      const peer = await resolveChat(ctx, p.chat_id);
      if (peer._ === "user") throw badRequest("chat member status can't be changed in private chats");
      if (peer._ === "chat") throw badRequest("method is available only for supergroups");
      if (p.user_id === ctx.botId) throw badRequest("can't restrict self");
      const banned = bannedRightsOf(
        p.permissions,
        p.use_independent_chat_permissions ?? false,
        untilDateOf(p.until_date),
      );
      await asRestrictor(() =>
        ctx.call("channels.editBanned", { channel_id: peer.id, user_id: p.user_id, banned_rights: banned }),
      );
      return true;
    },
  ),
  setchatpermissions: botMethod(
    v.object({
      chat_id: ChatId,
      permissions: json(Permissions, "permissions"),
      use_independent_chat_permissions: v.optional(bool()),
    }),
    async (ctx, p) => {
      const peer = await resolveChat(ctx, p.chat_id);
      if (peer._ === "user") throw badRequest("method is not available for private chats");
      const banned = bannedRightsOf(p.permissions, p.use_independent_chat_permissions ?? false, 0);
      await asRestrictor(() => ctx.call("messages.editChatDefaultBannedRights", { peer, banned_rights: banned }));
      return true;
    },
  ),
};
