/**
 * Membership rules: who is in the chat and in what role — entering (the one access check every
 * entry point runs first, see core/chat/access.ts), creating, adding, removing, joining, admins,
 * bans and the chat's default rights, and blocking in private chats.
 */
import {
  isAdmin,
  isBroadcast,
  notMember,
  requireAdmin,
  requireMayRemove,
  requireMember,
} from "../../core/chat/access.ts";
import {
  adminRightsOf,
  checkRank,
  grantedRights,
  grantsNothing,
  requireAdminRight,
} from "../../core/chat/admin-rights.ts";
import { parseChatKey, peerOf } from "../../core/chat/keys.ts";
import { MAX_GROUP_MEMBERS } from "../../core/chat/limits.ts";
import { renderChat } from "../../core/chat/render.ts";
import { requireRight } from "../../core/chat/rights.ts";
import { directoryOf, userObjectOf } from "../../core/objects.ts";
import { Errors, type RpcError } from "../../protocol/errors.ts";
import type { AdminRights, Chat, ChatBannedRights, ChatParticipant } from "../../protocol/model/chat.ts";
import type { ExportedChatInvite } from "../../protocol/model/invite.ts";
import type { MessageAction } from "../../protocol/model/message.ts";
import type { Update } from "../../protocol/model/update.ts";
import type { ProfilePhoto } from "../../protocol/model/user.ts";
import * as admins from "./admin-store.ts";
import type { BotEvents } from "./bot-events.ts";
import { type Changes, newMessageChange } from "./changes.ts";
import { chatPhoto, setChatPhoto } from "./chat-photo.ts";
import type { Fanout } from "./fanout.ts";
import * as rights from "./rights-store.ts";
import type { ChatScope } from "./scope.ts";
import * as store from "./store.ts";
import type { ChatViews } from "./views.ts";

/** What a promotion changes beyond admin or not: the rights granted and the custom title. */
export interface AdminChange {
  rights?: Partial<AdminRights> | undefined;
  rank?: string | undefined;
}

export interface NewChat {
  title: string;
  users?: number[];
  about?: string;
  megagroup?: boolean;
  public?: boolean;
}

type ChatAndUpdates = { chat: Chat; updates: Update[] };

export class Membership {
  private readonly scope: ChatScope;
  private readonly sql: SqlStorage;
  private readonly fanout: Fanout;
  private readonly changes: Changes;
  private readonly bots: BotEvents;
  private readonly views: ChatViews;

  constructor(scope: ChatScope, parts: { fanout: Fanout; changes: Changes; bots: BotEvents; views: ChatViews }) {
    this.scope = scope;
    this.sql = scope.sql;
    this.fanout = parts.fanout;
    this.changes = parts.changes;
    this.bots = parts.bots;
    this.views = parts.views;
  }

  /** The chat and the caller's member row, or the not-a-member error; a private chat comes into being here. */
  async enter(key: string, userId: number): Promise<{ m: store.MetaRow; me: store.MemberRow }> {
    if (parseChatKey(key).kind === "private") await this.ensurePrivate(key);
    const m = store.meta(this.sql);
    return requireMember(key, m, m ? store.member(this.sql, userId) : null);
  }

  /** A private chat comes into being on first use, if both users exist. */
  async ensurePrivate(key: string): Promise<void> {
    if (this.scope.key() || store.meta(this.sql)) return; // a chat, once made, is never unmade
    const k = parseChatKey(key);
    if (k.kind !== "private") throw notMember(key);
    const ids = [k.id, k.other as number];
    const dir = directoryOf(this.scope.env);
    const exist = await Promise.all(ids.map((id) => dir.exists(id)));
    if (exist.includes(false)) throw Errors.badRequest("PEER_ID_INVALID");
    this.scope.transaction(() => {
      if (store.meta(this.sql)) return;
      store.createMeta(this.sql, { key, kind: "private", title: "" });
      for (const id of ids) store.addMember(this.sql, id, "member");
    });
  }

