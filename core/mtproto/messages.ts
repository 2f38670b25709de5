/**
 * messages.* over MTProto for private chats and groups: each call is the core's own, its answer in
 * Telegram's shape (`updates` naming users and chats, `messages.messages` pages, affected pts).
 */
import { Errors } from "../../protocol/errors.ts";
import type { Chat, Dialog } from "../../protocol/model/chat.ts";
import type { Message } from "../../protocol/model/message.ts";
import type { SendMessageAction, Update } from "../../protocol/model/update.ts";
import type { User } from "../../protocol/model/user.ts";
import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import type { MtAdapterTable, MtContext } from "./context.ts";
import { core } from "./core-call.ts";
import { tlChat } from "./present/chats.ts";
import { coreEntities, coreReplyMarkup, tlMessage } from "./present/messages.ts";
import { corePeerOf, selfId, tlPeer } from "./present/peers.ts";
import { relatedOfUpdates } from "./present/related.ts";
import { tlUpdates } from "./present/updates.ts";
import { tlUser } from "./present/users.ts";

/** A method's updates as Telegram answers them, with updateMessageID for each sent message's random_id. */
export async function answerUpdates(
  ctx: MtContext,
  updates: Update[],
  sent: { id: number; randomId: bigint }[] = [],
): Promise<TlTypes["Updates"]> {
  const ids = sent.map((s): TlTypes["Update"] => ({ _: "updateMessageID", id: s.id, randomId: s.randomId }));
  return tlUpdates(ctx.rpc.env, selfId(ctx), updates, await relatedOfUpdates(ctx, updates), ids);
}

/** What a read or delete moved the caller's pts to (messages.affectedMessages). */
export function affected(updates: Update[]): TlTypes["messages.AffectedMessages"] {
  let pts = 0;
  let ptsCount = 0;
  for (const u of updates)
    if ("pts_count" in u) {
      pts = Math.max(pts, u.pts);
      ptsCount += u.pts_count;
    }
  return { _: "messages.affectedMessages", pts, ptsCount };
}

export function tlMessagesPage(
  ctx: MtContext,
  page: { messages: Message[]; count: number; users: User[]; chats: Chat[] },
): TlTypes["messages.Messages"] {
  const me = selfId(ctx);
  const env = ctx.rpc.env;
  const body = {
    messages: page.messages.map((m) => tlMessage(env, me, m)),
    topics: [],
    chats: page.chats.map((c) => tlChat(env, me, c)),
    users: page.users.map((u) => tlUser(env, me, u)),
  };
  if (page.count > page.messages.length) return { _: "messages.messagesSlice", count: page.count, ...body };
  return { _: "messages.messages", ...body };
}

function tlDialog(d: Dialog): TlTypes["Dialog"] {
  return {
    _: "dialog",
    peer: tlPeer(d.peer),
    topMessage: d.top_message,
    readInboxMaxId: d.read_inbox_max_id,
    readOutboxMaxId: d.read_outbox_max_id,
    unreadCount: d.unread_count,
    unreadMentionsCount: 0,
    unreadReactionsCount: 0,
    unreadPollVotesCount: 0,
    notifySettings: { _: "peerNotifySettings" },
    ...(d.pts !== undefined ? { pts: d.pts } : {}),
  };
}

const CORE_ACTIONS = new Set<string>([
  "sendMessageTypingAction",
  "sendMessageCancelAction",
  "sendMessageRecordAudioAction",
  "sendMessageUploadPhotoAction",
  "sendMessageUploadDocumentAction",
  "sendMessageChooseStickerAction",
]);

export const replyToOf = (r: TlTypes["InputReplyTo"] | undefined) =>
  r?._ === "inputReplyToMessage" ? { reply_to: { reply_to_msg_id: r.replyToMsgId } } : {};

/** The newest dialogs with the messages, users and chats they name (pages the core's list by date). */
async function dialogs(ctx: MtContext, offsetDate: number, limit: number) {
  return core(ctx, "messages.getDialogs", { offset_date: offsetDate, limit: Math.min(Math.max(limit, 1), 100) });
}

