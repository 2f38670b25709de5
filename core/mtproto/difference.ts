/**
 * updates.getDifference over MTProto: the caller's pts stream since a pts, read from the same log
 * Edgegram devices catch up from. New messages go in new_messages, the rest in other_updates.
 */

import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import { DIFFERENCE_SLICE } from "../../protocol/rpc/updates.ts";
import type { MtAdapterTable } from "./context.ts";
import { core } from "./core-call.ts";
import { MessageIds } from "./message-ids.ts";
import { tlChat } from "./present/chats.ts";
import { tlMessage } from "./present/messages.ts";
import { selfId } from "./present/peers.ts";
import { tlUpdate } from "./present/updates.ts";
import { tlUser } from "./present/users.ts";

const state = (s: { pts: number; date: number }): TlTypes["updates.State"] => ({
  _: "updates.state",
  pts: s.pts,
  qts: 0,
  date: s.date,
  seq: 0,
  unreadCount: 0,
});

export const differenceAdapters: MtAdapterTable<"updates.getDifference"> = {
  async "updates.getDifference"(ctx, call) {
    const me = selfId(ctx);
    const env = ctx.rpc.env;
    const limit = Math.min(Math.max(call.ptsTotalLimit ?? DIFFERENCE_SLICE, 1), DIFFERENCE_SLICE);
    const d = await core(ctx, "updates.getDifference", { pts: Math.max(call.pts, 0), limit });
    if (d._ === "updates.differenceEmpty") return { _: "updates.differenceEmpty", date: d.state.date, seq: 0 };
    if (d._ === "updates.differenceTooLong") return { _: "updates.differenceTooLong", pts: d.state.pts };
    // New messages carry the box ids the user's log gave them.
    const ids = MessageIds.ofUpdates(me, d.updates);
    const newMessages = d.updates.flatMap((u) =>
      u._ === "updateNewMessage" && ids.has(u.message) ? [tlMessage(env, me, u.message, ids)] : [],
    );
    const otherUpdates = d.updates.flatMap((u) => (u._ === "updateNewMessage" ? [] : (tlUpdate(env, me, u) ?? [])));
    const body = {
      newMessages,
      newEncryptedMessages: [],
      otherUpdates,
      chats: d.chats.map((c) => tlChat(env, me, c)),
      users: d.users.map((u) => tlUser(env, me, u)),
    };
    if (d._ === "updates.differenceSlice")
      return { _: "updates.differenceSlice", ...body, intermediateState: state(d.intermediate_state) };
    return { _: "updates.difference", ...body, state: state(d.state) };
  },
};
