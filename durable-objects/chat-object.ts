/**
 * ChatObject: one per chat (private pair, group or channel), named by its
 * chat key. It orders the chat — message ids, edits, reads, membership — in
 * its SQLite, and hands every change to its fan-out outbox in the same
 * transaction. The logic lives in ./chat/*; this class wires it together.
 */
import { DurableObject } from "cloudflare:workers";
import { FloodLimiter } from "../core/flood.ts";
import { randomDecimalId } from "../protocol/binary.ts";
import { Errors } from "../protocol/errors.ts";
import type { Chat, ChatBannedRights, ChatParticipant } from "../protocol/model/chat.ts";
import type { MediaRef } from "../protocol/model/media.ts";
import type {
  Message,
  MessageAction,
  MessageEntity,
  MessageFwdHeader,
  ReplyMarkup,
} from "../protocol/model/message.ts";
import { type InputMediaPoll, isFileMedia, isPollMedia, type MessageMedia } from "../protocol/model/message-media.ts";
import type { SendMessageAction, Update } from "../protocol/model/update.ts";
import {
  isAdmin,
  isBroadcast,
  notMember,
  requireAdmin,
  requireCanPost,
  requireMember,
  requireNotBlocked,
} from "./chat/access.ts";
import * as albums from "./chat/albums.ts";
import { Fanout, type PushJob } from "./chat/fanout.ts";
import { parseChatKey, peerOf } from "./chat/keys.ts";
import * as polls from "./chat/polls.ts";
import { messageFor, renderChat, renderMessage } from "./chat/render.ts";
import * as rights from "./chat/rights.ts";
import * as store from "./chat/store.ts";
import { type CoreEnv, directoryOf, userObjectOf } from "./env.ts";
import { pushToAccounts } from "./member-push.ts";
import { migrate } from "./sql.ts";
import type { DialogEffect, UpdateBody } from "./update-log.ts";

/** Telegram's basic-group limit; bigger communities are supergroups (channels with megagroup). */
export const MAX_GROUP_MEMBERS = 200;
const DELIVERY_RETRY_MS = 2_000;
/** A busy poll's counts go to every member at most this often. */
const POLL_PUSH_MS = 1_000;

export interface SendInput {
  text: string;
  random_id: string;
  entities?: MessageEntity[];
  reply_to?: number;
  media?: MessageMedia;
  markup?: ReplyMarkup;
  fwd?: MessageFwdHeader;
  /** With a messageMediaPoll: its quiz answers and solution, stored beside the message. */
  poll?: InputMediaPoll;
  /** The sending device's auth key id: it gets the update in the RPC result, so it is not pushed there. */
  senderDevice?: string;
}

/** One change: its form in members' logs (groups, private) and in the channel's log (channels). */
interface Change {
  group: UpdateBody;
  channel: (pts: number) => Update;
  recipients?: number[];
  dialog?: DialogEffect;
  from?: number;
  /** The device the change came from (skipped by the push; its RPC result carries the update). */
  senderDevice?: string;
}

export class ChatObject extends DurableObject<CoreEnv> {
  private readonly sql: SqlStorage;
  private readonly fanout: Fanout;
  /** Per sender: a burst of 300 then 100 messages/s; per chat: 1,000 then 500/s. */
  private readonly senderFlood = new FloodLimiter({ kind: "bucket", burst: 300, perSecond: 100 });
  private readonly chatFlood = new FloodLimiter({ kind: "bucket", burst: 1000, perSecond: 500 });
  /** When each poll's counts last went to every member, and the timers that will send the next ones. */
  private readonly countsPushedAt = new Map<number, number>();
  private readonly countsTimers = new Map<number, ReturnType<typeof setTimeout>>();
  /** Per voter: every vote is pushed to every member, so a vote loop is held to 10 then 1/s. */
  private readonly voteFlood = new FloodLimiter({ kind: "bucket", burst: 10, perSecond: 1 });
  private readonly knownBots = new Map<number, boolean>();
  /** The chat's key, once it has one (it never changes): read on every delivery. */
  private keyOnce = "";

  constructor(ctx: DurableObjectState, env: CoreEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    store.initStore(this.sql);
    migrate(this.sql, rights.rightsSchema);
    albums.initAlbums(this.sql);
    migrate(this.sql, polls.pollSchema);
    const sql = this.sql;
    const chatKey = () => this.chatKey();
    this.fanout = new Fanout(sql, {
      get key() {
        return chatKey();
      },
      deliverLog: (uid, events, returnUpdates) => userObjectOf(env, uid).applyChatEvents(events, returnUpdates),
      pushTo: (uids, updates, senderDevice) => pushToAccounts(env, uids, updates, senderDevice),
      memberPage: (cursor, limit) => store.memberIdsAfter(sql, cursor, limit),
      personalize: (u, uid) => this.personalize(u, uid),
      wakeLater: async () => {
        // An alarm set for later (a poll's closing time) must not hold back a delivery retry.
        const at = await ctx.storage.getAlarm();
        if (at === null || at > Date.now() + DELIVERY_RETRY_MS)
          await ctx.storage.setAlarm(Date.now() + DELIVERY_RETRY_MS);
      },
    });
  }

  /** Finishes any fan-out a restart or a failing recipient interrupted, and closes polls whose time is up. */
  override async alarm(): Promise<void> {
    this.fanout.alarmFired();
    this.closeDuePolls();
    await this.fanout.run();
    this.fanout.flush();
    if (this.fanout.pending() > 0) await this.ctx.storage.setAlarm(Date.now() + DELIVERY_RETRY_MS);
    else await this.wakeForPolls();
  }

