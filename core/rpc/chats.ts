/** Groups and channels: create, members, admins, titles (messages.*Chat*, channels.*). */

import { Errors } from "../../protocol/errors.ts";
import type { Chat } from "../../protocol/model/chat.ts";
import type { Update } from "../../protocol/model/update.ts";
import { chatObjectOf, directoryOf } from "../objects.ts";
import { newChatId } from "./chat-refs.ts";
import { type HandlerTable, userIdOf } from "./context.ts";
import { usersFor } from "./users.ts";

/** Participants with their accounts beside them, as `viewer` sees those. */
async function withTheirUsers<T extends { participants: { user_id: number }[] }>(env: Env, viewer: number, list: T) {
  return {
    ...list,
    users: await usersFor(
      env,
      viewer,
      list.participants.map((p) => p.user_id),
    ),
  };
}

/** Accounts a participant search takes from the directory before keeping the chat's members among them. */
const SEARCH_CANDIDATES = 1000;

async function requireUsers(env: Env, ids: number[]): Promise<void> {
  const dir = directoryOf(env);
  const exist = await Promise.all(ids.map((id) => dir.exists(id)));
  if (exist.includes(false)) throw Errors.badRequest("USER_ID_INVALID");
}

/** Creates a chat object under a fresh id (retrying on the rare id already taken). */
async function createChatObject(
  env: Env,
  kind: "chat" | "channel",
  creator: number,
  opts: { title: string; users?: number[]; about?: string; megagroup?: boolean; public?: boolean },
): Promise<{ chat: Chat; updates: Update[] }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const key = `${kind}:${newChatId()}`;
    const r = await chatObjectOf(env, key).create(key, creator, opts);
    if (r.created) return { chat: r.chat, updates: r.updates };
  }
  throw Errors.internal("CHAT_ID_GENERATE_FAILED");
}

const group = (env: Env, id: number) => ({ key: `chat:${id}`, chat: chatObjectOf(env, `chat:${id}`) });
const channel = (env: Env, id: number) => ({ key: `channel:${id}`, chat: chatObjectOf(env, `channel:${id}`) });

export const chatsHandlers: HandlerTable<
  | "messages.createChat"
  | "messages.addChatUser"
  | "messages.deleteChatUser"
  | "messages.editChatTitle"
  | "messages.editChatAdmin"
  | "messages.getFullChat"
  | "channels.createChannel"
  | "channels.joinChannel"
  | "channels.leaveChannel"
  | "channels.inviteToChannel"
  | "channels.editAdmin"
  | "messages.editChatAbout"
  | "channels.editTitle"
  | "channels.editBanned"
  | "channels.getParticipant"
  | "channels.getParticipants"
  | "messages.editChatDefaultBannedRights"
> = {
  async "messages.createChat"(ctx, p) {
    const uid = userIdOf(ctx);
    await requireUsers(ctx.env, p.users);
    return createChatObject(ctx.env, "chat", uid, { title: p.title, users: p.users });
  },
  async "messages.addChatUser"(ctx, p) {
    const uid = userIdOf(ctx);
    await requireUsers(ctx.env, [p.user_id]);
    const { key, chat } = group(ctx.env, p.chat_id);
    return chat.addMembers(key, uid, [p.user_id]);
  },
  async "messages.deleteChatUser"(ctx, p) {
    const { key, chat } = group(ctx.env, p.chat_id);
    return chat.removeMember(key, userIdOf(ctx), p.user_id);
  },
  async "messages.editChatTitle"(ctx, p) {
    const { key, chat } = group(ctx.env, p.chat_id);
    return chat.editTitle(key, userIdOf(ctx), p.title);
  },
  async "messages.editChatAdmin"(ctx, p) {
    const { key, chat } = group(ctx.env, p.chat_id);
    await chat.setAdmin(key, userIdOf(ctx), p.user_id, p.is_admin);
    return true as const;
  },
  async "messages.getFullChat"(ctx, p) {
    const uid = userIdOf(ctx);
    if (p.peer._ === "user") throw Errors.badRequest("PEER_ID_INVALID");
    const key = `${p.peer._}:${p.peer.id}`;
    return withTheirUsers(ctx.env, uid, await chatObjectOf(ctx.env, key).fullChat(key, uid));
  },
  async "channels.createChannel"(ctx, p) {
    return createChatObject(ctx.env, "channel", userIdOf(ctx), {
      title: p.title,
      about: p.about,
      megagroup: p.megagroup,
      public: p.public,
    });
  },
  async "channels.joinChannel"(ctx, p) {
    const { key, chat } = channel(ctx.env, p.channel_id);
    return chat.join(key, userIdOf(ctx));
  },
  async "channels.leaveChannel"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = channel(ctx.env, p.channel_id);
    return chat.removeMember(key, uid, uid);
  },
  async "channels.inviteToChannel"(ctx, p) {
    await requireUsers(ctx.env, p.users);
    const { key, chat } = channel(ctx.env, p.channel_id);
    return chat.addMembers(key, userIdOf(ctx), p.users);
  },
  async "channels.editAdmin"(ctx, p) {
    const { key, chat } = channel(ctx.env, p.channel_id);
    await chat.setAdmin(key, userIdOf(ctx), p.user_id, p.is_admin, { rights: p.admin_rights, rank: p.rank });
    return true as const;
  },
  async "messages.editChatAbout"(ctx, p) {
    if (p.peer._ === "user") throw Errors.badRequest("PEER_ID_INVALID");
    const key = `${p.peer._}:${p.peer.id}`;
    await chatObjectOf(ctx.env, key).editAbout(key, userIdOf(ctx), p.about);
    return true as const;
  },
  async "channels.editBanned"(ctx, p) {
    const { key, chat } = channel(ctx.env, p.channel_id);
    return chat.editBanned(key, userIdOf(ctx), p.user_id, p.banned_rights);
  },
  async "channels.getParticipant"(ctx, p) {
    const { key, chat } = channel(ctx.env, p.channel_id);
    return { participant: await chat.getParticipant(key, userIdOf(ctx), p.user_id) };
  },
  async "channels.getParticipants"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = channel(ctx.env, p.channel_id);
    // A name search asks the directory (prefix of a name or username), then keeps the members among them.
    const among = p.q?.trim() ? await directoryOf(ctx.env).search(p.q.trim(), SEARCH_CANDIDATES) : undefined;
    const page = await chat.participantsPage(key, uid, {
      filter: p.filter,
      offset: p.offset,
      limit: p.limit,
      ...(among ? { among } : {}),
    });
    return withTheirUsers(ctx.env, uid, page);
  },
  async "messages.editChatDefaultBannedRights"(ctx, p) {
    if (p.peer._ === "user") throw Errors.badRequest("PEER_ID_INVALID");
    const key = `${p.peer._}:${p.peer.id}`;
    return chatObjectOf(ctx.env, key).editDefaultBannedRights(key, userIdOf(ctx), p.banned_rights);
  },
  async "channels.editTitle"(ctx, p) {
    const { key, chat } = channel(ctx.env, p.channel_id);
    return chat.editTitle(key, userIdOf(ctx), p.title);
  },
};
