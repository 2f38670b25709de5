/**
 * Forum topics in a supergroup: turning the forum on, creating, editing, closing, hiding and
 * deleting topics, unpinning a topic's messages, and which topic a new message goes into. Each
 * change is a service message (messageActionTopicCreate / …Edit) in the topic, as in Telegram.
 */
import { isAdmin } from "../../core/chat/access.ts";
import { adminRightsOf, requireAdminRight } from "../../core/chat/admin-rights.ts";
import { parseChatKey, peerOf } from "../../core/chat/keys.ts";
import { requireRight } from "../../core/chat/rights.ts";
import type { MemberRow, MetaRow } from "../../core/chat/rows.ts";
import {
  closedTopic,
  editedTopic,
  GENERAL_TOPIC_ID,
  hiddenTopic,
  newTopic,
  requireDeletable,
  requireMaySendIn,
  type StoredTopic,
} from "../../core/chat/topics.ts";
import type { FloodLimiter } from "../../core/flood.ts";
import { Errors } from "../../protocol/errors.ts";
import type { Chat } from "../../protocol/model/chat.ts";
import type { MessageAction } from "../../protocol/model/message.ts";
import type { Update } from "../../protocol/model/update.ts";
import * as admins from "./admin-store.ts";
import type { Changes } from "./changes.ts";
import type { Membership } from "./members.ts";
import type { Messages } from "./messages.ts";
import { rightsOf } from "./rights-store.ts";
import type { ChatScope } from "./scope.ts";
import * as store from "./store.ts";
import * as topics from "./topic-store.ts";
import type { ChatViews } from "./views.ts";

/** A topic change asked for: undefined fields stay as they are. */
export interface TopicChange {
  title?: string | undefined;
  icon_emoji_id?: string | undefined;
  closed?: boolean | undefined;
  hidden?: boolean | undefined;
}

const mayManageTopics = (sql: SqlStorage, me: MemberRow) =>
  adminRightsOf(me, admins.storedAdmin(sql, me.user_id).rights)?.manage_topics === true;

/** The topic a new message goes into (undefined: General, or not a forum); a closed topic refuses it. */
export function topicForSend(sql: SqlStorage, me: MemberRow, replyTo?: number, topMsgId?: number): number | undefined {
  if (!topics.isForum(sql)) return undefined;
  let id = topMsgId;
  if (id === undefined && replyTo !== undefined)
    id = topics.topic(sql, replyTo) ? replyTo : (store.message(sql, replyTo)?.topic_id ?? GENERAL_TOPIC_ID);
  const t = topics.topic(sql, id ?? GENERAL_TOPIC_ID);
  if (!t) throw Errors.badRequest("TOPIC_ID_INVALID");
  requireMaySendIn(t, mayManageTopics(sql, me));
  return t.id === GENERAL_TOPIC_ID ? undefined : t.id;
}

interface Parts {
  members: Membership;
  changes: Changes;
  messages: Messages;
  views: ChatViews;
  /** The chat-wide send limit: each topic change posts a service message. */
  flood: FloodLimiter;
}

export class Forum {
  private readonly scope: ChatScope;
  private readonly sql: SqlStorage;
  private readonly p: Parts;

  constructor(scope: ChatScope, parts: Parts) {
    this.scope = scope;
    this.sql = scope.sql;
    this.p = parts;
  }

  /** channels.toggleForum: a supergroup's messages organised in topics (admins who may change its info). */
  async toggle(key: string, actor: number, enabled: boolean): Promise<{ chat: Chat; updates: Update[] }> {
    const { m, me } = await this.p.members.enter(key, actor);
    if (m.kind !== "channel" || !m.megagroup) throw Errors.badRequest("CHANNEL_INVALID");
    requireAdminRight(adminRightsOf(me, admins.storedAdmin(this.sql, actor).rights), "change_info");
    if (topics.isForum(this.sql) === enabled) throw Errors.badRequest("CHAT_NOT_MODIFIED");
    this.scope.transaction(() => {
      topics.setForum(this.sql, enabled);
      if (enabled && !topics.topic(this.sql, GENERAL_TOPIC_ID))
        topics.saveTopic(this.sql, newTopic(GENERAL_TOPIC_ID, { title: "General" }, actor, store.unixNow()));
    });
    return { chat: this.p.views.chatFor(actor), updates: [] };
  }

  /** A new topic: its creation message's id is its id. Admins who may manage topics. */
  async create(
    key: string,
    actor: number,
    req: { title: string; icon_color?: number | undefined; icon_emoji_id?: string | undefined },
  ): Promise<{ topic: StoredTopic; updates: Update[] }> {
    const { m, me } = await this.forumMember(key, actor);
    if (!mayManageTopics(this.sql, me)) throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
    const draft = newTopic(
      0,
      {
        title: req.title,
        ...(req.icon_color !== undefined ? { iconColor: req.icon_color } : {}),
        ...(req.icon_emoji_id ? { iconEmojiId: req.icon_emoji_id } : {}),
      },
      actor,
      store.unixNow(),
    );
    this.p.flood.take("chat");
    let made = draft;
    const action: MessageAction = {
      _: "messageActionTopicCreate",
      title: draft.title,
      icon_color: draft.iconColor,
      ...(draft.iconEmojiId ? { icon_emoji_id: draft.iconEmojiId } : {}),
    };
    const updates = await this.p.changes.post(m, actor, { text: "", action }, (row) => {
      made = { ...draft, id: row.id, date: row.date };
      topics.saveTopic(this.sql, made);
    });
    return { topic: made, updates };
  }

