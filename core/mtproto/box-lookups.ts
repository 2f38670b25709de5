/**
 * Reads of the calling user's message box (durable-objects/message-boxes.ts): the box ids of the core's
 * messages for presenting them, and a client's box ids back as the core's chats and ids.
 */
import { Errors } from "../../protocol/errors.ts";
import type { Message } from "../../protocol/model/message.ts";
import type { Peer } from "../../protocol/model/peer.ts";
import { chatKeyOf, peerOf } from "../chat/keys.ts";
import { userObjectOf } from "../objects.ts";
import type { MtContext } from "./context.ts";
import { isBoxedPeer, MessageIds } from "./message-ids.ts";
import { selfId } from "./present/peers.ts";

const boxOf = (ctx: MtContext) => userObjectOf(ctx.rpc.env, selfId(ctx));

/**
 * The ids of these messages (and of their replies, and of other messages named) for the calling user,
 * added to `ids` (what updates already told) with at most one call.
 */
export async function idsOfMessages(
  ctx: MtContext,
  messages: Message[],
  named: { peer: Peer; id: number }[] = [],
  ids = MessageIds.empty(selfId(ctx)),
): Promise<MessageIds> {
  const wanted = ids.missing(messages, named);
  return Object.keys(wanted).length === 0 ? ids : ids.addFound(await boxOf(ctx).boxIds(wanted));
}

/** Chat ids of a client's ids in one chat; ids not in that chat are refused as Telegram does. */
export async function coreMessageIds(ctx: MtContext, peer: Peer, tlIds: number[]): Promise<number[]> {
  if (!isBoxedPeer(peer)) return tlIds;
  const key = chatKeyOf(selfId(ctx), peer);
  const found = await boxOf(ctx).unbox(tlIds);
  const byBox = new Map(found.filter((b) => b.chat_key === key).map((b) => [b.box_id, b.msg_id]));
  return tlIds.flatMap((id) => {
    const chatId = byBox.get(id);
    return chatId === undefined ? [] : [chatId];
  });
}

/** One message a client names in a chat; MESSAGE_ID_INVALID when it is not there. */
export async function coreMessageId(ctx: MtContext, peer: Peer, tlId: number): Promise<number> {
  const [id] = await coreMessageIds(ctx, peer, [tlId]);
  if (id === undefined) throw Errors.badRequest("MESSAGE_ID_INVALID");
  return id;
}

/** A client's ids without a chat (messages.getMessages, messages.deleteMessages), grouped by chat. */
export async function chatsOfIds(ctx: MtContext, tlIds: number[]): Promise<{ peer: Peer; ids: number[] }[]> {
  const me = selfId(ctx);
  const found = await boxOf(ctx).unbox(tlIds);
  const groups = new Map<string, { peer: Peer; ids: number[] }>();
  for (const b of found) {
    const g = groups.get(b.chat_key) ?? { peer: peerOf(b.chat_key, me), ids: [] };
    groups.set(b.chat_key, g);
    g.ids.push(b.msg_id);
  }
  return [...groups.values()];
}

/** getHistory's offset_id / max_id / min_id (box ids) as the chat's ids. */
export async function historyBoundsOf(
  ctx: MtContext,
  peer: Peer,
  b: { offset_id: number; max_id: number; min_id: number },
): Promise<{ offset_id: number; max_id: number; min_id: number }> {
  if (!isBoxedPeer(peer) || (b.offset_id <= 0 && b.max_id <= 0 && b.min_id <= 0)) return b;
  return boxOf(ctx).historyBounds(chatKeyOf(selfId(ctx), peer), b);
}

/**
 * "Read up to this id" as the chat's id: 0 stays 0 (everything); null when the user has no message of
 * this chat at or before it (nothing to read).
 */
export async function readBoundOf(ctx: MtContext, peer: Peer, maxId: number): Promise<number | null> {
  if (!isBoxedPeer(peer) || maxId <= 0) return Math.max(maxId, 0);
  const id = await boxOf(ctx).readBound(chatKeyOf(selfId(ctx), peer), maxId);
  return id === 0 ? null : id;
}