  /** Creates a group or channel; false if the key is already taken (the caller picks another id). */
  async create(
    key: string,
    creator: number,
    opts: NewChat,
  ): Promise<{ created: false } | ({ created: true } & ChatAndUpdates)> {
    if (store.meta(this.sql)) return { created: false };
    const kind = parseChatKey(key).kind;
    const users = [...new Set((opts.users ?? []).filter((u) => u !== creator))];
    if (kind === "chat" && users.length + 1 > MAX_GROUP_MEMBERS) throw Errors.badRequest("USERS_TOO_MUCH");
    const m = this.scope.transaction(() => {
      store.createMeta(this.sql, { key, kind, ...opts });
      store.addMember(this.sql, creator, "creator");
      for (const u of users) store.addMember(this.sql, u, "member");
      return store.meta(this.sql) as store.MetaRow;
    });
    const action: MessageAction =
      kind === "chat"
        ? { _: "messageActionChatCreate", title: opts.title, users: [creator, ...users] }
        : { _: "messageActionChannelCreate", title: opts.title };
    const updates = await this.changes.post(m, creator, { text: "", action });
    if (kind === "channel")
      await userObjectOf(this.scope.env, creator).setChannelDialog(
        key,
        peerOf(key, creator),
        this.views.channelDialog(creator),
      );
    await this.bots.membersChanged(
      creator,
      users.map((u) => ({ userId: u })),
    );
    return { created: true, chat: this.views.chatFor(creator), updates };
  }

  async addMembers(key: string, actor: number, userIds: number[]): Promise<ChatAndUpdates> {
    const { m, me } = await this.enter(key, actor);
    if (m.kind === "channel") requireAdmin(me);
    requireRight(rights.rightsOf(this.sql, m, me), "invite_users");
    const fresh = [...new Set(userIds)].filter((u) => !store.member(this.sql, u));
    if (fresh.length === 0) throw Errors.badRequest("USER_ALREADY_PARTICIPANT");
    if (m.kind === "chat" && store.memberCount(this.sql) + fresh.length > MAX_GROUP_MEMBERS)
      throw Errors.badRequest("USERS_TOO_MUCH");
    this.scope.transaction(() => {
      for (const u of fresh) {
        store.addMember(this.sql, u, "member");
        if (rights.isBanned(this.sql, u)) rights.dropBanned(this.sql, u);
      }
    });
    // A broadcast channel's readers see no one come or go, as on Telegram (and a post to every subscriber
    // for each one would cost as much as a real post).
    const updates = isBroadcast(m)
      ? []
      : await this.changes.post(m, actor, { text: "", action: { _: "messageActionChatAddUser", users: fresh } });
    if (m.kind === "channel") await this.syncChannelDialogs(key, fresh);
    await this.bots.membersChanged(
      actor,
      fresh.map((u) => ({ userId: u })),
    );
    return { chat: this.views.chatFor(actor), updates };
  }

