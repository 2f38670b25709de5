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
import { coreMessageId, coreMessageIds, historyBoundsOf, idsOfMessages, readBoundOf } from "./box-lookups.ts";
import type { MtAdapterTable, MtContext } from "./context.ts";
import { core } from "./core-call.ts";
import { MessageIds } from "./message-ids.ts";
import { tlChat } from "./present/chats.ts";
import { coreEntities, coreReplyMarkup, tlMessage } from "./present/messages.ts";
import { tlNotifySettings } from "./present/notify-settings.ts";
import { corePeerOf, selfId, tlPeer } from "./present/peers.ts";
import { relatedOf } from "./present/related.ts";
import { chatsIn, messagesIn, tlUpdates } from "./present/updates.ts";
import { tlUser } from "./present/users.ts";

/**
 * A method's updates as Telegram answers them, with updateMessageID for each sent message's random_id
 * (its id as the sender's client sees it: the box id the sender's log gave it, in private chats and groups).
 */
export async function answerUpdates(
  ctx: MtContext,
  updates: Update[],
  sent: { message: Message; randomId: bigint }[] = [],
  knownChats: Chat[] = [],
): Promise<TlTypes["Updates"]> {
  // A message sent again with its random_id comes back without updates: its id is read from the box.
  const ids = await idsOfMessages(
    ctx,
    sent.map((s) => s.message),
    [],
    MessageIds.ofUpdates(selfId(ctx), updates),
  );
  const sentIds = sent.flatMap((s): TlTypes["Update"][] => {
    const id = ids.tlId(s.message.peer_id, s.message.id);
    return id === undefined ? [] : [{ _: "updateMessageID", id, randomId: s.randomId }];
  });
  const related = await relatedOf(ctx, messagesIn(updates), [...chatsIn(updates), ...knownChats]);
  return tlUpdates(ctx.rpc.env, selfId(ctx), updates, related, sentIds);
}

/** What a read or delete moved a pts to (messages.affectedMessages). */
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

/**
 * The same for the caller's own sequence; when nothing moved, their current pts with a count of 0, as
 * Telegram answers (a pts of 0 would look like a gap to the client).
 */
export async function affectedOwn(ctx: MtContext, updates: Update[]): Promise<TlTypes["messages.AffectedMessages"]> {
  const a = affected(updates);
  return a.ptsCount > 0 ? a : { ...a, pts: (await core(ctx, "updates.getState", {})).pts };
}

/** A page of messages in the caller's ids (messages not in their box, such as a group's before they joined, left out). */
export async function tlMessagesPage(
  ctx: MtContext,
  page: { messages: Message[]; count: number; users: User[]; chats: Chat[] },
): Promise<TlTypes["messages.Messages"]> {
  const me = selfId(ctx);
  const env = ctx.rpc.env;
  const ids = await idsOfMessages(ctx, page.messages);
  const shown = page.messages.filter((m) => ids.has(m));
  const body = {
    messages: shown.map((m) => tlMessage(env, me, m, ids)),
    topics: [],
    chats: page.chats.map((c) => tlChat(env, me, c)),
    users: page.users.map((u) => tlUser(env, me, u)),
  };
  if (page.count > page.messages.length) return { _: "messages.messagesSlice", count: page.count, ...body };
  return { _: "messages.messages", ...body };
}

function tlDialog(d: Dialog, ids: MessageIds): TlTypes["Dialog"] {
  // Read marks name a message by id; in the box, the newest one the user has at or before it.
  return {
    _: "dialog",
    peer: tlPeer(d.peer),
    topMessage: ids.tlId(d.peer, d.top_message) ?? 0,
    readInboxMaxId: readMark(ids, d.peer, d.read_inbox_max_id),
    readOutboxMaxId: readMark(ids, d.peer, d.read_outbox_max_id),
    unreadCount: d.unread_count,
    unreadMentionsCount: 0,
    unreadReactionsCount: 0,
    unreadPollVotesCount: 0,
    notifySettings: tlNotifySettings(d.notify_settings),
    ...(d.pts !== undefined ? { pts: d.pts } : {}),
    ...(d.pinned ? { pinned: true } : {}),
    ...(d.folder_id ? { folderId: d.folder_id } : {}),
  };
}