  /** Whether the user belongs to this chat (the media service asks before serving a file sent here). */
  isMember(userId: number): boolean {
    return store.member(this.sql, userId) !== null;
  }

  // ------------------------------------------------------------ creation

  /** Creates a group or channel; false if the key is already taken (the caller picks another id). */
  async create(
    key: string,
    creator: number,
    opts: { title: string; users?: number[]; about?: string; megagroup?: boolean; public?: boolean },
  ): Promise<{ created: false } | { created: true; chat: Chat; updates: Update[] }> {
    if (store.meta(this.sql)) return { created: false };
    const kind = parseChatKey(key).kind;
    const users = [...new Set((opts.users ?? []).filter((u) => u !== creator))];
    if (kind === "chat" && users.length + 1 > MAX_GROUP_MEMBERS) throw Errors.badRequest("USERS_TOO_MUCH");
    const { m } = this.ctx.storage.transactionSync(() => {
      store.createMeta(this.sql, { key, kind, ...opts });
      store.addMember(this.sql, creator, "creator");
      for (const u of users) store.addMember(this.sql, u, "member");
      return { m: store.meta(this.sql) as store.MetaRow };
    });
    const action: MessageAction =
      kind === "chat"
        ? { _: "messageActionChatCreate", title: opts.title, users: [creator, ...users] }
        : { _: "messageActionChannelCreate", title: opts.title };
    const updates = await this.post(m, creator, { text: "", action });
    if (kind === "channel")
      await userObjectOf(this.env, creator).setChannelDialog(key, peerOf(key, creator), this.channelDialog(creator));
    await this.membersChanged(
      creator,
      users.map((u) => ({ userId: u })),
    );
    return { created: true, chat: this.chatFor(creator), updates };
  }

  /** A private chat comes into being on first use, if both users exist. */
  private async ensurePrivate(key: string): Promise<void> {
    if (this.keyOnce || store.meta(this.sql)) return; // a chat, once made, is never unmade
    const k = parseChatKey(key);
    if (k.kind !== "private") throw notMember(key);
    const ids = [k.id, k.other as number];
    const dir = directoryOf(this.env);
    const exist = await Promise.all(ids.map((id) => dir.exists(id)));
    if (exist.includes(false)) throw Errors.badRequest("PEER_ID_INVALID");
    this.ctx.storage.transactionSync(() => {
      if (store.meta(this.sql)) return;
      store.createMeta(this.sql, { key, kind: "private", title: "" });
      for (const id of ids) store.addMember(this.sql, id, "member");
    });
  }

  private async access(key: string, userId: number) {
    if (parseChatKey(key).kind === "private") await this.ensurePrivate(key);
    return requireMember(this.sql, key, userId);
  }

  // ------------------------------------------------------------ messages

  async send(key: string, userId: number, input: SendInput): Promise<{ message: Message; updates: Update[] }> {
    await this.botsAmong([userId]); // remembered per instance: change() then leaves a bot's own log out
    const { m, me } = await this.access(key, userId);
    requireCanPost(m, me);
    requireNotBlocked(this.sql, m, me);
    rights.requireCanSend(this.sql, m, me, input.media);
    if (isPollMedia(input.media) && rights.effective(this.sql, m, me).send_polls)
      throw Errors.forbidden("CHAT_SEND_POLL_FORBIDDEN");
    if (isPollMedia(input.media) && input.media.poll.public_voters && isBroadcast(m))
      throw Errors.badRequest("BROADCAST_PUBLIC_VOTERS_FORBIDDEN");
    const again = store.sentByRandomId(this.sql, userId, input.random_id);
    if (again !== null) return { message: this.render(again, userId), updates: [] };
    if (input.reply_to !== undefined && !store.visibleMessage(this.sql, userId, input.reply_to))
      throw Errors.badRequest("REPLY_MESSAGE_ID_INVALID");
    const now = Date.now();
    this.senderFlood.take(String(userId), now);
    this.chatFlood.take("chat", now);
    let sent: store.MessageRow | undefined;
    const updates = await this.post(m, userId, input, (row) => {
      sent = row;
      store.rememberRandomId(this.sql, userId, input.random_id, row.id);
      if (input.poll && isPollMedia(input.media))
        polls.createPoll(this.sql, row.id, userId, input.media.poll, input.poll);
    });
    if (isPollMedia(input.media) && input.media.poll.close_date !== undefined) await this.wakeForPolls();
    // Rendered from the row just written: a new message has no reactions yet.
    return { message: this.withPoll(renderMessage(m, sent as store.MessageRow, userId), userId), updates };
  }

  /** Refuses (as send would) a caller who may not post here; used before granting media to the chat. */
  async checkCanPost(key: string, userId: number, media = false): Promise<void> {
    const { m, me } = await this.access(key, userId);
    requireCanPost(m, me);
    requireNotBlocked(this.sql, m, me);
    if (media) rights.requireCanSend(this.sql, m, me, true);
    else if (rights.effective(this.sql, m, me).send_messages) throw Errors.forbidden("CHAT_WRITE_FORBIDDEN");
  }

