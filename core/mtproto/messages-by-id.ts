/**
 * The messages.* methods that name private-chat and group messages by id alone: the id is the user's
 * box id, which says the chat too, so each call becomes the core's call per chat.
 */
import type { Chat } from "../../protocol/model/chat.ts";
import type { Message } from "../../protocol/model/message.ts";
import type { Update } from "../../protocol/model/update.ts";
import type { User } from "../../protocol/model/user.ts";
import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import { chatsOfIds, idsOfMessages } from "./box-lookups.ts";
import type { MtAdapterTable } from "./context.ts";
import { core } from "./core-call.ts";
import { affectedOwn } from "./messages.ts";
import { tlChat } from "./present/chats.ts";
import { tlMessage } from "./present/messages.ts";
import { selfId } from "./present/peers.ts";
import { tlUser } from "./present/users.ts";

/** Telegram answers at most this many ids per call. */
const MAX_IDS = 200;

export const messagesByIdAdapters: MtAdapterTable<
  "messages.getMessages" | "messages.deleteMessages" | "messages.readMessageContents"
> = {
  /** In the order asked; an id the user has no message under is messageEmpty, as Telegram answers. */
  async "messages.getMessages"(ctx, call) {
    const me = selfId(ctx);
    const env = ctx.rpc.env;
    const asked = call.id.slice(0, MAX_IDS).map((m) => (m._ === "inputMessageID" ? m.id : 0));
    const found = { messages: [] as Message[], users: new Map<number, User>(), chats: new Map<string, Chat>() };
    for (const { peer, ids } of await chatsOfIds(ctx, asked)) {
      // A message since deleted, or a chat since left, is simply not found.
      const page = await core(ctx, "messages.getMessages", { peer, id: ids }).catch(() => null);
      if (!page) continue;
      found.messages.push(...page.messages);
      for (const u of page.users) found.users.set(u.id, u);
      for (const c of page.chats) found.chats.set(`${c._}:${c.id}`, c);
    }
    const ids = await idsOfMessages(ctx, found.messages);
    const byId = new Map(found.messages.map((m) => [ids.tlId(m.peer_id, m.id), m]));
    return {
      _: "messages.messages",
      messages: asked.map((id): TlTypes["Message"] => {
        const m = byId.get(id);
        return m ? tlMessage(env, me, m, ids) : { _: "messageEmpty", id };
      }),
      topics: [],
      chats: [...found.chats.values()].map((c) => tlChat(env, me, c)),
      users: [...found.users.values()].map((u) => tlUser(env, me, u)),
    };
  },
  /** Ids the user has no message under are ignored, as Telegram does. */
  async "messages.deleteMessages"(ctx, call) {
    const updates: Update[] = [];
    for (const { peer, ids } of await chatsOfIds(ctx, call.id.slice(0, MAX_IDS))) {
      const r = await core(ctx, "messages.deleteMessages", { peer, id: ids, revoke: call.revoke ?? false });
      updates.push(...r.updates);
    }
    return affectedOwn(ctx, updates);
  },
  /**
   * Accepted for the user's own messages: the core keeps no "contents read" marks (voice played,
   * mention seen) yet, so nothing changes and the pts stays where it is.
   */
  async "messages.readMessageContents"(ctx) {
    return affectedOwn(ctx, []);
  },
};