const samePeer = (a: { _: string; id: number }, b: { _: string; id: number }) => a._ === b._ && a.id === b.id;

/**
 * The caller's dialogs with these peers, with their top messages and the users and chats they name.
 * The core lists dialogs by date: pages until every peer asked for is found (or the list ends).
 */
export async function findDialogs(ctx: MtContext, wanted: { _: string; id: number }[]) {
  const found = { dialogs: [] as Dialog[], messages: [] as Message[], users: [] as User[], chats: [] as Chat[] };
  let offsetDate = 0;
  for (let page = 0; page < 20 && found.dialogs.length < wanted.length; page++) {
    const d = await dialogs(ctx, offsetDate, 100);
    for (const dialog of d.dialogs) {
      if (!wanted.some((w) => samePeer(w, dialog.peer))) continue;
      found.dialogs.push(dialog);
      found.messages.push(...d.messages.filter((m) => m.id === dialog.top_message && samePeer(m.peer_id, dialog.peer)));
    }
    found.users.push(...d.users);
    found.chats.push(...d.chats);
    const last = d.messages.at(-1);
    if (d.dialogs.length < 100 || !last) break;
    offsetDate = last.date;
  }
  return found;
}

export const messagesAdapters: MtAdapterTable<
  | "messages.sendMessage"
  | "messages.editMessage"
  | "messages.forwardMessages"
  | "messages.readHistory"
  | "messages.setTyping"
  | "messages.sendReaction"
  | "messages.updatePinnedMessage"
  | "messages.getHistory"
  | "messages.search"
  | "messages.getDialogs"
  | "messages.getPeerDialogs"
  | "messages.saveDraft"
  | "messages.getAllDrafts"