/** The messages a dialog's read marks name. */
const readMarks = (d: Dialog) => [
  { peer: d.peer, id: d.read_inbox_max_id },
  { peer: d.peer, id: d.read_outbox_max_id },
];

/** A read mark in the viewer's ids (0 when it names a message not in their box, such as a group's before they joined). */
function readMark(ids: MessageIds, peer: Dialog["peer"], chatId: number): number {
  return chatId > 0 ? (ids.tlId(peer, chatId) ?? 0) : 0;
}

const CORE_ACTIONS = new Set<string>([
  "sendMessageTypingAction",
  "sendMessageCancelAction",
  "sendMessageRecordAudioAction",
  "sendMessageUploadPhotoAction",
  "sendMessageUploadDocumentAction",
  "sendMessageChooseStickerAction",
]);

/** The message a client replies to, as the core's id in that chat. */
export async function replyToOf(ctx: MtContext, peer: Dialog["peer"], r: TlTypes["InputReplyTo"] | undefined) {
  if (r?._ !== "inputReplyToMessage") return {};
  return { reply_to: { reply_to_msg_id: await coreMessageId(ctx, peer, r.replyToMsgId) } };
}

/**
 * The newest dialogs with the messages, users and chats they name (pages the core's list by date; pinned
 * ones first on the first page). A folder (0 main, 1 archive) when given, else both, as Telegram's flag.
 */
