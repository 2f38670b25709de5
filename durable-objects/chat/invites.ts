/**
 * Invite links and join requests of one chat: admins make, edit and revoke links; a user joins by
 * one, or files a request an admin approves or declines. Rules in core/chat/invite-links.ts, rows in
 * invite-store.ts; the joining itself is membership's (Membership.admit).
 */
import {
  checkTerms,
  hashOfLink,
  type InviteRow,
  type LinkTerms,
  newInviteHash,
  renderInvite,
  requireCanManageInvites,
  requireUsable,
} from "../../core/chat/invite-links.ts";
import { parseChatKey } from "../../core/chat/keys.ts";
import { Errors } from "../../protocol/errors.ts";
import type { Chat } from "../../protocol/model/chat.ts";
import type { ChatInvite, ExportedChatInvite } from "../../protocol/model/invite.ts";
import type { Update } from "../../protocol/model/update.ts";
import type { BotEvents } from "./bot-events.ts";
import * as links from "./invite-store.ts";
import type { Membership } from "./members.ts";
import * as rights from "./rights-store.ts";
import type { ChatScope } from "./scope.ts";
import * as store from "./store.ts";
import type { ChatViews } from "./views.ts";

type ChatAndUpdates = { chat: Chat; updates: Update[] };

export class InviteLinks {
  private readonly scope: ChatScope;
  private readonly sql: SqlStorage;
  private readonly members: Membership;
  private readonly bots: BotEvents;
  private readonly views: ChatViews;

  constructor(scope: ChatScope, parts: { members: Membership; bots: BotEvents; views: ChatViews }) {
    this.scope = scope;
    this.sql = scope.sql;
    this.members = parts.members;
    this.bots = parts.bots;
    this.views = parts.views;
  }

  /** A new link; `permanent` makes it the chat's primary link and revokes the one before. */
  async exportInvite(
    key: string,
    actor: number,
    terms: LinkTerms & { permanent: boolean },
  ): Promise<ExportedChatInvite> {
    const { m, me } = await this.members.enter(key, actor);
    requireCanManageInvites(m, me);
    const now = store.unixNow();
    checkTerms(terms, now);
    const hash = newInviteHash(m.kind === "channel" ? "channel" : "chat", parseChatKey(key).id);
    this.scope.transaction(() => this.insert(hash, actor, now, terms));
    return this.render(hash);
  }

  /** Changes a link's terms (absent: unchanged), or revokes it; a revoked primary link gets a successor. */
  async editInvite(
    key: string,
    actor: number,
    link: string,
    revoke: boolean,
    terms: LinkTerms,
  ): Promise<{ invite: ExportedChatInvite; new_invite?: ExportedChatInvite }> {
    const { m, me } = await this.members.enter(key, actor);
    requireCanManageInvites(m, me);
    const hash = hashOfLink(link);
    const row = links.invite(this.sql, hash);
    if (!row) throw Errors.badRequest("INVITE_HASH_INVALID");
    if (row.revoked) throw Errors.badRequest("INVITE_HASH_EXPIRED");
    const now = store.unixNow();
    if (revoke) {
      const next = row.permanent
        ? newInviteHash(m.kind === "channel" ? "channel" : "chat", parseChatKey(key).id)
        : null;
      this.scope.transaction(() => {
        links.revokeInvite(this.sql, hash);
        if (next) this.insert(next, actor, now, { permanent: true });
      });
      return { invite: this.render(hash), ...(next ? { new_invite: this.render(next) } : {}) };
    }
    // The primary link has no terms: it works until revoked.
    if (row.permanent) throw Errors.badRequest("CHAT_INVITE_PERMANENT");
    checkTerms(
      {
        expire_date: terms.expire_date,
        usage_limit: terms.usage_limit ?? row.usage_limit,
        request_needed: terms.request_needed ?? row.request_needed === 1,
      },
      now,
    );
    links.editInvite(this.sql, hash, terms);
    return { invite: this.render(hash) };
  }

