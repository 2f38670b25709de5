/**
 * ChatObject: one per chat (private pair, group or channel), named by its chat key. A thin shell:
 * it opens the chat's SQLite, wires the parts under ./chat/ together, runs the alarm, and exposes
 * the RPC surface the handlers call. Each part is one concept: membership (members.ts), message
 * operations (messages.ts), polls (poll-updates.ts), what bots hear (bot-events.ts), changes and
 * their fan-out (changes.ts, fanout.ts), views (views.ts); the pure rules are in core/chat/.
 */
import { DurableObject } from "cloudflare:workers";
import type { LinkTerms } from "../core/chat/invite-links.ts";
import { CHAT_FLOOD, SENDER_FLOOD, VOTE_FLOOD } from "../core/chat/limits.ts";
import type { LiveLocationPatch } from "../core/chat/live-locations.ts";
import { FloodLimiter } from "../core/flood.ts";
import { userObjectOf } from "../core/objects.ts";
import type { Chat, ChatBannedRights, ChatParticipant } from "../protocol/model/chat.ts";
import type { ChatInvite, ExportedChatInvite } from "../protocol/model/invite.ts";
import type { Message } from "../protocol/model/message.ts";
import type { SendMessageAction, Update } from "../protocol/model/update.ts";
import type { ProfilePhoto } from "../protocol/model/user.ts";
import { initAdmins } from "./chat/admin-store.ts";
import * as albums from "./chat/albums.ts";
import { BotEvents } from "./chat/bot-events.ts";
import { type BulkJoin, joinMany } from "./chat/bulk-join.ts";
import { Changes, personalize } from "./chat/changes.ts";
import { initChatPhoto } from "./chat/chat-photo.ts";
import { Fanout } from "./chat/fanout.ts";
import { Forum, type TopicChange } from "./chat/forum.ts";
import { editViaBot, type InlineEdit } from "./chat/inline-edits.ts";
import { initInvites } from "./chat/invite-store.ts";
import { InviteLinks } from "./chat/invites.ts";
import { editLiveLocation } from "./chat/live-locations.ts";
import { initMemberKinds, memberKindsAfter, pushToMembers } from "./chat/member-kinds.ts";
import { type AdminChange, Membership, type NewChat } from "./chat/members.ts";
import { type AlbumItem, type MessagePatch, Messages, type SendInput } from "./chat/messages.ts";
import { initPolls } from "./chat/poll-store.ts";
import { PollUpdates } from "./chat/poll-updates.ts";
import { deleteReactions } from "./chat/reaction-removal.ts";
import { initReadMarks } from "./chat/read-marks.ts";
import { initRights } from "./chat/rights-store.ts";
import { ChatScope } from "./chat/scope.ts";
import * as store from "./chat/store.ts";
import { initTopics } from "./chat/topic-store.ts";
import { initViaBot } from "./chat/via-bot.ts";
import { ChatViews, type ParticipantsFilter } from "./chat/views.ts";
import { pushToAccounts } from "./member-push.ts";

/** What a send carries (the handlers build it). */
export type { SendInput };

const DELIVERY_RETRY_MS = 2_000;

type ChatAndUpdates = { chat: Chat; updates: Update[] };