  /** messages.sendMultiMedia: consecutive messages sharing one grouped_id, written in one transaction (all or none). */
  async sendAlbum(
    key: string,
    userId: number,
    items: { text: string; entities?: MessageEntity[]; media: MediaRef; random_id: string }[],
    replyTo?: number,
  ): Promise<{ messages: Message[]; updates: Update[] }> {
    await this.botsAmong([userId]);
    const { m, me } = await this.access(key, userId);
    requireCanPost(m, me);
    requireNotBlocked(this.sql, m, me);
    for (const it of items) rights.requireCanSend(this.sql, m, me, it.media);
    const again = items.map((it) => store.sentByRandomId(this.sql, userId, it.random_id));
    if (again.every((id) => id !== null))
      return { messages: again.map((id) => this.render(id as number, userId)), updates: [] };
    if (again.some((id) => id !== null)) throw Errors.badRequest("RANDOM_ID_DUPLICATE");
    if (replyTo !== undefined && !store.visibleMessage(this.sql, userId, replyTo))
      throw Errors.badRequest("REPLY_MESSAGE_ID_INVALID");
    const now = Date.now();
    for (const _ of items) {
      this.senderFlood.take(String(userId), now);
      this.chatFlood.take("chat", now);
    }
    const groupedId = randomDecimalId();
    const ids: number[] = [];
    const updates = await this.changeMany(m, userId, () =>
      items.map((it, i) => {
        const row = store.insertMessage(this.sql, userId, {
          text: it.text,
          entities: it.entities,
          media: it.media,
          reply_to: i === 0 ? replyTo : undefined,
        });
        albums.setGroupedId(this.sql, row.id, groupedId);
        store.rememberRandomId(this.sql, userId, it.random_id, row.id);
        ids.push(row.id);
        const message = renderMessage(m, { ...row, grouped_id: groupedId }, null);
        return {
          group: { _: "updateNewMessage", message },
          channel: (pts: number) => ({ _: "updateNewChannelMessage", message, pts, pts_count: 1 }),
          dialog: { top: { id: row.id, date: row.date } },
          from: userId,
        };
      }),
    );
    return { messages: ids.map((id) => this.render(id, userId)), updates };
  }

  /** Appends a message (user or service) and fans it out; `also` runs inside the same transaction. */
  private post(
    m: store.MetaRow,
    from: number,
    input: Omit<SendInput, "random_id"> & { action?: store.NewMessage["action"] },
    also?: (row: store.MessageRow) => void,
  ): Promise<Update[]> {
    return this.change(m, from, () => {
      const row = store.insertMessage(this.sql, from, {
        text: input.text,
        entities: input.entities,
        reply_to: input.reply_to,
        fwd: input.fwd,
        media: input.media,
        markup: input.markup,
        action: input.action,
      });
      also?.(row);
      const message = renderMessage(m, row, null);
      return {
        group: { _: "updateNewMessage", message },
        channel: (pts) => ({ _: "updateNewChannelMessage", message, pts, pts_count: 1 }),
        dialog: { top: { id: row.id, date: row.date } },
        from: input.action ? undefined : from,
        ...(input.senderDevice ? { senderDevice: input.senderDevice } : {}),
      };
    });
  }

  async edit(
    key: string,
    userId: number,
    id: number,
    patch: { text?: string; entities?: MessageEntity[]; markup?: ReplyMarkup | null; media?: MediaRef },
  ): Promise<{ message: Message; updates: Update[] }> {
    const { m, me } = await this.access(key, userId);
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
    rights.requireCanSend(this.sql, m, me, patch.media ?? stored);
    if (patch.media && row.grouped_id) albums.requireFitsAlbum(this.sql, row.grouped_id, id, patch.media.mime_type);
    const updates = await this.change(m, userId, () => {
      store.editMessage(this.sql, id, patch);
      const message = this.renderNeutral(id);
      return {
        group: { _: "updateEditMessage", message },
        channel: (pts) => ({ _: "updateEditChannelMessage", message, pts, pts_count: 1 }),
      };
    });
    return { message: this.render(id, userId), updates };
  }

