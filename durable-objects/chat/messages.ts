/**
 * Message operations in a chat: send (one message or an album), edit, delete, react, pin, read
 * receipts, typing, and reading history back. Each checks the caller (Membership.enter, then the
 * rules of core/chat/access.ts and core/chat/rights.ts) and hands its change to Changes.
 */

import {
  isBroadcast,
  otherUserOf,
  requireAdmin,
  requireCanPost,
  requireMayDelete,
  requireNotBlocked,
} from "../../core/chat/access.ts";
import { parseChatKey, peerOf } from "../../core/chat/keys.ts";
import { MAX_GROUP_MEMBERS } from "../../core/chat/limits.ts";
import { renderMessage } from "../../core/chat/render.ts";
import { requireCanSend, requireRight } from "../../core/chat/rights.ts";
import type { FloodLimiter } from "../../core/flood.ts";
import { userObjectOf } from "../../core/objects.ts";
import { isDevice } from "../../core/rpc/call.ts";
import { randomDecimalId } from "../../protocol/binary.ts";
import { Errors } from "../../protocol/errors.ts";
import type { MediaRef } from "../../protocol/model/media.ts";
import type { Message, MessageEntity, MessageFwdHeader, ReplyMarkup } from "../../protocol/model/message.ts";
import {
  type InputMediaPoll,
  isFileMedia,
  isPollMedia,
  type MessageMedia,
} from "../../protocol/model/message-media.ts";
import type { SendMessageAction, Update } from "../../protocol/model/update.ts";
import * as albums from "./albums.ts";
import type { BotEvents } from "./bot-events.ts";
import { type Changes, newMessageChange } from "./changes.ts";
import type { Fanout } from "./fanout.ts";
import { topicForSend } from "./forum.ts";
import type { Membership } from "./members.ts";
import * as polls from "./poll-store.ts";
import type { PollUpdates } from "./poll-updates.ts";
import { noteRead } from "./read-marks.ts";
import { rightsOf } from "./rights-store.ts";
import type { ChatScope } from "./scope.ts";
import * as store from "./store.ts";
import { setViaBot } from "./via-bot.ts";
import type { ChatViews } from "./views.ts";

export interface SendInput {
  text: string;
  random_id: string;
  entities?: MessageEntity[];
  reply_to?: number;
  /** The forum topic to post in (else the replied-to message's topic, else General). */
  top_msg_id?: number;
  media?: MessageMedia;
  markup?: ReplyMarkup;
  fwd?: MessageFwdHeader;
  /** With a messageMediaPoll: its quiz answers and solution, stored beside the message. */
  poll?: InputMediaPoll;
  /** Posted through this bot's inline mode. */
  via_bot?: number;
  /** The sending device's auth key id: it gets the update in the RPC result, so it is not pushed there. */
  senderDevice?: string;
}

export interface AlbumItem {
  text: string;
  entities?: MessageEntity[];
  media: MediaRef;
  random_id: string;
}

export interface MessagePatch {
  text?: string;
  entities?: MessageEntity[];
  markup?: ReplyMarkup | null;
  media?: MediaRef;
}

interface Parts {
  fanout: Fanout;
  changes: Changes;
  members: Membership;
  views: ChatViews;
  bots: BotEvents;
  polls: PollUpdates;
  flood: { sender: FloodLimiter; chat: FloodLimiter };
}

export class Messages {
  private readonly scope: ChatScope;
  private readonly sql: SqlStorage;
  private readonly p: Parts;

  constructor(scope: ChatScope, parts: Parts) {
    this.scope = scope;
    this.sql = scope.sql;
    this.p = parts;
  }

  /** The caller may post here at all (broadcast channels: admins; private chats: nobody blocked). */
  private async poster(key: string, userId: number) {
    const { m, me } = await this.p.members.enter(key, userId);
    requireCanPost(m, me);
    if (m.kind === "private") requireNotBlocked(m, me, store.member(this.sql, otherUserOf(m, me)));
    return { m, me };
  }