export async function dialogs(ctx: MtContext, offsetDate: number, limit: number, folderId?: number) {
  if (folderId !== undefined && folderId !== 0 && folderId !== 1) throw Errors.badRequest("FOLDER_ID_INVALID");
  return core(ctx, "messages.getDialogs", {
    offset_date: offsetDate,
    limit: Math.min(Math.max(limit, 1), 100),
    ...(folderId !== undefined ? { folder_id: folderId } : {}),
  });
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

/** Dialogs as messages.peerDialogs: with their top messages, users, chats and the caller's updates state. */
export async function peerDialogs(
  ctx: MtContext,
  found: { dialogs: Dialog[]; messages: Message[]; users: User[]; chats: Chat[] },
): Promise<TlTypes["messages.PeerDialogs"]> {
  const me = selfId(ctx);
  const env = ctx.rpc.env;
  const state = await core(ctx, "updates.getState", {});
  const ids = await idsOfMessages(ctx, found.messages, found.dialogs.flatMap(readMarks));
  return {
    _: "messages.peerDialogs",
    dialogs: found.dialogs.map((dialog) => tlDialog(dialog, ids)),
    messages: found.messages.filter((m) => ids.has(m)).map((m) => tlMessage(env, me, m, ids)),
    chats: found.chats.map((c) => tlChat(env, me, c)),
    users: found.users.map((u) => tlUser(env, me, u)),
    state: { _: "updates.state", pts: state.pts, qts: 0, date: state.date, seq: 0, unreadCount: 0 },
  };
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
    const peer = corePeerOf(ctx, call.peer);
    const reply = (await replyToOf(ctx, peer, call.replyTo)).reply_to ?? {};
    await core(ctx, "messages.saveDraft", { peer, message: call.message, ...reply });
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
    const peer = corePeerOf(ctx, call.peer);
    const sent = await core(ctx, "messages.sendMessage", {
      peer,
      message: call.message,
      random_id: BigInt.asIntN(64, call.randomId).toString(),
      ...(entities?.length ? { entities } : {}),
      ...(await replyToOf(ctx, peer, call.replyTo)),
      ...(markup ? { reply_markup: markup } : {}),
    });
    return answerUpdates(ctx, sent.updates, [{ message: sent.message, randomId: call.randomId }]);
  },
  async "messages.editMessage"(ctx, call) {
    const entities = coreEntities(ctx, call.entities);
    const markup = coreReplyMarkup(call.replyMarkup);
    const peer = corePeerOf(ctx, call.peer);
    const edited = await core(ctx, "messages.editMessage", {
      peer,
      id: await coreMessageId(ctx, peer, call.id),
      ...(call.message !== undefined ? { message: call.message } : {}),
      ...(entities ? { entities } : {}),
      ...(markup ? { reply_markup: markup } : {}),
    });
    return answerUpdates(ctx, edited.updates);
  },
  async "messages.forwardMessages"(ctx, call) {
    const fromPeer = corePeerOf(ctx, call.fromPeer);
    const id = await coreMessageIds(ctx, fromPeer, call.id);
    if (id.length !== call.id.length) throw Errors.badRequest("MESSAGE_ID_INVALID");
    const done = await core(ctx, "messages.forwardMessages", {
      from_peer: fromPeer,
      to_peer: corePeerOf(ctx, call.toPeer),
      id,
      random_id: call.randomId.map((r) => BigInt.asIntN(64, r).toString()),
    });
    const sent = done.messages.map((message, i) => ({ message, randomId: call.randomId[i] ?? 0n }));
    return answerUpdates(ctx, done.updates, sent);
  },
  async "messages.readHistory"(ctx, call) {
    const peer = corePeerOf(ctx, call.peer);
    const maxId = await readBoundOf(ctx, peer, call.maxId);
    // Up to an id older than all of the chat's messages in the box: nothing to read.
    if (maxId === null) return affectedOwn(ctx, []);
    const r = await core(ctx, "messages.readHistory", { peer, max_id: maxId });
    return affectedOwn(ctx, r.updates);
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
    const peer = corePeerOf(ctx, call.peer);
    const r = await core(ctx, "messages.sendReaction", {
      peer,
      msg_id: await coreMessageId(ctx, peer, call.msgId),
      reaction,
    });
    return answerUpdates(ctx, r.updates);
  },
  async "messages.updatePinnedMessage"(ctx, call) {
    const peer = corePeerOf(ctx, call.peer);
    const r = await core(ctx, "messages.updatePinnedMessage", {
      peer,
      id: await coreMessageId(ctx, peer, call.id),
      unpin: call.unpin ?? false,
    });
    return answerUpdates(ctx, r.updates);
  },
  async "messages.getHistory"(ctx, call) {
    const peer = corePeerOf(ctx, call.peer);
    const bounds = await historyBoundsOf(ctx, peer, {
      offset_id: Math.max(call.offsetId, 0),
      max_id: Math.max(call.maxId, 0),
      min_id: Math.max(call.minId, 0),
    });
    const page = await core(ctx, "messages.getHistory", {
      peer,
      ...bounds,
      add_offset: Math.min(Math.max(call.addOffset, -100), 10_000),
      limit: Math.min(Math.max(call.limit, 1), 100),
    });
    return await tlMessagesPage(ctx, page);
  },
  async "messages.search"(ctx, call) {
    const peer = call.peer._ === "inputPeerEmpty" ? undefined : corePeerOf(ctx, call.peer);
    // Across chats, an offset in the box names one chat's message: the core pages by chat ids.
    const offsetId = peer
      ? (await historyBoundsOf(ctx, peer, { offset_id: Math.max(call.offsetId, 0), max_id: 0, min_id: 0 })).offset_id
      : 0;
    const page = await core(ctx, "messages.search", {
      ...(peer ? { peer } : {}),
      q: call.q,
      // Pinned messages are the one filter the core keeps; others search the text alone.
      ...(call.filter._ === "inputMessagesFilterPinned" ? { filter: "pinned" as const } : {}),
      offset_id: offsetId,
      limit: Math.min(Math.max(call.limit, 1), 100),
    });
    return await tlMessagesPage(ctx, page);
  },
  async "messages.getDialogs"(ctx, call) {
    const me = selfId(ctx);
    const env = ctx.rpc.env;
    const d = await dialogs(ctx, call.offsetDate, call.limit, call.folderId);
    const ids = await idsOfMessages(ctx, d.messages, d.dialogs.flatMap(readMarks));
    return {
      _: "messages.dialogs",
      dialogs: d.dialogs.map((dialog) => tlDialog(dialog, ids)),
      messages: d.messages.filter((m) => ids.has(m)).map((m) => tlMessage(env, me, m, ids)),
      chats: d.chats.map((c) => tlChat(env, me, c)),
      users: d.users.map((u) => tlUser(env, me, u)),
    };
  },
  async "messages.getPeerDialogs"(ctx, call) {
    const wanted = call.peers.map((p) => {
      if (p._ !== "inputDialogPeer") throw Errors.badRequest("PEER_ID_INVALID");
      return corePeerOf(ctx, p.peer);
    });
    return peerDialogs(ctx, await findDialogs(ctx, wanted));
  },
};