  /** What a link leads to: the chat itself for a member, else what a stranger may see before joining. */
  check(hash: string, userId: number): ChatInvite {
    const meta = store.meta(this.sql);
    const row = meta ? links.invite(this.sql, hash) : null;
    if (!meta || !row) throw Errors.badRequest("INVITE_HASH_INVALID");
    if (store.member(this.sql, userId)) return { _: "chatInviteAlready", chat: this.views.chatFor(userId) };
    requireUsable(row, store.unixNow());
    return {
      _: "chatInvite",
      title: meta.title,
      ...(meta.about ? { about: meta.about } : {}),
      participants_count: store.memberCount(this.sql),
      channel: meta.kind === "channel",
      broadcast: meta.kind === "channel" && !meta.megagroup,
      megagroup: meta.kind === "channel" && meta.megagroup === 1,
      request_needed: row.request_needed === 1,
    };
  }

  /**
   * Joins by a link: counted against its limit before the user is let in (and given back if that
   * fails), so two users cannot both take a link's last place. A link that needs approval files a
   * request, tells the admin bots, and answers INVITE_REQUEST_SENT, as Telegram does.
   */
  async join(key: string, hash: string, userId: number): Promise<ChatAndUpdates> {
    const m = store.meta(this.sql);
    const found = m ? links.invite(this.sql, hash) : null;
    if (!found) throw Errors.badRequest("INVITE_HASH_INVALID");
    if (store.member(this.sql, userId)) throw Errors.badRequest("USER_ALREADY_PARTICIPANT");
    const row = requireUsable(found, store.unixNow());
    if (rights.isBanned(this.sql, userId)) throw Errors.badRequest("CHANNEL_PRIVATE");
    if (row.request_needed) {
      if (links.joinRequest(this.sql, userId)) throw Errors.badRequest("INVITE_REQUEST_SENT");
      links.addJoinRequest(this.sql, userId, hash, store.unixNow());
      await this.bots.joinRequested(userId, this.render(hash));
      throw Errors.badRequest("INVITE_REQUEST_SENT");
    }
    return this.admitBy(key, userId, userId, hash);
  }

  /** An admin approves (the user joins, the admin named as who let them in) or declines a join request. */
  async hideRequest(key: string, actor: number, userId: number, approved: boolean): Promise<ChatAndUpdates> {
    const { m, me } = await this.members.enter(key, actor);
    requireCanManageInvites(m, me);
    const request = links.joinRequest(this.sql, userId);
    if (!request) throw Errors.badRequest("HIDE_REQUESTER_MISSING");
    links.dropJoinRequest(this.sql, userId);
    if (!approved) return { chat: this.views.chatFor(actor), updates: [] };
    return this.admitBy(key, actor, userId, request.hash);
  }

  /** Lets the user in by the link, counting the join (given back if it fails); bots hear which link it was. */
  private async admitBy(key: string, actor: number, userId: number, hash: string): Promise<ChatAndUpdates> {
    links.countUse(this.sql, hash, 1);
    try {
      return await this.members.admit(key, actor, userId, this.render(hash));
    } catch (e) {
      links.countUse(this.sql, hash, -1);
      throw e;
    }
  }

  /** The chat's primary link, for an admin (Telegram's chatFull.exported_invite); none until one is exported. */
  primaryFor(userId: number): ExportedChatInvite | undefined {
    const me = store.member(this.sql, userId);
    const row = me && me.role !== "member" ? links.primaryInvite(this.sql) : null;
    return row ? this.render(row.hash) : undefined;
  }

  private insert(hash: string, actor: number, now: number, terms: LinkTerms & { permanent: boolean }): void {
    if (terms.permanent) {
      const old = links.primaryInvite(this.sql);
      if (old) links.revokeInvite(this.sql, old.hash);
    }
    links.insertInvite(this.sql, { hash, admin_id: actor, date: now, ...terms });
  }

  private render(hash: string): ExportedChatInvite {
    const row = links.invite(this.sql, hash) as InviteRow;
    return renderInvite(row, links.requestCount(this.sql, hash), this.scope.env.PUBLIC_HOST);
  }
}
