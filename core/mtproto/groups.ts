/**
 * Basic groups, bot buttons and poll votes over MTProto: create, add a member, read a group's members,
 * press a Bot API bot's inline button, vote. Each is the core's call; answers in Telegram's shape.
 */
import type { ChatParticipant } from "../../protocol/model/chat.ts";
import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import { coreMessageId } from "./box-lookups.ts";
import type { MtAdapterTable, MtContext } from "./context.ts";
import { core } from "./core-call.ts";
import { answerUpdates } from "./messages.ts";
import { tlChat } from "./present/chats.ts";
import { basicChatId, corePeerOf, inputUserId, selfId } from "./present/peers.ts";
import { tlUser } from "./present/users.ts";

const utf8 = new TextDecoder();

function tlParticipant(p: ChatParticipant, creatorId: number): TlTypes["ChatParticipant"] {
  const userId = BigInt(p.user_id);
  if (p.role === "creator") return { _: "chatParticipantCreator", userId };
  const inviterId = BigInt(creatorId);
  if (p.role === "admin") return { _: "chatParticipantAdmin", userId, inviterId, date: p.date };
  return { _: "chatParticipant", userId, inviterId, date: p.date };
}

export async function invited(ctx: MtContext, updates: Parameters<typeof answerUpdates>[1]) {
  return { _: "messages.invitedUsers" as const, updates: await answerUpdates(ctx, updates), missingInvitees: [] };
}

export const groupsAdapters: MtAdapterTable<
  | "messages.createChat"
  | "messages.addChatUser"
  | "messages.getFullChat"
  | "messages.getBotCallbackAnswer"
  | "messages.setBotCallbackAnswer"
  | "messages.sendVote"
> = {
  /** A bot signed in over MTProto answers a button press it was pushed (updateBotCallbackQuery). */
  async "messages.setBotCallbackAnswer"(ctx, call) {
    return core(ctx, "messages.setBotCallbackAnswer", {
      query_id: BigInt.asUintN(64, call.queryId).toString(),
      ...(call.message !== undefined ? { message: call.message } : {}),
      ...(call.alert ? { alert: true } : {}),
      ...(call.url !== undefined ? { url: call.url } : {}),
      cache_time: Math.max(call.cacheTime, 0),
    });
  },
  async "messages.createChat"(ctx, call) {
    const users = call.users.map((u) => inputUserId(ctx, u));
    const r = await core(ctx, "messages.createChat", { title: call.title, users });
    return invited(ctx, r.updates.length ? r.updates : [{ _: "updateChat", chat: r.chat, pts: 0, pts_count: 0 }]);
  },
  async "messages.addChatUser"(ctx, call) {
    const r = await core(ctx, "messages.addChatUser", {
      chat_id: basicChatId(call.chatId),
      user_id: inputUserId(ctx, call.userId),
    });
    return invited(ctx, r.updates);
  },
  async "messages.getFullChat"(ctx, call) {
    const me = selfId(ctx);
    const env = ctx.rpc.env;
    const full = await core(ctx, "messages.getFullChat", { peer: { _: "chat", id: basicChatId(call.chatId) } });
    const creator = full.participants.find((p) => p.role === "creator")?.user_id ?? me;
    return {
      _: "messages.chatFull",
      fullChat: {
        _: "chatFull",
        id: call.chatId,
        about: "",
        participants: {
          _: "chatParticipants",
          chatId: call.chatId,
          participants: full.participants.map((p) => tlParticipant(p, creator)),
          version: 1,
        },
        notifySettings: { _: "peerNotifySettings" },
      },
      chats: [tlChat(env, me, full.chat)],
      users: full.users.map((u) => tlUser(env, me, u)),
    };
  },
  async "messages.getBotCallbackAnswer"(ctx, call) {
    const peer = corePeerOf(ctx, call.peer);
    const a = await core(ctx, "messages.getBotCallbackAnswer", {
      peer,
      msg_id: await coreMessageId(ctx, peer, call.msgId),
      data: utf8.decode(call.data ?? new Uint8Array()),
    });
    return {
      _: "messages.botCallbackAnswer",
      alert: a.alert ?? false,
      ...(a.message !== undefined ? { message: a.message } : {}),
      ...(a.url !== undefined ? { url: a.url, hasUrl: true } : {}),
      cacheTime: a.cache_time,
    };
  },
  async "messages.sendVote"(ctx, call) {
    const peer = corePeerOf(ctx, call.peer);
    const r = await core(ctx, "messages.sendVote", {
      peer,
      msg_id: await coreMessageId(ctx, peer, call.msgId),
      options: call.options.map((o) => utf8.decode(o)),
    });
    return answerUpdates(ctx, r.updates);
  },
};