  /** Removes a member (admins), or the caller leaves (userId === actor). */
  async removeMember(key: string, actor: number, userId: number, ban?: ChatBannedRights): Promise<ChatAndUpdates> {
    const { m, me } = await this.enter(key, actor);
    const target = store.member(this.sql, userId);
    if (!target) throw Errors.badRequest("USER_NOT_PARTICIPANT");
    requireMayRemove(me, target);
    const prev = this.views.participantOf(userId);
    // The departing member still gets the service message, then the dialog goes (none in a broadcast channel).
    const updates = isBroadcast(m)
      ? []
      : await this.changes.change(m, actor, () =>
          newMessageChange(
            m,
            store.insertMessage(this.sql, actor, {
              text: "",
              action: { _: "messageActionChatDeleteUser", user_id: userId },
            }),
          ),
        );
    this.scope.transaction(() => {
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
      const user = userObjectOf(this.scope.env, userId);
      await user.removeDialog(key);
      await user.pushToDevices([{ _: "updateChannel", channel_id: parseChatKey(key).id }]);
    }
    await this.bots.membersChanged(actor, [{ userId, prev }]);
    return { chat: this.views.chatFor(actor), updates };
  }

  async join(key: string, userId: number): Promise<ChatAndUpdates> {
    const refusal = this.joinRefusal(key, store.meta(this.sql), userId);
    if (refusal) throw refusal;
    store.addMember(this.sql, userId, "member");
    await this.syncChannelDialogs(key, [userId]);
    await this.bots.membersChanged(userId, [{ userId }]);
    return { chat: this.views.chatFor(userId), updates: [] };
  }

  /** Why the user may not join the chat by themselves (channels.joinChannel), or null if they may. */
  joinRefusal(key: string, m: store.MetaRow | null, userId: number): RpcError | null {
    if (m?.kind !== "channel" || (!m.public && !store.member(this.sql, userId))) return notMember(key);
    // A banned user learns nothing more than a stranger to a private channel.
    if (rights.isBanned(this.sql, userId)) return notMember(key);
    if (store.member(this.sql, userId)) return Errors.badRequest("USER_ALREADY_PARTICIPANT");
    return null;
  }

  /**
   * Lets a user in on an admin's word (an invite link, an approved join request): the user needs no
   * invite right. Groups and supergroups see them arrive (new_chat_members): "joined by link" when
   * they came in themselves, "added" by the admin who approved them; a broadcast channel's readers
   * see nothing, as on Telegram.
   */
  async admit(key: string, actor: number, userId: number, invite?: ExportedChatInvite): Promise<ChatAndUpdates> {
    const m = store.meta(this.sql);
    if (!m || m.kind === "private" || rights.isBanned(this.sql, userId)) throw notMember(key);
    if (store.member(this.sql, userId)) throw Errors.badRequest("USER_ALREADY_PARTICIPANT");
    if (m.kind === "chat" && store.memberCount(this.sql) + 1 > MAX_GROUP_MEMBERS)
      throw Errors.badRequest("USERS_TOO_MUCH");
    store.addMember(this.sql, userId, "member");
    const updates = isBroadcast(m)
      ? []
      : await this.changes.post(m, actor, {
          text: "",
          action:
            actor === userId
              ? { _: "messageActionChatJoinedByLink" }
              : { _: "messageActionChatAddUser", users: [userId] },
        });
    if (m.kind === "channel") await this.syncChannelDialogs(key, [userId]);
    await this.bots.membersChanged(actor, [{ userId, invite }]);
    return { chat: this.views.chatFor(actor), updates };
  }

  async editTitle(key: string, actor: number, title: string): Promise<ChatAndUpdates> {
    const { m, me } = await this.enter(key, actor);
    requireAdmin(me);
    store.setTitle(this.sql, title);
    const updates = await this.changes.post(m, actor, { text: "", action: { _: "messageActionChatEditTitle", title } });
    return { chat: this.views.chatFor(actor), updates };
  }

  /**
   * Promotes, re-rights or demotes a member (an admin who may add admins; each right granted must be
   * the granter's own); a rank alone changes the custom title. No rights listed: all but adding admins.
   */
  async setAdmin(key: string, actor: number, userId: number, admin: boolean, opts: AdminChange = {}): Promise<void> {
    const { me } = await this.enter(key, actor);
    const mine = adminRightsOf(me, admins.storedAdmin(this.sql, actor).rights);
    requireAdminRight(mine, "add_admins");
    const target = store.member(this.sql, userId);
    const prev = this.views.participantOf(userId);
    if (!target || !prev) throw Errors.badRequest("USER_NOT_PARTICIPANT");
    if (target.role === "creator" && (!admin || opts.rights)) throw Errors.badRequest("USER_CREATOR");
    const rank = opts.rank !== undefined ? checkRank(opts.rank) : undefined;
    const granted = admin && opts.rights ? grantedRights(mine as AdminRights, opts.rights) : null;
    const promote = admin && !(granted && grantsNothing(granted));
    this.scope.transaction(() => {
      if (target.role !== "creator") {
        store.setRole(this.sql, userId, promote ? "admin" : "member");
        // A promoted member keeps no restrictions (admins are never restricted).
        if (promote) rights.dropBanned(this.sql, userId);
        if (!promote) admins.dropAdmin(this.sql, userId);
        else if (granted || target.role === "member") admins.setAdminRights(this.sql, userId, granted);
      }
      if (rank !== undefined && promote) admins.setRank(this.sql, userId, rank);
    });
    await this.bots.membersChanged(actor, [{ userId, prev }]);
  }

  /** messages.editChatAbout: the description, by an admin who may change the chat's info. */
  async editAbout(key: string, actor: number, about: string): Promise<void> {
    const { m, me } = await this.enter(key, actor);
    if (m.kind === "private") throw Errors.badRequest("PEER_ID_INVALID");
    requireAdminRight(adminRightsOf(me, admins.storedAdmin(this.sql, actor).rights), "change_info");
    const text = about.trim();
    if (text === m.about) throw Errors.badRequest("CHAT_ABOUT_NOT_MODIFIED");
    store.setAbout(this.sql, text);
  }

  /** Refuses a caller who may not change the chat's info (title, description, photo). */
  async checkMayEditInfo(key: string, actor: number): Promise<void> {
    const { m, me } = await this.enter(key, actor);
    if (m.kind === "private") throw Errors.badRequest("PEER_ID_INVALID");
    requireAdminRight(adminRightsOf(me, admins.storedAdmin(this.sql, actor).rights), "change_info");
  }

  /** messages.editChatPhoto: sets or (null) removes the photo, with a service message. */
  async editPhoto(key: string, actor: number, photo: ProfilePhoto | null): Promise<ChatAndUpdates> {
    await this.checkMayEditInfo(key, actor);
    const { m } = await this.enter(key, actor);
    if (!photo && !chatPhoto(this.sql)) throw Errors.badRequest("CHAT_NOT_MODIFIED");
    const action: MessageAction = photo
      ? { _: "messageActionChatEditPhoto", photo }
      : { _: "messageActionChatDeletePhoto" };
    const updates = await this.changes.post(m, actor, { text: "", action }, () => setChatPhoto(this.sql, photo));
    return { chat: this.views.chatFor(actor), updates };
  }

  /** The admin rights `userId` holds here (null for a plain member or a stranger). */
  adminRights(userId: number): AdminRights | null {
    return adminRightsOf(store.member(this.sql, userId), admins.storedAdmin(this.sql, userId).rights);
  }

  /** channels.editBanned: restricts a member of a channel or supergroup (admins only); no flag set lifts it. */
  async editBanned(key: string, actor: number, userId: number, banned: ChatBannedRights): Promise<ChatAndUpdates> {
    const { m, me } = await this.enter(key, actor);
    if (m.kind !== "channel") throw Errors.badRequest("CHANNEL_INVALID");
    requireAdmin(me);
    const target = store.member(this.sql, userId);
    if (target && isAdmin(target)) throw Errors.badRequest("USER_ADMIN_INVALID");
    // Non-members can be banned ahead of time, or unbanned; restricting needs a member.
    if (!target && !banned.view_messages && !rights.bannedOf(this.sql, userId))
      throw Errors.badRequest("USER_NOT_PARTICIPANT");
    if (target && banned.view_messages) return this.removeMember(key, actor, userId, banned);
    if (!target && banned.view_messages && !(await directoryOf(this.scope.env).exists(userId)))
      throw Errors.badRequest("USER_ID_INVALID");
    const prev = this.views.participantOf(userId);
    rights.setBanned(this.sql, userId, banned);
    await this.bots.membersChanged(actor, [{ userId, prev }]);
    return { chat: this.views.chatFor(actor), updates: [] };
  }

  /** channels.getParticipant: one member (or a banned user) as a member of the chat sees them. */
  async getParticipant(key: string, viewer: number, userId: number): Promise<ChatParticipant> {
    await this.enter(key, viewer);
    const p = this.views.participantOf(userId);
    if (!p) throw Errors.badRequest("USER_NOT_PARTICIPANT");
    return p;
  }

  /** messages.editChatDefaultBannedRights: what every plain member of a group or supergroup may not do. */
  async editDefaultBannedRights(key: string, actor: number, banned: ChatBannedRights): Promise<ChatAndUpdates> {
    const { m, me } = await this.enter(key, actor);
    if (isBroadcast(m)) throw Errors.badRequest("CHAT_INVALID");
    requireAdmin(me);
    rights.setDefaultRights(this.sql, banned);
    return { chat: this.views.chatFor(actor), updates: [] };
  }

  /** The blocking user's side of a private chat. */
  async setBlocked(key: string, userId: number, blocked: boolean): Promise<void> {
    await this.ensurePrivate(key);
    store.setBlocksOther(this.sql, userId, blocked);
  }

  /** New channel members get the channel's dialog and a nudge to reload it. */
  private async syncChannelDialogs(key: string, userIds: number[]): Promise<void> {
    await Promise.all(
      userIds.map(async (uid) => {
        const users = userObjectOf(this.scope.env, uid);
        await users.setChannelDialog(key, peerOf(key, uid), this.views.channelDialog(uid));
        await users.pushToDevices([{ _: "updateChannel", channel_id: parseChatKey(key).id }]);
      }),
    );
  }
}