  async send(key: string, userId: number, input: SendInput): Promise<{ message: Message; updates: Update[] }> {
    await this.p.bots.botsAmong([userId]); // remembered per instance: a bot calling by the Bot API does not wait for its own copy
    const { m, me } = await this.poster(key, userId);
    const rights = rightsOf(this.sql, m, me);
    requireCanSend(rights, input.media);
    if (isPollMedia(input.media) && rights.send_polls) throw Errors.forbidden("CHAT_SEND_POLL_FORBIDDEN");
    if (isPollMedia(input.media) && input.media.poll.public_voters && isBroadcast(m))
      throw Errors.badRequest("BROADCAST_PUBLIC_VOTERS_FORBIDDEN");
    // A send made for a bot by the Bot API (no device) is never resent with its random_id, which the
    // server drew for that one call: its row would be written (a row per message) and never read.
    const resendable = input.senderDevice === undefined || isDevice(input.senderDevice);
    const again = resendable ? store.sentByRandomId(this.sql, userId, input.random_id) : null;
    if (again !== null) return { message: this.p.views.message(again, userId), updates: [] };
    const topicId = topicForSend(this.sql, me, input.reply_to, input.top_msg_id);
    if (input.reply_to !== undefined && !store.visibleMessage(this.sql, userId, input.reply_to))
      throw Errors.badRequest("REPLY_MESSAGE_ID_INVALID");
    const now = Date.now();
    this.p.flood.sender.take(String(userId), now);
    this.p.flood.chat.take("chat", now);
    let sent: store.MessageRow | undefined;
    const post = topicId ? { ...input, topic_id: topicId } : input;
    const updates = await this.p.changes.post(m, userId, post, (row) => {
      sent = row;
      if (resendable) store.rememberRandomId(this.sql, userId, input.random_id, row.id);
      if (input.via_bot) {
        setViaBot(this.sql, row.id, input.via_bot);
        row.via_bot_id = input.via_bot;
      }
      if (input.poll && isPollMedia(input.media))
        polls.createPoll(this.sql, row.id, userId, input.media.poll, input.poll);
    });
    if (isPollMedia(input.media) && input.media.poll.close_date !== undefined) await this.p.polls.wakeForPolls();
    // Rendered from the row just written: a new message has no reactions yet.
    const message = renderMessage(m, sent as store.MessageRow, userId);
    return { message: this.p.views.withPoll(message, userId), updates };
  }

  /** Refuses (as send would) a caller who may not post here; used before granting media to the chat. */
  async checkCanPost(key: string, userId: number, media = false): Promise<void> {
    const { m, me } = await this.poster(key, userId);
    const rights = rightsOf(this.sql, m, me);
    if (media) requireCanSend(rights, true);
    else if (rights.send_messages) throw Errors.forbidden("CHAT_WRITE_FORBIDDEN");
  }

  /** messages.sendMultiMedia: consecutive messages sharing one grouped_id, written in one transaction (all or none). */
  async sendAlbum(
    key: string,
    userId: number,
    items: AlbumItem[],
    replyTo?: number,
    topMsgId?: number,
  ): Promise<{ messages: Message[]; updates: Update[] }> {
    await this.p.bots.botsAmong([userId]);
    const { m, me } = await this.poster(key, userId);
    const rights = rightsOf(this.sql, m, me);
    for (const it of items) requireCanSend(rights, it.media);
    const again = items.map((it) => store.sentByRandomId(this.sql, userId, it.random_id));
    if (again.every((id) => id !== null))
      return { messages: again.map((id) => this.p.views.message(id as number, userId)), updates: [] };
    if (again.some((id) => id !== null)) throw Errors.badRequest("RANDOM_ID_DUPLICATE");
    const topicId = topicForSend(this.sql, me, replyTo, topMsgId);
    if (replyTo !== undefined && !store.visibleMessage(this.sql, userId, replyTo))
      throw Errors.badRequest("REPLY_MESSAGE_ID_INVALID");
    const now = Date.now();
    for (const _ of items) {
      this.p.flood.sender.take(String(userId), now);
      this.p.flood.chat.take("chat", now);
    }
    const groupedId = randomDecimalId();
    const ids: number[] = [];
    const updates = await this.p.changes.changeMany(m, userId, () =>
      items.map((it, i) => {
        const row = store.insertMessage(this.sql, userId, {
          text: it.text,
          entities: it.entities,
          media: it.media,
          reply_to: i === 0 ? replyTo : undefined,
          ...(topicId ? { topic_id: topicId } : {}),
        });
        albums.setGroupedId(this.sql, row.id, groupedId);
        store.rememberRandomId(this.sql, userId, it.random_id, row.id);
        ids.push(row.id);
        return { ...newMessageChange(m, { ...row, grouped_id: groupedId }), from: userId };
      }),
    );
    return { messages: ids.map((id) => this.p.views.message(id, userId)), updates };
  }