  async deleteMessages(key: string, userId: number, ids: number[], revoke: boolean): Promise<{ updates: Update[] }> {
    const { m, me } = await this.access(key, userId);
    const rows = ids.map((id) => store.visibleMessage(this.sql, userId, id));
    if (rows.some((r) => r === null)) throw Errors.badRequest("MESSAGE_ID_INVALID");
    const mine = rows.every((r) => r?.from_id === userId);
    // Channels have one history for everyone; in groups others' messages go only by admins.
    const forEveryone = revoke || m.kind === "channel";
    if (forEveryone && !mine && m.kind !== "private" && !isAdmin(me))
      throw Errors.forbidden("MESSAGE_DELETE_FORBIDDEN");
    const peer = (uid: number) => peerOf(key, uid);
    const updates = await this.change(m, userId, () => {
      for (const id of ids) forEveryone ? store.deleteForEveryone(this.sql, id) : store.hideFor(this.sql, userId, id);
      return {
        group: { _: "updateDeleteMessages", peer: peer(userId), messages: ids },
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
    const { m } = await this.access(key, userId);
    const row = store.visibleMessage(this.sql, userId, msgId);
    if (!row || row.action) throw Errors.badRequest("MESSAGE_ID_INVALID");
    const before = store
      .reactionRows(this.sql, [msgId])
      .filter((r) => r.user_id === userId)
      .map((r) => r.reaction);
    const updates = await this.change(m, userId, () => {
      store.setReactions(this.sql, msgId, userId, reactions);
      const results = this.renderNeutral(msgId).reactions ?? { results: [] };
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
    await this.reactionChanged(m, userId, msgId, before, [...new Set(reactions)]);
    return { updates };
  }

  async pin(key: string, userId: number, id: number, unpin: boolean): Promise<{ updates: Update[] }> {
    const { m, me } = await this.access(key, userId);
    if (m.kind === "channel") requireAdmin(me);
    rights.requireRight(this.sql, m, me, "pin_messages");
    if (!store.visibleMessage(this.sql, userId, id)) throw Errors.badRequest("MESSAGE_ID_INVALID");
    const updates = await this.change(m, userId, () => {
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
    const { m, me } = await this.access(key, userId);
    const top = store.topMessage(this.sql)?.id ?? 0;
    const upTo = maxId === 0 ? top : Math.min(maxId, top);
    if (upTo <= me.read_inbox_max_id) return { updates: [] };
    const unread = store.unreadAfter(this.sql, userId, upTo);
    if (m.kind === "channel") {
      store.setReadInbox(this.sql, userId, upTo);
      return { updates: [] };
    }
    // Read receipts go to whoever wrote in the newly read range — not only when a chat-wide mark rises,
    // or Bob reading Alice's older message after she read his newer one would never tell her.
    const members = new Set(this.memberIds());
    const others = store
      .authorsBetween(this.sql, me.read_inbox_max_id, upTo)
      .filter((u) => u !== userId && members.has(u));
    const seq = this.ctx.storage.transactionSync(() => {
      store.setReadInbox(this.sql, userId, upTo);
      const inbox = this.fanout.enqueue({
        kind: "log",
        recipients: [userId],
        update: { _: "updateReadHistoryInbox", peer: peerOf(key, userId), max_id: upTo, still_unread_count: unread },
        dialog: { readInbox: { max_id: upTo, unread } },
      });
      if (others.length > 0) {
        if (upTo > m.max_read) this.sql.exec("UPDATE meta SET max_read = ?", upTo);
        this.fanout.enqueue({
          kind: "log",
          recipients: others,
          update: { _: "updateReadHistoryOutbox", peer: peerOf(key, userId), max_id: upTo },
          dialog: { readOutbox: upTo },
        });
      }
      return inbox;
    });
    const delivered = await this.fanout.deliver(seq, userId);
    const mine = delivered.get(userId);
    return { updates: mine ? [mine] : [] };
  }

  /** Typing is ephemeral: pushed to the other members' devices, never logged. */
  async typing(key: string, userId: number, action: SendMessageAction): Promise<void> {
    const { m, me } = await this.access(key, userId);
    requireCanPost(m, me);
    const others = this.memberIds().filter((u) => u !== userId);
    if (others.length > MAX_GROUP_MEMBERS) return;
    await Promise.all(
      others.map((uid) =>
        userObjectOf(this.env, uid)
          .pushToDevices([
            m.kind === "private"
              ? { _: "updateUserTyping", user_id: userId, action }
              : { _: "updateChatUserTyping", peer: peerOf(key, uid), from_id: userId, action },
          ])
          .catch(() => undefined),
      ),
    );
  }

  // ------------------------------------------------------------ polls

  /** messages.sendVote: records the vote; members get the new counts, the author (a bot: poll_answer) the vote. */
  async sendVote(key: string, userId: number, msgId: number, options: string[]): Promise<{ updates: Update[] }> {
    await this.access(key, userId);
    const p = this.pollAt(userId, msgId);
    const now = Date.now();
    this.voteFlood.take(String(userId), now);
    this.chatFlood.take("chat", now);
    const seq = this.ctx.storage.transactionSync(() => {
      polls.vote(this.sql, p, userId, options);
      return this.queuePollUpdates(p, { voter: userId, options: [...new Set(options)] });
    });
    if (seq) void this.fanout.deliver(seq);
    return { updates: [this.pollUpdate(p, userId)] };
  }

  /** messages.getPollVotes: a public poll's voters, for members who voted (or its author, or once it closed). */
  async getPollVotes(
    key: string,
    userId: number,
    msgId: number,
    opts: { option?: string | undefined; offset?: string | undefined; limit: number },
  ): Promise<ReturnType<typeof polls.votes>> {
    await this.access(key, userId);
    const p = this.pollAt(userId, msgId);
    if (!p.poll.public_voters) throw Errors.badRequest("POLL_ANONYMOUS");
    if (!p.poll.closed && p.author !== userId && polls.resultsFor(this.sql, p, userId).results.every((r) => !r.chosen))
      throw Errors.badRequest("POLL_VOTE_REQUIRED");
    return polls.votes(this.sql, msgId, opts);
  }

  /** Sets the alarm for the next poll to close, unless an earlier one is set. */
  private async wakeForPolls(): Promise<void> {
    const next = polls.nextCloseDate(this.sql);
    if (next === null) return;
    const at = await this.ctx.storage.getAlarm();
    if (at === null || at > next * 1000) await this.ctx.storage.setAlarm(next * 1000);
  }

  /** Polls whose close date passed are closed for good; members get the final counts (a bot author: `poll`). */
  private closeDuePolls(): void {
    for (const msgId of polls.dueToClose(this.sql, Math.floor(Date.now() / 1000))) {
      const p = polls.pollOf(this.sql, msgId);
      this.ctx.storage.transactionSync(() => {
        polls.close(this.sql, msgId);
        if (p && store.message(this.sql, msgId)) this.queuePollUpdates(p);
      });
    }
  }

  /** Closes a poll for good (its author only); members get the final counts. */
  async stopPoll(key: string, userId: number, msgId: number): Promise<{ message: Message; updates: Update[] }> {
    await this.access(key, userId);
    const p = this.pollAt(userId, msgId);
    if (p.author !== userId) throw Errors.forbidden("MESSAGE_AUTHOR_REQUIRED");
    if (p.poll.closed) throw Errors.badRequest("MESSAGE_POLL_CLOSED");
    const closed = { ...p, poll: { ...p.poll, closed: true } };
    const seq = this.ctx.storage.transactionSync(() => {
      polls.close(this.sql, msgId);
      return this.queuePollUpdates(closed);
    });
    void this.fanout.deliver(seq);
    return { message: this.render(msgId, userId), updates: [this.pollUpdate(closed, userId)] };
  }

  // ------------------------------------------------------------ reading

  async history(key: string, userId: number, q: store.HistoryQuery): Promise<{ messages: Message[]; count: number }> {
    await this.access(key, userId);
    const rows = store.history(this.sql, userId, q);
    return { messages: this.renderRows(rows, userId), count: store.visibleCount(this.sql, userId) };
  }

  async getMessages(key: string, userId: number, ids: number[]): Promise<Message[]> {
    await this.access(key, userId);
    const rows = ids.map((id) => store.visibleMessage(this.sql, userId, id)).filter((r) => r !== null);
    return this.renderRows(rows, userId);
  }

  async search(key: string, userId: number, q: string, offsetId: number, limit: number): Promise<Message[]> {
    await this.access(key, userId);
    return this.renderRows(store.search(this.sql, userId, q, offsetId, limit), userId);
  }

  /** The chat as the caller sees it: members always; anyone for a public channel. */
  fullChat(key: string, userId: number): { chat: Chat; participants: ChatParticipant[] } {
    const m = store.meta(this.sql);
    if (!m || m.kind === "private" || (!store.member(this.sql, userId) && !(m.public && m.kind === "channel")))
      throw notMember(key);
    const members = store.members(this.sql);
    const participants = (isBroadcast(m) && !store.member(this.sql, userId) ? [] : members).map((p) => {
      const banned = p.role === "member" ? rights.bannedOf(this.sql, p.user_id) : null;
      return { user_id: p.user_id, date: p.joined, role: p.role, ...(banned ? { banned_rights: banned } : {}) };
    });
    return { chat: this.chatFor(userId), participants };
  }

  /** A member's dialog state for a channel (channels keep no per-user log). */
  channelDialog(userId: number) {
    const me = store.member(this.sql, userId);
    const top = store.topMessage(this.sql);
    const read = me?.read_inbox_max_id ?? 0;
    return {
      top_message: top?.id ?? 0,
      top_date: top?.date ?? 0,
      read_inbox_max_id: read,
      read_outbox_max_id: store.readOutboxOf(this.sql, userId),
      unread_count: store.unreadAfter(this.sql, userId, read),
      pts: store.meta(this.sql)?.pts ?? 0,
    };
  }

  channelDifference(key: string, userId: number, pts: number, limit: number) {
    const { m } = requireMember(this.sql, key, userId);
    if (m.kind !== "channel") throw Errors.badRequest("CHANNEL_INVALID");
    const updates = store.channelLogAfter(this.sql, pts, limit) as Update[];
    const last = updates.length > 0 ? (updates[updates.length - 1] as { pts: number }).pts : Math.max(pts, m.pts);
    return { updates, pts: Math.min(last, m.pts), final: last >= m.pts };
  }

  // ------------------------------------------------------------ membership

  async addMembers(key: string, actor: number, userIds: number[]): Promise<{ chat: Chat; updates: Update[] }> {
    const { m, me } = requireMember(this.sql, key, actor);
    if (m.kind === "channel") requireAdmin(me);
    rights.requireRight(this.sql, m, me, "invite_users");
    const fresh = [...new Set(userIds)].filter((u) => !store.member(this.sql, u));
    if (fresh.length === 0) throw Errors.badRequest("USER_ALREADY_PARTICIPANT");
    if (m.kind === "chat" && store.memberCount(this.sql) + fresh.length > MAX_GROUP_MEMBERS)
      throw Errors.badRequest("USERS_TOO_MUCH");
    this.ctx.storage.transactionSync(() => {
      for (const u of fresh) {
        store.addMember(this.sql, u, "member");
        if (rights.isBanned(this.sql, u)) rights.dropBanned(this.sql, u);
      }
    });
    const updates = await this.post(m, actor, { text: "", action: { _: "messageActionChatAddUser", users: fresh } });
    if (m.kind === "channel") await this.syncChannelDialogs(key, fresh);
    await this.membersChanged(
      actor,
      fresh.map((u) => ({ userId: u })),
    );
    return { chat: this.chatFor(actor), updates };
  }

  /** Removes a member (admins), or the caller leaves (userId === actor). */
  async removeMember(
    key: string,
    actor: number,
    userId: number,
    ban?: ChatBannedRights,
  ): Promise<{ chat: Chat; updates: Update[] }> {
    const { m, me } = requireMember(this.sql, key, actor);
    const target = store.member(this.sql, userId);
    if (!target) throw Errors.badRequest("USER_NOT_PARTICIPANT");
    if (userId !== actor && (!isAdmin(me) || target.role === "creator")) throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
    const prev = this.participantOf(userId);
    // The departing member still gets the service message, then the dialog goes.
    const updates = await this.change(m, actor, () => {
      const row = store.insertMessage(this.sql, actor, {
        text: "",
        action: { _: "messageActionChatDeleteUser", user_id: userId },
      });
      const message = renderMessage(m, row, null);
      return {
        group: { _: "updateNewMessage", message },
        channel: (pts) => ({ _: "updateNewChannelMessage", message, pts, pts_count: 1 }),
        dialog: { top: { id: row.id, date: row.date } },
      };
    });
    this.ctx.storage.transactionSync(() => {
      store.removeMember(this.sql, userId);
      if (ban) rights.setBanned(this.sql, userId, ban);
      if (m.kind === "chat") {
        this.fanout.enqueue({
          kind: "log",
          recipients: [userId],
          update: { _: "updateChat", chat: renderChat(m, 0, null) },
          dialog: { leave: true },
        });
      }
    });
    if (m.kind === "chat") void this.fanout.run();
    else {
      await userObjectOf(this.env, userId).removeDialog(key);
      await userObjectOf(this.env, userId).pushToDevices([{ _: "updateChannel", channel_id: parseChatKey(key).id }]);
    }
    await this.membersChanged(actor, [{ userId, prev }]);
    return { chat: this.chatFor(actor), updates };
  }

  async join(key: string, userId: number): Promise<{ chat: Chat; updates: Update[] }> {
    const m = store.meta(this.sql);
    if (m?.kind !== "channel" || (!m.public && !store.member(this.sql, userId))) throw notMember(key);
    // A banned user learns nothing more than a stranger to a private channel.
    if (rights.isBanned(this.sql, userId)) throw notMember(key);
    if (store.member(this.sql, userId)) throw Errors.badRequest("USER_ALREADY_PARTICIPANT");
    store.addMember(this.sql, userId, "member");
    await this.syncChannelDialogs(key, [userId]);
    await this.membersChanged(userId, [{ userId }]);
    return { chat: this.chatFor(userId), updates: [] };
  }

  async editTitle(key: string, actor: number, title: string): Promise<{ chat: Chat; updates: Update[] }> {
    const { m, me } = requireMember(this.sql, key, actor);
    requireAdmin(me);
    store.setTitle(this.sql, title);
    const updates = await this.post(m, actor, { text: "", action: { _: "messageActionChatEditTitle", title } });
    return { chat: this.chatFor(actor), updates };
  }

  async setAdmin(key: string, actor: number, userId: number, admin: boolean): Promise<void> {
    const { me } = requireMember(this.sql, key, actor);
    if (me.role !== "creator") throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
    const prev = this.participantOf(userId);
    if (!prev) throw Errors.badRequest("USER_NOT_PARTICIPANT");
    store.setRole(this.sql, userId, admin ? "admin" : "member");
    // A promoted member keeps no restrictions (admins are never restricted).
    if (admin) rights.dropBanned(this.sql, userId);
    await this.membersChanged(actor, [{ userId, prev }]);
  }

  /** channels.editBanned: restricts a member of a channel or supergroup (admins only); no flag set lifts it. */
  async editBanned(
    key: string,
    actor: number,
    userId: number,
    banned: ChatBannedRights,
  ): Promise<{ chat: Chat; updates: Update[] }> {
    const { m, me } = requireMember(this.sql, key, actor);
    if (m.kind !== "channel") throw Errors.badRequest("CHANNEL_INVALID");
    requireAdmin(me);
    const target = store.member(this.sql, userId);
    if (target && target.role !== "member") throw Errors.badRequest("USER_ADMIN_INVALID");
    // Non-members can be banned ahead of time, or unbanned; restricting needs a member.
    if (!target && !banned.view_messages && !rights.bannedOf(this.sql, userId))
      throw Errors.badRequest("USER_NOT_PARTICIPANT");
    if (target && banned.view_messages) return this.removeMember(key, actor, userId, banned);
    if (!target && banned.view_messages && !(await directoryOf(this.env).exists(userId)))
      throw Errors.badRequest("USER_ID_INVALID");
    const prev = this.participantOf(userId);
    rights.setBanned(this.sql, userId, banned);
    await this.membersChanged(actor, [{ userId, prev }]);
    return { chat: this.chatFor(actor), updates: [] };
  }

  /** channels.getParticipant: one member (or a banned user) as a member of the chat sees them. */
  getParticipant(key: string, viewer: number, userId: number): ChatParticipant {
    requireMember(this.sql, key, viewer);
    const p = this.participantOf(userId);
    if (!p) throw Errors.badRequest("USER_NOT_PARTICIPANT");
    return p;
  }

  /** messages.editChatDefaultBannedRights: what every plain member of a group or supergroup may not do. */
  async editDefaultBannedRights(
    key: string,
    actor: number,
    banned: ChatBannedRights,
  ): Promise<{ chat: Chat; updates: Update[] }> {
    const { m, me } = requireMember(this.sql, key, actor);
    if (isBroadcast(m)) throw Errors.badRequest("CHAT_INVALID");
    requireAdmin(me);
    rights.setDefaultRights(this.sql, banned);
    return { chat: this.chatFor(actor), updates: [] };
  }

  /** The blocking user's side of a private chat. */
  async setBlocked(key: string, userId: number, blocked: boolean): Promise<void> {
    await this.ensurePrivate(key);
    store.setBlocksOther(this.sql, userId, blocked);
  }

  // ------------------------------------------------------------ internals

  /** Runs `make` (the mutation) with its fan-out job in one transaction; waits for the caller's own updates. */
  private async change(m: store.MetaRow, userId: number, make: () => Change): Promise<Update[]> {
    if (m.kind === "channel") {
      const { seq, update } = this.ctx.storage.transactionSync(() => {
        const c = make();
        const update = store.appendChannelLog(this.sql, c.channel) as Update;
        const job: PushJob = { kind: "push", recipients: null, updates: [update] };
        if (c.senderDevice) job.senderDevice = c.senderDevice;
        return { update, seq: this.fanout.enqueue(job) };
      });
      void this.fanout.deliver(seq);
      return [update];
    }
    const queued = this.ctx.storage.transactionSync(() => this.enqueueLog(make(), userId));
    return this.callersUpdates([queued], userId);
  }

  /** Queues the log job of change `c`; call inside the change's transaction. */
  private enqueueLog(c: Change, userId: number): { seq: number; toCaller: boolean } {
    const recipients = this.recipientsOf(c);
    const seq = this.fanout.enqueue({
      kind: "log",
      recipients,
      update: c.group,
      ...(c.dialog ? { dialog: c.dialog } : {}),
      ...(c.from !== undefined ? { from: c.from } : {}),
      ...(c.senderDevice && c.from !== undefined ? { senderDevice: c.senderDevice } : {}),
    });
    return { seq, toCaller: recipients.includes(userId) };
  }

  /**
   * Delivers queued log jobs and resolves with the caller's own logged updates, in order. A caller
   * with no log entry to wait for (a bot's own message) is answered at once; the members' delivery
   * goes on from the outbox.
   */
  private async callersUpdates(queued: { seq: number; toCaller: boolean }[], userId: number): Promise<Update[]> {
    const deliveries = queued.map((q) => this.fanout.deliver(q.seq, q.toCaller ? userId : undefined));
    if (!queued.some((q) => q.toCaller)) return [];
    return (await Promise.all(deliveries)).map((d) => d.get(userId)).filter((u): u is Update => u !== undefined);
  }

  /**
   * Whose logs a change goes into. A bot's own new message is left out of the bot's log: the Bot API
   * never gives a bot its own messages, and a bot has no device to sync, so that write (and the
   * BotObject call behind it) would only be thrown away.
   */
  private recipientsOf(c: Change): number[] {
    const all = c.recipients ?? this.memberIds();
    if (c.from === undefined || this.knownBots.get(c.from) !== true) return all;
    return all.filter((id) => id !== c.from);
  }

  // ------------------------------------------------------------ bots' member and reaction updates

  /** A member as participant lists show them (with their restrictions), or undefined for a non-member. */
  private participantOf(userId: number): ChatParticipant | undefined {
    const p = store.member(this.sql, userId);
    if (!p) {
      const ban = rights.bannedOf(this.sql, userId);
      return ban?.view_messages
        ? { user_id: userId, date: store.unixNow(), role: "member", banned_rights: ban }
        : undefined;
    }
    const banned = p.role === "member" ? rights.bannedOf(this.sql, userId) : null;
    return { user_id: p.user_id, date: p.joined, role: p.role, ...(banned ? { banned_rights: banned } : {}) };
  }

  /** Which of these users are bots (remembered: an account never stops or starts being one). */
  private async botsAmong(ids: number[]): Promise<number[]> {
    const unique = [...new Set(ids)];
    await Promise.all(
      unique
        .filter((id) => !this.knownBots.has(id))
        .map(async (id) => {
          const u = await userObjectOf(this.env, id)
            .getUser(id)
            .catch(() => null);
          if (u) this.knownBots.set(id, u.bot === true);
        }),
    );
    return unique.filter((id) => this.knownBots.get(id) === true);
  }

  private adminIds(): number[] {
    return store
      .members(this.sql)
      .filter((x) => x.role !== "member")
      .map((x) => x.user_id);
  }

  /** Pushes each update to its bots through the outbox (their BotObjects queue it as chat_member etc.). */
  private async pushToBots(jobs: { to: number[]; update: Update }[]): Promise<void> {
    const due = jobs.filter((j) => j.to.length > 0);
    if (due.length === 0) return;
    const seqs = this.ctx.storage.transactionSync(() =>
      due.map((j) => this.fanout.enqueue({ kind: "push", recipients: j.to, updates: [j.update] })),
    );
    await Promise.all(seqs.map((s) => this.fanout.deliver(s)));
  }

  /**
   * Members' changes for bots (Telegram's updateChatParticipant): the member itself if it is a bot
   * (my_chat_member), and the chat's admin bots (chat_member, if they asked for it).
   */
  private async membersChanged(actor: number, changes: { userId: number; prev?: ChatParticipant }[]): Promise<void> {
    const m = store.meta(this.sql);
    if (!m || m.kind === "private" || changes.length === 0) return;
    const admins = this.adminIds();
    const bots = new Set(await this.botsAmong([...admins, ...changes.map((c) => c.userId)]));
    const adminBots = admins.filter((a) => bots.has(a));
    const date = store.unixNow();
    await this.pushToBots(
      changes.map((c) => {
        const next = this.participantOf(c.userId);
        const to = new Set(adminBots);
        if (bots.has(c.userId)) to.add(c.userId);
        const update: Update = {
          _: "updateChatParticipant",
          peer: peerOf(m.key, actor),
          date,
          actor_id: actor,
          user_id: c.userId,
          ...(c.prev ? { prev_participant: c.prev } : {}),
          ...(next ? { new_participant: next } : {}),
        };
        return { to: [...to], update };
      }),
    );
  }

  /** One user's reactions changed: bots that administer the chat, or the bot of a private chat, hear who and what. */
  private async reactionChanged(m: store.MetaRow, userId: number, msgId: number, old: string[], now: string[]) {
    if (old.length === now.length && old.every((r) => now.includes(r))) return;
    const candidates = m.kind === "private" ? this.memberIds() : this.adminIds();
    const bots = await this.botsAmong(candidates.filter((u) => u !== userId));
    const date = store.unixNow();
    await this.pushToBots(
      bots.map((bot) => ({
        to: [bot],
        update: {
          _: "updateBotMessageReaction",
          peer: peerOf(m.key, bot),
          msg_id: msgId,
          date,
          actor_id: userId,
          old_reactions: old,
          new_reactions: now,
        },
      })),
    );
  }

  /** Several changes committed together (an album); resolves with the caller's own updates, in order. */
  private async changeMany(m: store.MetaRow, userId: number, make: () => Change[]): Promise<Update[]> {
    if (m.kind === "channel") {
      const { seq, updates } = this.ctx.storage.transactionSync(() => {
        const updates = make().map((c) => store.appendChannelLog(this.sql, c.channel) as Update);
        return { updates, seq: this.fanout.enqueue({ kind: "push", recipients: null, updates }) };
      });
      void this.fanout.deliver(seq);
      return updates;
    }
    const queued = this.ctx.storage.transactionSync(() => make().map((c) => this.enqueueLog(c, userId)));
    return this.callersUpdates(queued, userId);
  }

  /** A private chat's members are the two users its key names, for good: no read needed. */
  private memberIds(): number[] {
    const k = parseChatKey(this.chatKey());
    return k.kind === "private" ? [k.id, k.other as number].sort((a, b) => a - b) : store.memberIds(this.sql);
  }

  private chatKey(): string {
    this.keyOnce ||= store.meta(this.sql)?.key ?? "";
    return this.keyOnce;
  }

  private personalize(u: UpdateBody, uid: number): { update: UpdateBody; peer: ReturnType<typeof peerOf> } {
    const key = this.chatKey();
    const peer = peerOf(key, uid);
    if ("message" in u) return { update: { ...u, message: messageFor(key, u.message, uid) }, peer };
    if (u._ === "updateChat") return { update: u, peer };
    if ("peer" in u) return { update: { ...u, peer }, peer };
    return { update: u, peer };
  }

  private async syncChannelDialogs(key: string, userIds: number[]): Promise<void> {
    await Promise.all(
      userIds.map(async (uid) => {
        const users = userObjectOf(this.env, uid);
        await users.setChannelDialog(key, peerOf(key, uid), this.channelDialog(uid));
        await users.pushToDevices([{ _: "updateChannel", channel_id: parseChatKey(key).id }]);
      }),
    );
  }

  private chatFor(userId: number): Chat {
    const m = store.meta(this.sql) as store.MetaRow;
    const me = store.member(this.sql, userId);
    const chat = renderChat(m, store.memberCount(this.sql), me);
    const dflt = rights.defaultRights(this.sql);
    if (dflt) chat.default_banned_rights = dflt;
    const mine = me && chat._ === "channel" && me.role === "member" ? rights.bannedOf(this.sql, userId) : null;
    if (mine && chat._ === "channel") chat.banned_rights = mine;
    return chat;
  }

  private renderNeutral(id: number): Message {
    const m = store.meta(this.sql) as store.MetaRow;
    const row = store.message(this.sql, id) as store.MessageRow;
    return this.withPoll(renderMessage(m, row, null, store.reactionRows(this.sql, [id])), null);
  }

  private render(id: number, viewer: number): Message {
    const row = store.message(this.sql, id);
    if (!row) throw Errors.badRequest("MESSAGE_ID_INVALID");
    return this.renderRows([row], viewer)[0] as Message;
  }

  private renderRows(rows: store.MessageRow[], viewer: number): Message[] {
    const m = store.meta(this.sql) as store.MetaRow;
    const reactions = store.reactionRows(
      this.sql,
      rows.map((r) => r.id),
    );
    return rows.map((r) => this.withPoll(renderMessage(m, r, viewer, reactions), viewer));
  }

  /** A poll's message carries the live results as `viewer` sees them (the stored media is a snapshot). */
  private withPoll(msg: Message, viewer: number | null): Message {
    if (!isPollMedia(msg.media)) return msg;
    const p = polls.pollOf(this.sql, msg.id);
    return p ? { ...msg, media: polls.mediaFor(this.sql, p, viewer) } : msg;
  }

  private pollAt(viewer: number, msgId: number): polls.StoredPoll {
    const p = store.visibleMessage(this.sql, viewer, msgId) ? polls.pollOf(this.sql, msgId) : null;
    if (!p) throw Errors.badRequest("MESSAGE_ID_INVALID");
    return p;
  }

  private pollUpdate(p: polls.StoredPoll, viewer: number | null): Update {
    return { _: "updateMessagePoll", poll_id: p.poll.id, poll: p.poll, results: polls.resultsFor(this.sql, p, viewer) };
  }

  /** Queues the current `min` counts for every member. */
  private queueCounts(p: polls.StoredPoll): number {
    this.countsPushedAt.set(p.msgId, Date.now());
    return this.fanout.enqueue({ kind: "push", recipients: null, updates: [this.pollUpdate(p, null)] });
  }

  /**
   * After a vote, every member gets the counts at most once per POLL_PUSH_MS per poll: a vote within that
   * time only arms one timer that pushes the counts as they are then (the voter and the author are told at once).
   */
  private countsAfterVote(p: polls.StoredPoll): number {
    const since = Date.now() - (this.countsPushedAt.get(p.msgId) ?? 0);
    if (since >= POLL_PUSH_MS) return this.queueCounts(p);
    if (!this.countsTimers.has(p.msgId))
      this.countsTimers.set(
        p.msgId,
        setTimeout(() => {
          this.countsTimers.delete(p.msgId);
          const now = polls.pollOf(this.sql, p.msgId);
          if (!now || !store.message(this.sql, p.msgId)) return;
          void this.fanout.deliver(this.ctx.storage.transactionSync(() => this.queueCounts(now)));
        }, POLL_PUSH_MS - since),
      );
    return 0;
  }

  /** Queues the new counts (`min`) for every member, and the author's full view plus, if public, the vote. */
  private queuePollUpdates(p: polls.StoredPoll, vote?: { voter: number; options: string[] }): number {
    let seq = vote ? this.countsAfterVote(p) : this.queueCounts(p);
    if (store.member(this.sql, p.author)) {
      const forAuthor: Update[] = [this.pollUpdate(p, p.author)];
      if (vote && p.poll.public_voters)
        forAuthor.push({
          _: "updateMessagePollVote",
          poll_id: p.poll.id,
          peer: { _: "user", id: vote.voter },
          options: vote.options,
        });
      seq = this.fanout.enqueue({ kind: "push", recipients: [p.author], updates: forAuthor });
    }
    return seq;
  }
}
