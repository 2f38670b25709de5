/**
 * Updates pushed to an MTProto session, in Telegram's shortest form: a plain text message as
 * updateShortMessage / updateShortChatMessage, one typing or status change as updateShort, anything
 * else as `updates` with the users and chats it names (read from the core as the receiving user).
 */
import type { Update } from "../../protocol/model/update.ts";
import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import type { MtContext } from "./context.ts";
import { MessageIds } from "./message-ids.ts";
import { tlEntity, tlReplyTo } from "./present/messages.ts";
import { selfId } from "./present/peers.ts";
import { relatedOfUpdates } from "./present/related.ts";
import { tlUpdate, tlUpdateList, tlUpdates } from "./present/updates.ts";

const EPHEMERAL = new Set<string>(["updateUserTyping", "updateChatUserTyping", "updateUserStatus"]);

function shortForm(viewer: number, u: Update): TlTypes["Updates"] | null {
  if (u._ !== "updateNewMessage") return null;
  const m = u.message;
  if (m.media || m.action || m.reply_markup || m.fwd_from || m.from_id === undefined) return null;
  const ids = MessageIds.ofUpdates(viewer, [u]);
  const id = ids.tlId(m.peer_id, m.id);
  if (id === undefined) return null;
  const common = {
    out: m.out ?? false,
    id,
    message: m.message,
    pts: u.pts,
    ptsCount: u.pts_count,
    date: m.date,
    ...tlReplyTo(ids, m),
    ...(m.entities?.length ? { entities: m.entities.map(tlEntity) } : {}),
  };
  if (m.peer_id._ === "user") {
    // In a private chat the short form names the other side: the author, or for one's own message the peer.
    const other = m.from_id === viewer ? m.peer_id.id : m.from_id;
    return { _: "updateShortMessage", ...common, userId: BigInt(other) };
  }
  if (m.peer_id._ === "chat")
    return { _: "updateShortChatMessage", ...common, fromId: BigInt(m.from_id), chatId: BigInt(m.peer_id.id) };
  return null;
}

/** What to send one session for these updates; null when none has a TL form. */
export async function pushedUpdates(ctx: MtContext, updates: Update[]): Promise<TlTypes["Updates"] | null> {
  const me = selfId(ctx);
  const env = ctx.rpc.env;
  const only = updates.length === 1 ? updates[0] : undefined;
  if (only) {
    const short = shortForm(me, only);
    if (short) return short;
    if (EPHEMERAL.has(only._)) {
      const u = tlUpdate(env, me, only);
      return u ? { _: "updateShort", update: u, date: Math.floor(Date.now() / 1000) } : null;
    }
  }
  if (tlUpdateList(env, me, updates).length === 0) return null;
  return tlUpdates(env, me, updates, await relatedOfUpdates(ctx, updates));
}