> = {
  async "messages.saveDraft"(ctx, call) {
    const reply = call.replyTo?._ === "inputReplyToMessage" ? { reply_to_msg_id: call.replyTo.replyToMsgId } : {};
    await core(ctx, "messages.saveDraft", { peer: corePeerOf(ctx, call.peer), message: call.message, ...reply });
    return true;
  },
  async "messages.getAllDrafts"(ctx) {
    const { drafts } = await core(ctx, "messages.getAllDrafts", {});
    return answerUpdates(
      ctx,
      drafts.map((d) => ({ _: "updateDraftMessage" as const, peer: d.peer, draft: d.draft })),
    );
  },
  async "messages.sendMessage"(ctx, call) {
    const entities = coreEntities(ctx, call.entities);
    const markup = coreReplyMarkup(call.replyMarkup);
    const sent = await core(ctx, "messages.sendMessage", {
      peer: corePeerOf(ctx, call.peer),
      message: call.message,
      random_id: BigInt.asIntN(64, call.randomId).toString(),
      ...(entities?.length ? { entities } : {}),
      ...replyToOf(call.replyTo),
      ...(markup ? { reply_markup: markup } : {}),
    });
    return answerUpdates(ctx, sent.updates, [{ id: sent.message.id, randomId: call.randomId }]);
  },
  async "messages.editMessage"(ctx, call) {
    const entities = coreEntities(ctx, call.entities);
    const markup = coreReplyMarkup(call.replyMarkup);
    const edited = await core(ctx, "messages.editMessage", {
      peer: corePeerOf(ctx, call.peer),
      id: call.id,
      ...(call.message !== undefined ? { message: call.message } : {}),
      ...(entities ? { entities } : {}),
      ...(markup ? { reply_markup: markup } : {}),
    });
    return answerUpdates(ctx, edited.updates);
  },
  async "messages.forwardMessages"(ctx, call) {
    const done = await core(ctx, "messages.forwardMessages", {
      from_peer: corePeerOf(ctx, call.fromPeer),
      to_peer: corePeerOf(ctx, call.toPeer),
      id: call.id,
      random_id: call.randomId.map((r) => BigInt.asIntN(64, r).toString()),
    });
    const sent = done.messages.map((m, i) => ({ id: m.id, randomId: call.randomId[i] ?? 0n }));
    return answerUpdates(ctx, done.updates, sent);
  },
  async "messages.readHistory"(ctx, call) {
    const r = await core(ctx, "messages.readHistory", { peer: corePeerOf(ctx, call.peer), max_id: call.maxId });
    return affected(r.updates);
  },
  async "messages.setTyping"(ctx, call) {
    // Kinds the core does not relay (recording video, choosing a contact …) are accepted and dropped.
    if (!CORE_ACTIONS.has(call.action._)) return true;
    const action = call.action._ as SendMessageAction;
    await core(ctx, "messages.setTyping", { peer: corePeerOf(ctx, call.peer), action });
    return true;
  },
  async "messages.sendReaction"(ctx, call) {
    const reaction = (call.reaction ?? []).map((r) => {
      if (r._ !== "reactionEmoji") throw Errors.badRequest("REACTION_INVALID");
      return r.emoticon;
    });
    const r = await core(ctx, "messages.sendReaction", {
      peer: corePeerOf(ctx, call.peer),
      msg_id: call.msgId,
      reaction,
    });
    return answerUpdates(ctx, r.updates);
  },
  async "messages.updatePinnedMessage"(ctx, call) {
    const r = await core(ctx, "messages.updatePinnedMessage", {
      peer: corePeerOf(ctx, call.peer),
      id: call.id,
      unpin: call.unpin ?? false,
    });
    return answerUpdates(ctx, r.updates);
  },
  async "messages.getHistory"(ctx, call) {
    const page = await core(ctx, "messages.getHistory", {
      peer: corePeerOf(ctx, call.peer),
      offset_id: Math.max(call.offsetId, 0),
      add_offset: Math.min(Math.max(call.addOffset, -100), 10_000),
      limit: Math.min(Math.max(call.limit, 1), 100),
      max_id: Math.max(call.maxId, 0),
      min_id: Math.max(call.minId, 0),
    });
    return tlMessagesPage(ctx, page);
  },
  async "messages.search"(ctx, call) {
    const page = await core(ctx, "messages.search", {
      ...(call.peer._ === "inputPeerEmpty" ? {} : { peer: corePeerOf(ctx, call.peer) }),
      q: call.q,
      // Pinned messages are the one filter the core keeps; others search the text alone.
      ...(call.filter._ === "inputMessagesFilterPinned" ? { filter: "pinned" as const } : {}),
      offset_id: Math.max(call.offsetId, 0),
      limit: Math.min(Math.max(call.limit, 1), 100),
    });
    return tlMessagesPage(ctx, page);
  },
  async "messages.getDialogs"(ctx, call) {
    const me = selfId(ctx);
    const env = ctx.rpc.env;
    const d = await dialogs(ctx, call.offsetDate, call.limit);
    return {
      _: "messages.dialogs",
      dialogs: d.dialogs.map(tlDialog),
      messages: d.messages.map((m) => tlMessage(env, me, m)),
      chats: d.chats.map((c) => tlChat(env, me, c)),
      users: d.users.map((u) => tlUser(env, me, u)),
    };
  },
  async "messages.getPeerDialogs"(ctx, call) {
    const me = selfId(ctx);
    const env = ctx.rpc.env;
    const wanted = call.peers.map((p) => {
      if (p._ !== "inputDialogPeer") throw Errors.badRequest("PEER_ID_INVALID");
      return corePeerOf(ctx, p.peer);
    });
    const found = await findDialogs(ctx, wanted);
    const state = await core(ctx, "updates.getState", {});
    return {
      _: "messages.peerDialogs",
      dialogs: found.dialogs.map(tlDialog),
      messages: found.messages.map((m) => tlMessage(env, me, m)),
      chats: found.chats.map((c) => tlChat(env, me, c)),
      users: found.users.map((u) => tlUser(env, me, u)),
      state: { _: "updates.state", pts: state.pts, qts: 0, date: state.date, seq: 0, unreadCount: 0 },
    };
  },
};
