/**
 * The core's updates as TL's, for one viewer, and a method's updates wrapped as Telegram answers them
 * (`updates` with the users and chats they name). Updates only bots receive have no TL form here.
 */

import type { Chat } from "../../../protocol/model/chat.ts";
import type { Message } from "../../../protocol/model/message.ts";
import { channelIdOf, type SendMessageAction, type Update } from "../../../protocol/model/update.ts";
import type { User } from "../../../protocol/model/user.ts";
import type { TlTypes } from "../../../protocol/mtproto/gen/api-types.ts";
import type { AccessHashEnv } from "../access-hash.ts";
import { MessageIds } from "../message-ids.ts";
import { tlChat } from "./chats.ts";
import { tlMessage, tlReactions } from "./messages.ts";
import { tlNotifySettings } from "./notify-settings.ts";
import { tlPeer } from "./peers.ts";
import { tlPoll, tlPollResults } from "./polls.ts";
import { tlUser, tlUserStatus } from "./users.ts";

/** The core's typing action as TL's (upload actions carry a progress TL requires; the core has none). */
export function tlAction(a: SendMessageAction): TlTypes["SendMessageAction"] {
  if (a === "sendMessageUploadPhotoAction" || a === "sendMessageUploadDocumentAction") return { _: a, progress: 0 };
  return { _: a };
}

/**
 * One update for one viewer. Message ids in the viewer's own sequence are the box ids the viewer's log
 * wrote into the update; an update about messages the viewer's client never had is left out (null).
 */
export function tlUpdate(env: AccessHashEnv, viewer: number, u: Update): TlTypes["Update"] | null {
  const ids = MessageIds.ofUpdates(viewer, [u]);
  const known = (peer: Parameters<MessageIds["tlId"]>[0], list: number[]) =>
    list.flatMap((id) => ids.tlId(peer, id) ?? []);
  switch (u._) {
    case "updateNewMessage":
    case "updateEditMessage":
    case "updateNewChannelMessage":
    case "updateEditChannelMessage": {
      if (!ids.has(u.message)) return null;
      return { _: u._, message: tlMessage(env, viewer, u.message, ids), pts: u.pts, ptsCount: u.pts_count };
    }
    case "updateDeleteMessages": {
      const messages = known(u.peer, u.messages);
      return messages.length > 0 ? { _: u._, messages, pts: u.pts, ptsCount: u.pts_count } : null;
    }
    case "updateReadHistoryInbox":
      return {
        _: u._,
        peer: tlPeer(u.peer),
        maxId: ids.tlId(u.peer, u.max_id) ?? 0,
        stillUnreadCount: u.still_unread_count,
        pts: u.pts,
        ptsCount: u.pts_count,
      };
    case "updateReadHistoryOutbox":
      return {
        _: u._,
        peer: tlPeer(u.peer),
        maxId: ids.tlId(u.peer, u.max_id) ?? 0,
        pts: u.pts,
        ptsCount: u.pts_count,
      };
    case "updateMessageReactions": {
      const msgId = ids.tlId(u.peer, u.msg_id);
      if (msgId === undefined) return null;
      return { _: u._, peer: tlPeer(u.peer), msgId, reactions: tlReactions(u.reactions) };
    }
    case "updateChannelMessageReactions":
      return {
        _: "updateMessageReactions",
        peer: tlPeer({ _: "channel", id: u.channel_id }),
        msgId: u.msg_id,
        reactions: tlReactions(u.reactions),
      };
    case "updatePinnedMessages": {
      const messages = known(u.peer, u.messages);
      if (messages.length === 0) return null;
      return { _: u._, pinned: u.pinned, peer: tlPeer(u.peer), messages, pts: u.pts, ptsCount: u.pts_count };
    }
    case "updatePinnedChannelMessages":
      return {
        _: u._,
        pinned: u.pinned,
        channelId: BigInt(u.channel_id),
        messages: u.messages,
        pts: u.pts,
        ptsCount: u.pts_count,
      };
    case "updateDeleteChannelMessages":
      return { _: u._, channelId: BigInt(u.channel_id), messages: u.messages, pts: u.pts, ptsCount: u.pts_count };
    case "updateChat":
      return u.chat._ === "chat"
        ? { _: "updateChat", chatId: BigInt(u.chat.id) }
        : { _: "updateChannel", channelId: BigInt(u.chat.id) };
    case "updateChannelTooLong":
      return { _: u._, channelId: BigInt(u.channel_id), ...(u.pts !== undefined ? { pts: u.pts } : {}) };
    case "updateChannel":
      return { _: u._, channelId: BigInt(u.channel_id) };
    case "updateBotCallbackQuery": {
      const msgId = ids.tlId(u.peer, u.msg_id);
      if (msgId === undefined) return null;
      return {
        _: u._,
        queryId: BigInt.asIntN(64, BigInt(u.query_id)),
        userId: BigInt(u.user_id),
        peer: tlPeer(u.peer),
        msgId,
        chatInstance: BigInt.asIntN(64, BigInt(u.chat_instance)),
        data: new TextEncoder().encode(u.data),
      };
    }
    case "updateUserTyping":
      return { _: u._, userId: BigInt(u.user_id), action: tlAction(u.action) };
    case "updateChatUserTyping": {
      const fromId = tlPeer({ _: "user", id: u.from_id });
      if (u.peer._ === "channel")
        return { _: "updateChannelUserTyping", channelId: BigInt(u.peer.id), fromId, action: tlAction(u.action) };
      return { _: u._, chatId: BigInt(u.peer.id), fromId, action: tlAction(u.action) };
    }
    case "updateUserStatus": {
      const status = tlUserStatus(u.status) ?? { _: "userStatusEmpty" };
      return { _: u._, userId: BigInt(u.user_id), status };
    }
    case "updateDraftMessage":
      return {
        _: u._,
        peer: tlPeer(u.peer),
        draft: u.draft
          ? {
              _: "draftMessage",
              message: u.draft.message,
              date: u.draft.date,
              ...(u.draft.reply_to_msg_id
                ? { replyTo: { _: "inputReplyToMessage", replyToMsgId: u.draft.reply_to_msg_id } }
                : {}),
            }
          : { _: "draftMessageEmpty" },
      };
    case "updateNotifySettings":
      return {
        _: u._,
        peer: { _: "notifyPeer", peer: tlPeer(u.peer) },
        notifySettings: tlNotifySettings(u.notify_settings),
      };
    case "updateDialogPinned":
      return {
        _: u._,
        ...(u.pinned ? { pinned: true } : {}),
        ...(u.folder_id ? { folderId: u.folder_id } : {}),
        peer: { _: "dialogPeer", peer: tlPeer(u.peer) },
      };
    case "updatePinnedDialogs":
      return {
        _: u._,
        ...(u.folder_id ? { folderId: u.folder_id } : {}),
        order: u.order.map((p) => ({ _: "dialogPeer" as const, peer: tlPeer(p) })),
      };
    case "updateFolderPeers":
      return {
        _: u._,
        folderPeers: u.folder_peers.map((f) => ({
          _: "folderPeer" as const,
          peer: tlPeer(f.peer),
          folderId: f.folder_id,
        })),
        pts: u.pts,
        ptsCount: u.pts_count,
      };
    case "updateMessagePoll":
      return { _: u._, pollId: BigInt(u.poll_id), poll: tlPoll(u.poll), results: tlPollResults(u.results) };
    default:
      return null;
  }
}