  /** Renames, re-icons, closes/reopens or hides/shows a topic: its managers, or its creator for their own. */
  async edit(
    key: string,
    actor: number,
    topicId: number,
    change: TopicChange,
  ): Promise<{ topic: StoredTopic; updates: Update[] }> {
    const { m, me } = await this.forumMember(key, actor);
    const t = this.topic(topicId);
    const own = t.creator === actor && change.hidden === undefined && isAdmin(me);
    if (!mayManageTopics(this.sql, me) && !own) throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
    let next = t;
    if (change.title !== undefined || change.icon_emoji_id !== undefined)
      next = editedTopic(next, {
        ...(change.title !== undefined ? { title: change.title } : {}),
        ...(change.icon_emoji_id !== undefined ? { iconEmojiId: change.icon_emoji_id } : {}),
      });
    if (change.closed !== undefined) next = closedTopic(next, change.closed);
    if (change.hidden !== undefined) next = hiddenTopic(next, change.hidden);
    if (next === t) throw Errors.badRequest("TOPIC_NOT_MODIFIED");
    const action: MessageAction = {
      _: "messageActionTopicEdit",
      ...(next.title !== t.title ? { title: next.title } : {}),
      ...(change.icon_emoji_id !== undefined ? { icon_emoji_id: change.icon_emoji_id } : {}),
      ...(change.closed !== undefined ? { closed: change.closed } : {}),
      ...(change.hidden !== undefined ? { hidden: change.hidden } : {}),
    };
    this.p.flood.take("chat");
    const inTopic = t.id === GENERAL_TOPIC_ID ? {} : { topic_id: t.id };
    const final = next;
    const updates = await this.p.changes.post(m, actor, { text: "", action, ...inTopic }, () =>
      topics.saveTopic(this.sql, final),
    );
    return { topic: final, updates };
  }

  /** Deletes a topic with all its messages (never General). Its managers. */
  async remove(key: string, actor: number, topicId: number): Promise<{ updates: Update[] }> {
    const { me } = await this.forumMember(key, actor);
    const t = this.topic(topicId);
    requireDeletable(t);
    if (!mayManageTopics(this.sql, me)) throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
    const ids = topics.topicMessageIds(this.sql, t.id);
    const { updates } = ids.length ? await this.p.messages.deleteMessages(key, actor, ids, true) : { updates: [] };
    topics.deleteTopic(this.sql, t.id);
    return { updates };
  }

  /** The forum's topics, newest first and General last, for any member. */
  async list(key: string, viewer: number, limit: number): Promise<{ topics: StoredTopic[]; count: number }> {
    await this.forumMember(key, viewer);
    return { topics: topics.topics(this.sql, limit), count: topics.topicCount(this.sql) };
  }

  /** messages.unpinAllMessages: every pinned message, or one topic's (General's: 1). As pinning: admins in channels. */
  async unpinAll(key: string, actor: number, topicId?: number): Promise<{ updates: Update[] }> {
    const { m, me } = await this.p.members.enter(key, actor);
    this.requirePinner(m, me);
    if (topicId !== undefined) {
      if (!topics.isForum(this.sql)) throw Errors.badRequest("CHANNEL_FORUM_MISSING");
      this.topic(topicId);
    }
    const ids = topics.pinnedIds(this.sql, topicId);
    if (ids.length === 0) return { updates: [] };
    const updates = await this.p.changes.change(m, actor, () => {
      topics.unpin(this.sql, ids);
      return {
        group: { _: "updatePinnedMessages", peer: peerOf(key, actor), messages: ids, pinned: false },
        channel: (pts) => ({
          _: "updatePinnedChannelMessages",
          channel_id: parseChatKey(key).id,
          messages: ids,
          pinned: false,
          pts,
          pts_count: 1,
        }),
      };
    });
    return { updates };
  }

  private requirePinner(m: MetaRow, me: MemberRow): void {
    if (m.kind === "channel")
      requireAdminRight(adminRightsOf(me, admins.storedAdmin(this.sql, me.user_id).rights), "pin_messages");
    requireRight(rightsOf(this.sql, m, me), "pin_messages");
  }

  private async forumMember(key: string, userId: number): Promise<{ m: MetaRow; me: MemberRow }> {
    const r = await this.p.members.enter(key, userId);
    if (!topics.isForum(this.sql)) throw Errors.badRequest("CHANNEL_FORUM_MISSING");
    return r;
  }

  private topic(id: number): StoredTopic {
    const t = topics.topic(this.sql, id);
    if (!t) throw Errors.badRequest("TOPIC_ID_INVALID");
    return t;
  }
}