  async edit(
    key: string,
    userId: number,
    id: number,
    patch: MessagePatch,
  ): Promise<{ message: Message; updates: Update[] }> {
    const { m, me } = await this.p.members.enter(key, userId);
    const row = store.visibleMessage(this.sql, userId, id);
    if (!row || row.action) throw Errors.badRequest("MESSAGE_ID_INVALID");
    if (row.from_id !== userId) throw Errors.forbidden("MESSAGE_AUTHOR_REQUIRED");
    if (patch.text !== undefined && patch.text.trim() === "" && !row.media && !patch.media)
      throw Errors.badRequest("MESSAGE_EMPTY");
    const stored = row.media ? (JSON.parse(row.media) as MessageMedia) : null;
    // A location, contact, dice or poll has no text to edit (its inline keyboard may still change).
    if (stored && !isFileMedia(stored) && (patch.text !== undefined || patch.media))
      throw Errors.badRequest("MESSAGE_EDIT_INVALID");
    // A restricted member may not edit their way around the restriction.
    requireCanSend(rightsOf(this.sql, m, me), patch.media ?? stored);
    if (patch.media && row.grouped_id) albums.requireFitsAlbum(this.sql, row.grouped_id, id, patch.media.mime_type);
    const updates = await this.p.changes.change(m, userId, () => {
      store.editMessage(this.sql, id, patch);
      const message = this.p.views.neutral(id);
      return {
        group: { _: "updateEditMessage", message },
        channel: (pts) => ({ _: "updateEditChannelMessage", message, pts, pts_count: 1 }),
      };
    });
    return { message: this.p.views.message(id, userId), updates };
  }

  async deleteMessages(key: string, userId: number, ids: number[], revoke: boolean): Promise<{ updates: Update[] }> {
    const { m, me } = await this.p.members.enter(key, userId);
    const rows = ids.map((id) => store.visibleMessage(this.sql, userId, id));
    if (rows.some((r) => r === null)) throw Errors.badRequest("MESSAGE_ID_INVALID");
    // Channels have one history for everyone.
    const forEveryone = revoke || m.kind === "channel";
    requireMayDelete(
      m,
      me,
      rows.every((r) => r?.from_id === userId),
      forEveryone,
    );
    const updates = await this.p.changes.change(m, userId, () => {
      for (const id of ids) forEveryone ? store.deleteForEveryone(this.sql, id) : store.hideFor(this.sql, userId, id);
      return {
        group: { _: "updateDeleteMessages", peer: peerOf(key, userId), messages: ids },
        channel: (pts) => ({
          _: "updateDeleteChannelMessages",
          channel_id: parseChatKey(key).id,
          messages: ids,
          pts,
          pts_count: 1,
        }),
        ...(forEveryone ? {} : { recipients: [userId] }),
      };
    });
    return { updates };
  }

  async react(key: string, userId: number, msgId: number, reactions: string[]): Promise<{ updates: Update[] }> {
    const { m } = await this.p.members.enter(key, userId);
    const row = store.visibleMessage(this.sql, userId, msgId);
    if (!row || row.action) throw Errors.badRequest("MESSAGE_ID_INVALID");
    const before = store
      .reactionRows(this.sql, [msgId])
      .filter((r) => r.user_id === userId)
      .map((r) => r.reaction);
    const updates = await this.p.changes.change(m, userId, () => {
      store.setReactions(this.sql, msgId, userId, reactions);
      const results = { ...(this.p.views.neutral(msgId).reactions ?? { results: [] }), min: true };
      return {
        group: { _: "updateMessageReactions", peer: peerOf(key, userId), msg_id: msgId, reactions: results },
        channel: (pts) => ({
          _: "updateChannelMessageReactions",
          channel_id: parseChatKey(key).id,
          msg_id: msgId,
          reactions: results,
          pts,
          pts_count: 1,
        }),
      };
    });
    await this.p.bots.reactionChanged(m, userId, msgId, before, [...new Set(reactions)]);
    // Everyone else got counts only (`min`); the reactor's answer says which are theirs.
    const mine = this.p.views.message(msgId, userId).reactions ?? { results: [] };
    return {
      updates: updates.map((u) =>
        (u._ === "updateMessageReactions" || u._ === "updateChannelMessageReactions") && u.msg_id === msgId
          ? { ...u, reactions: mine }
          : u,
      ),
    };
  }

  async pin(key: string, userId: number, id: number, unpin: boolean): Promise<{ updates: Update[] }> {
    const { m, me } = await this.p.members.enter(key, userId);
    if (m.kind === "channel") requireAdmin(me);
    requireRight(rightsOf(this.sql, m, me), "pin_messages");
    if (!store.visibleMessage(this.sql, userId, id)) throw Errors.badRequest("MESSAGE_ID_INVALID");
    const updates = await this.p.changes.change(m, userId, () => {
      store.setPinned(this.sql, id, !unpin);
      return {
        group: { _: "updatePinnedMessages", peer: peerOf(key, userId), messages: [id], pinned: !unpin },
        channel: (pts) => ({
          _: "updatePinnedChannelMessages",
          channel_id: parseChatKey(key).id,
          messages: [id],
          pinned: !unpin,
          pts,
          pts_count: 1,
        }),
      };
    });
    return { updates };
  }