/** Messages the updates carry, and the chats they change (for the users and chats an answer must name). */
export function messagesIn(updates: Update[]): Message[] {
  return updates.flatMap((u) => ("message" in u ? [u.message] : []));
}
export function chatsIn(updates: Update[]): Chat[] {
  return updates.flatMap((u) => (u._ === "updateChat" ? [u.chat] : []));
}

/** The user ids messages name (authors, private peers, service messages' members, forwards). */
export function userIdsOf(messages: Message[]): number[] {
  const ids = new Set<number>();
  for (const m of messages) {
    if (m.from_id !== undefined) ids.add(m.from_id);
    if (m.peer_id._ === "user") ids.add(m.peer_id.id);
    if (m.fwd_from?.from_id !== undefined) ids.add(m.fwd_from.from_id);
    const a = m.action;
    if (a && "users" in a) for (const id of a.users) ids.add(id);
    if (a && "user_id" in a) ids.add(a.user_id);
    for (const e of m.entities ?? []) if (e._ === "messageEntityMentionName") ids.add(e.user_id);
  }
  return [...ids];
}

export interface Related {
  users: User[];
  chats: Chat[];
}

/**
 * What fills the place in a pts sequence that the core gave an update TL sends without a pts (reactions,
 * a group's change) or cannot send at all: an update that changes nothing and carries that pts, so the
 * client sees no gap (a gap would send every client to getDifference, and Telethon waits before it
 * does). Reading no messages' contents, or deleting no channel messages, is that update.
 */
export function ptsFiller(core: Update, tl: TlTypes["Update"] | null): TlTypes["Update"] | null {
  if (!("pts_count" in core) || core.pts_count === 0 || (tl && "pts" in tl)) return null;
  const channelId = channelIdOf(core);
  if (channelId !== undefined)
    return {
      _: "updateDeleteChannelMessages",
      channelId: BigInt(channelId),
      messages: [],
      pts: core.pts,
      ptsCount: core.pts_count,
    };
  return { _: "updateReadMessagesContents", messages: [], pts: core.pts, ptsCount: core.pts_count };
}

/** The TL updates for the core's (fillers where a pts would otherwise go missing). */
export function tlUpdateList(env: AccessHashEnv, viewer: number, updates: Update[]): TlTypes["Update"][] {
  return updates.flatMap((u) => {
    const tl = tlUpdate(env, viewer, u);
    const filler = ptsFiller(u, tl);
    return [...(tl ? [tl] : []), ...(filler ? [filler] : [])];
  });
}

/** TL's `updates`: the updates (those with a TL form) with the users and chats they name. */
export function tlUpdates(
  env: AccessHashEnv,
  viewer: number,
  updates: Update[],
  related: Related,
  extra: TlTypes["Update"][] = [],
): TlTypes["Updates"] {
  return {
    _: "updates",
    updates: [...extra, ...tlUpdateList(env, viewer, updates)],
    users: related.users.map((u) => tlUser(env, viewer, u)),
    chats: related.chats.map((c) => tlChat(env, viewer, c)),
    date: Math.floor(Date.now() / 1000),
    seq: 0,
  };
}
