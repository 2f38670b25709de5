/**
 * A user's history as a whole over MTProto: clearing a private chat or group (messages.deleteHistory,
 * a page per call as Telegram does) and searching all of the user's chats (messages.searchGlobal).
 */
import { Errors, toRpcError } from "../../protocol/errors.ts";
import { historyBoundsOf } from "./box-lookups.ts";
import type { MtAdapterTable } from "./context.ts";
import { core } from "./core-call.ts";
import { affectedOwn, tlMessagesPage } from "./messages.ts";
import { corePeerOf } from "./present/peers.ts";

/** Messages deleted per deleteHistory call; the answer's offset asks the client to call again. */
const PAGE = 100;

export const chatHistoryAdapters: MtAdapterTable<"messages.deleteHistory" | "messages.searchGlobal"> = {
  async "messages.deleteHistory"(ctx, call) {
    const peer = corePeerOf(ctx, call.peer);
    if (peer._ === "channel") throw Errors.badRequest("PEER_ID_INVALID");
    // Messages up to max_id (a box id; 0: all of them).
    const bound =
      call.maxId > 0
        ? (await historyBoundsOf(ctx, peer, { offset_id: 0, max_id: call.maxId + 1, min_id: 0 })).max_id
        : 0;
    const page = await core(ctx, "messages.getHistory", { peer, limit: PAGE, max_id: bound }).catch((e: unknown) => {
      // A group the user has left has nothing left to clear for them.
      if (toRpcError(e).code < 500) return null;
      throw e;
    });
    const ids = page?.messages.map((m) => m.id) ?? [];
    const r = ids.length
      ? await core(ctx, "messages.deleteMessages", { peer, id: ids, revoke: call.revoke ?? false })
      : null;
    const a = await affectedOwn(ctx, r?.updates ?? []);
    return { _: "messages.affectedHistory", pts: a.pts, ptsCount: a.ptsCount, offset: ids.length === PAGE ? 1 : 0 };
  },
  /** The newest matches across the user's chats, one page (later pages are empty: the core pages no further). */
  async "messages.searchGlobal"(ctx, call) {
    const first = call.offsetRate === 0 && call.offsetId === 0;
    if (!first || call.q.trim() === "")
      return { _: "messages.messages", messages: [], topics: [], chats: [], users: [] };
    const page = await core(ctx, "messages.search", { q: call.q, limit: Math.min(Math.max(call.limit, 1), 100) });
    return tlMessagesPage(ctx, page);
  },
};