  /** Read receipts: the reader's inbox mark, and the outbox mark of everyone else. */
  async readHistory(key: string, userId: number, maxId: number): Promise<{ updates: Update[] }> {
    const { m, me } = await this.p.members.enter(key, userId);
    const top = store.topMessage(this.sql)?.id ?? 0;
    const upTo = maxId === 0 ? top : Math.min(maxId, top);
    if (upTo <= me.read_inbox_max_id) return { updates: [] };
    const unread = store.unreadAfter(this.sql, userId, upTo);
    if (m.kind === "channel") {
      this.scope.transaction(() => {
        store.setReadInbox(this.sql, userId, upTo);
        noteRead(this.sql, userId, upTo);
      });
      return { updates: [] };
    }
    // Read receipts go to whoever wrote in the newly read range — not only when a chat-wide mark rises,
    // or Bob reading Alice's older message after she read his newer one would never tell her.
    const members = new Set(this.scope.memberIds());
    const others = store
      .authorsBetween(this.sql, me.read_inbox_max_id, upTo)
      .filter((u) => u !== userId && members.has(u));
    const fanout = this.p.fanout;
    const seq = this.scope.transaction(() => {
      store.setReadInbox(this.sql, userId, upTo);
      const inbox = fanout.enqueue({
        kind: "log",
        recipients: [userId],
        update: { _: "updateReadHistoryInbox", peer: peerOf(key, userId), max_id: upTo, still_unread_count: unread },
        dialog: { readInbox: { max_id: upTo, unread } },
      });
      if (others.length > 0) {
        if (upTo > m.max_read) this.sql.exec("UPDATE meta SET max_read = ?", upTo);
        fanout.enqueue({
          kind: "log",
          recipients: others,
          update: { _: "updateReadHistoryOutbox", peer: peerOf(key, userId), max_id: upTo },
          dialog: { readOutbox: upTo },
        });
      }
      return inbox;
    });
    const mine = (await fanout.deliver(seq, userId)).get(userId);
    return { updates: mine ? [mine] : [] };
  }

  /** Typing is ephemeral: pushed to the other members' devices, never logged. */
  async typing(key: string, userId: number, action: SendMessageAction): Promise<void> {
    const { m, me } = await this.p.members.enter(key, userId);
    requireCanPost(m, me);
    // Counted first: reading the ids of a chat this big only to drop them would read every member row.
    if (m.kind !== "private" && store.memberCount(this.sql) > MAX_GROUP_MEMBERS + 1) return;
    const others = this.scope.memberIds().filter((u) => u !== userId);
    if (others.length > MAX_GROUP_MEMBERS) return;
    await Promise.all(
      others.map((uid) =>
        userObjectOf(this.scope.env, uid)
          .pushToDevices([
            m.kind === "private"
              ? { _: "updateUserTyping", user_id: userId, action }
              : { _: "updateChatUserTyping", peer: peerOf(key, uid), from_id: userId, action },
          ])
          // Typing is best-effort: a device that misses it loses nothing a later update would not show.
          .catch((e: unknown) => console.warn(`chat ${key}: typing push to ${uid} failed`, e)),
      ),
    );
  }

  async history(key: string, userId: number, q: store.HistoryQuery): Promise<{ messages: Message[]; count: number }> {
    await this.p.members.enter(key, userId);
    const rows = store.history(this.sql, userId, q);
    return { messages: this.p.views.messages(rows, userId), count: store.visibleCount(this.sql, userId) };
  }

  async getMessages(key: string, userId: number, ids: number[]): Promise<Message[]> {
    await this.p.members.enter(key, userId);
    const rows = ids.map((id) => store.visibleMessage(this.sql, userId, id)).filter((r) => r !== null);
    return this.p.views.messages(rows, userId);
  }

  async search(key: string, userId: number, q: string, offsetId: number, limit: number, pinnedOnly = false) {
    await this.p.members.enter(key, userId);
    return this.p.views.messages(store.search(this.sql, userId, q, offsetId, limit, pinnedOnly), userId);
  }

  /** updates.getChannelDifference: the channel's own log after `pts`. */
  async channelDifference(key: string, userId: number, pts: number, limit: number) {
    const { m } = await this.p.members.enter(key, userId);
    if (m.kind !== "channel") throw Errors.badRequest("CHANNEL_INVALID");
    const updates = store.channelLogAfter(this.sql, pts, limit) as Update[];
    const last = updates.length > 0 ? (updates[updates.length - 1] as { pts: number }).pts : Math.max(pts, m.pts);
    return { updates, pts: Math.min(last, m.pts), final: last >= m.pts };
  }
}