export class ChatObject extends DurableObject<Env> {
  private readonly fanout: Fanout;
  private readonly views: ChatViews;
  private readonly members: Membership;
  private readonly messages: Messages;
  private readonly polls: PollUpdates;
  private readonly forum: Forum;
  private readonly invites: InviteLinks;
  /** What the smaller operations (live locations, reaction removal) work with. */
  private readonly parts: {
    scope: ChatScope;
    members: Membership;
    changes: Changes;
    views: ChatViews;
    bots: BotEvents;
  };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const scope = new ChatScope(ctx, env);
    const sql = scope.sql;
    store.initStore(sql);
    initRights(sql);
    initAdmins(sql);
    initChatPhoto(sql);
    albums.initAlbums(sql);
    initTopics(sql);
    initPolls(sql);
    initInvites(sql);
    initViaBot(sql);
    initMemberKinds(sql);
    initReadMarks(sql);
    this.fanout = new Fanout(sql, {
      get key() {
        return scope.key();
      },
      deliverLog: (uid, events, returnUpdates) => userObjectOf(env, uid).applyChatEvents(events, returnUpdates),
      pushTo: (uids, updates, senderDevice) => pushToAccounts(env, uids, updates, senderDevice),
      memberPage: (cursor, limit) => memberKindsAfter(sql, cursor, limit),
      pushToMembers: (members, updates, senderDevice) => pushToMembers(env, sql, members, updates, senderDevice),
      personalize: (u, uid) => personalize(scope.key(), u, uid),
      wakeLater: async () => {
        // An alarm set for later (a poll's closing time) must not hold back a delivery retry.
        const at = await ctx.storage.getAlarm();
        if (at === null || at > Date.now() + DELIVERY_RETRY_MS)
          await ctx.storage.setAlarm(Date.now() + DELIVERY_RETRY_MS);
      },
    });
    const fanout = this.fanout;
    const views = new ChatViews(scope);
    const bots = new BotEvents(scope, fanout, (id) => views.participantOf(id));
    const changes = new Changes(scope, fanout, (id) => bots.isBot(id));
    const members = new Membership(scope, { fanout, changes, bots, views });
    const chat = new FloodLimiter(CHAT_FLOOD);
    const polls = new PollUpdates(scope, {
      fanout,
      members,
      views,
      flood: { vote: new FloodLimiter(VOTE_FLOOD), chat },
    });
    this.messages = new Messages(scope, {
      fanout,
      changes,
      members,
      views,
      bots,
      polls,
      flood: { sender: new FloodLimiter(SENDER_FLOOD), chat },
    });
    this.forum = new Forum(scope, { members, changes, messages: this.messages, views, flood: chat });
    this.views = views;
    this.members = members;
    this.polls = polls;
    this.invites = new InviteLinks(scope, { members, bots, views });
    this.parts = { scope, members, changes, views, bots };
  }

  /** Finishes any fan-out a restart or a failing recipient interrupted, and closes polls whose time is up. */
  override async alarm(): Promise<void> {
    this.fanout.alarmFired();
    this.polls.closeDuePolls();
    await this.fanout.run();
    this.fanout.flush();
    if (this.fanout.pending() > 0) await this.ctx.storage.setAlarm(Date.now() + DELIVERY_RETRY_MS);
    else await this.polls.wakeForPolls();
  }

  /** Whether the user belongs to this chat (the media service asks before serving a file sent here). */
  isMember(userId: number): boolean {
    return store.member(this.ctx.storage.sql, userId) !== null;
  }

  // ------------------------------------------------------------ membership (chat/members.ts)

  /** Creates a group or channel; false if the key is already taken (the caller picks another id). */
  create(
    key: string,
    creator: number,
    opts: NewChat,
  ): Promise<{ created: false } | ({ created: true } & ChatAndUpdates)> {
    return this.members.create(key, creator, opts);
  }

  addMembers(key: string, actor: number, userIds: number[]): Promise<ChatAndUpdates> {
    return this.members.addMembers(key, actor, userIds);
  }

  /** Removes a member (admins), or the caller leaves (userId === actor). */
  removeMember(key: string, actor: number, userId: number, ban?: ChatBannedRights): Promise<ChatAndUpdates> {
    return this.members.removeMember(key, actor, userId, ban);
  }

  join(key: string, userId: number): Promise<ChatAndUpdates> {
    return this.members.join(key, userId);
  }

  /** Development only (/dev/channel-members): many users join a public channel at once (chat/bulk-join.ts). */
  joinMany(key: string, userIds: number[]): Promise<BulkJoin> {
    return joinMany(this.parts, key, userIds);
  }

  editTitle(key: string, actor: number, title: string): Promise<ChatAndUpdates> {
    return this.members.editTitle(key, actor, title);
  }

  setAdmin(key: string, actor: number, userId: number, admin: boolean, opts?: AdminChange): Promise<void> {
    return this.members.setAdmin(key, actor, userId, admin, opts);
  }

  editAbout(key: string, actor: number, about: string): Promise<void> {
    return this.members.editAbout(key, actor, about);
  }

  checkMayEditInfo(key: string, actor: number): Promise<void> {
    return this.members.checkMayEditInfo(key, actor);
  }

  editPhoto(key: string, actor: number, photo: ProfilePhoto | null): Promise<ChatAndUpdates> {
    return this.members.editPhoto(key, actor, photo);
  }

  editBanned(key: string, actor: number, userId: number, banned: ChatBannedRights): Promise<ChatAndUpdates> {
    return this.members.editBanned(key, actor, userId, banned);
  }

  getParticipant(key: string, viewer: number, userId: number): Promise<ChatParticipant> {
    return this.members.getParticipant(key, viewer, userId);
  }

  editDefaultBannedRights(key: string, actor: number, banned: ChatBannedRights): Promise<ChatAndUpdates> {
    return this.members.editDefaultBannedRights(key, actor, banned);
  }

  /** The blocking user's side of a private chat. */
  setBlocked(key: string, userId: number, blocked: boolean): Promise<void> {
    return this.members.setBlocked(key, userId, blocked);
  }

  // ------------------------------------------------------------ invite links (chat/invites.ts)

  exportInvite(key: string, actor: number, terms: LinkTerms & { permanent: boolean }): Promise<ExportedChatInvite> {
    return this.invites.exportInvite(key, actor, terms);
  }

  editInvite(key: string, actor: number, link: string, revoke: boolean, terms: LinkTerms) {
    return this.invites.editInvite(key, actor, link, revoke, terms);
  }

  checkInvite(hash: string, userId: number): ChatInvite {
    return this.invites.check(hash, userId);
  }

  joinByInvite(key: string, hash: string, userId: number): Promise<ChatAndUpdates> {
    return this.invites.join(key, hash, userId);
  }

  hideJoinRequest(key: string, actor: number, userId: number, approved: boolean): Promise<ChatAndUpdates> {
    return this.invites.hideRequest(key, actor, userId, approved);
  }

  // ------------------------------------------------------------ messages (chat/messages.ts)

  send(key: string, userId: number, input: SendInput): Promise<{ message: Message; updates: Update[] }> {
    return this.messages.send(key, userId, input);
  }

  /** Refuses (as send would) a caller who may not post here; used before granting media to the chat. */
  checkCanPost(key: string, userId: number, media = false): Promise<void> {
    return this.messages.checkCanPost(key, userId, media);
  }

  sendAlbum(
    key: string,
    userId: number,
    items: AlbumItem[],
    replyTo?: number,
    topMsgId?: number,
  ): Promise<{ messages: Message[]; updates: Update[] }> {
    return this.messages.sendAlbum(key, userId, items, replyTo, topMsgId);
  }

  edit(key: string, userId: number, id: number, patch: MessagePatch): Promise<{ message: Message; updates: Update[] }> {
    return this.messages.edit(key, userId, id, patch);
  }

  deleteMessages(key: string, userId: number, ids: number[], revoke: boolean): Promise<{ updates: Update[] }> {
    return this.messages.deleteMessages(key, userId, ids, revoke);
  }

  react(key: string, userId: number, msgId: number, reactions: string[]): Promise<{ updates: Update[] }> {
    return this.messages.react(key, userId, msgId, reactions);
  }

  pin(key: string, userId: number, id: number, unpin: boolean): Promise<{ updates: Update[] }> {
    return this.messages.pin(key, userId, id, unpin);
  }

  readHistory(key: string, userId: number, maxId: number): Promise<{ updates: Update[] }> {
    return this.messages.readHistory(key, userId, maxId);
  }

  typing(key: string, userId: number, action: SendMessageAction): Promise<void> {
    return this.messages.typing(key, userId, action);
  }

  history(key: string, userId: number, q: store.HistoryQuery): Promise<{ messages: Message[]; count: number }> {
    return this.messages.history(key, userId, q);
  }

  getMessages(key: string, userId: number, ids: number[]): Promise<Message[]> {
    return this.messages.getMessages(key, userId, ids);
  }

  search(
    key: string,
    userId: number,
    q: string,
    offsetId: number,
    limit: number,
    pinnedOnly = false,
  ): Promise<Message[]> {
    return this.messages.search(key, userId, q, offsetId, limit, pinnedOnly);
  }

  channelDifference(key: string, userId: number, pts: number, limit: number) {
    return this.messages.channelDifference(key, userId, pts, limit);
  }

  /** Moves or stops the caller's live location (chat/live-locations.ts). */
  editLiveLocation(key: string, userId: number, id: number, patch: LiveLocationPatch) {
    return editLiveLocation(this.parts.scope, this.parts, key, userId, id, patch);
  }

  /** A bot edits a message posted from its inline results (chat/inline-edits.ts). */
  editViaBot(botId: number, id: number, edit: InlineEdit): Promise<void> {
    return editViaBot(this.parts.scope, this.parts, botId, id, edit);
  }

  /** An admin removes a user's reactions from one message, or from their recent ones (chat/reaction-removal.ts). */
  deleteReactions(key: string, actor: number, target: number, msgId: number | null): Promise<{ updates: Update[] }> {
    return deleteReactions(this.parts.scope, this.parts, key, actor, target, msgId);
  }

  // ------------------------------------------------------------ polls (chat/poll-updates.ts)

  sendVote(key: string, userId: number, msgId: number, options: string[]): Promise<{ updates: Update[] }> {
    return this.polls.sendVote(key, userId, msgId, options);
  }

  getPollVotes(
    key: string,
    userId: number,
    msgId: number,
    opts: { option?: string | undefined; offset?: string | undefined; limit: number },
  ) {
    return this.polls.getPollVotes(key, userId, msgId, opts);
  }

  stopPoll(key: string, userId: number, msgId: number): Promise<{ message: Message; updates: Update[] }> {
    return this.polls.stopPoll(key, userId, msgId);
  }

  // ------------------------------------------------------------ forum topics (chat/forum.ts)

  toggleForum(key: string, actor: number, enabled: boolean): Promise<ChatAndUpdates> {
    return this.forum.toggle(key, actor, enabled);
  }

  createTopic(key: string, actor: number, req: { title: string; icon_color?: number; icon_emoji_id?: string }) {
    return this.forum.create(key, actor, req);
  }

  editTopic(key: string, actor: number, topicId: number, change: TopicChange) {
    return this.forum.edit(key, actor, topicId, change);
  }

  deleteTopic(key: string, actor: number, topicId: number): Promise<{ updates: Update[] }> {
    return this.forum.remove(key, actor, topicId);
  }

  topics(key: string, viewer: number, limit: number) {
    return this.forum.list(key, viewer, limit);
  }

  /** Unpins every pinned message, or one topic's. */
  unpinAll(key: string, actor: number, topicId?: number): Promise<{ updates: Update[] }> {
    return this.forum.unpinAll(key, actor, topicId);
  }

  // ------------------------------------------------------------ views (chat/views.ts)

  /** The chat as the caller sees it: members always; anyone for a public channel. */
  fullChat(
    key: string,
    userId: number,
  ): { chat: Chat; participants: ChatParticipant[]; exported_invite?: ExportedChatInvite } {
    const full = this.views.fullChat(key, userId);
    const invite = this.invites.primaryFor(userId);
    return invite ? { ...full, exported_invite: invite } : full;
  }

  /** A page of a supergroup's or channel's members (channels.getParticipants). */
  participantsPage(
    key: string,
    userId: number,
    page: { filter: ParticipantsFilter; offset: number; limit: number; among?: number[] },
  ): { count: number; participants: ChatParticipant[] } {
    return this.views.participantsPage(key, userId, page);
  }

  /** The chat alone as the caller sees it (fullChat's access rule, no participant list). */
  chatSeenBy(key: string, userId: number): Chat {
    return this.views.chatSeenBy(key, userId);
  }

  /** A member's dialog state for a channel (channels keep no per-user log). */
  channelDialog(userId: number) {
    return this.views.channelDialog(userId);
  }
}
