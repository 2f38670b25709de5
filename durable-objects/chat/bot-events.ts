/**
 * What bots in a chat receive beyond messages: member changes (Telegram's updateChatParticipant:
 * my_chat_member for the bot itself, chat_member for admin bots), reactions (admin bots, or the
 * bot of a private chat) and join requests (admin bots). They go through the outbox like every
 * change, as pushes to the bots only.
 */
import { peerOf } from "../../core/chat/keys.ts";
import { userObjectOf } from "../../core/objects.ts";
import type { ChatParticipant } from "../../protocol/model/chat.ts";
import type { ExportedChatInvite } from "../../protocol/model/invite.ts";
import type { Update } from "../../protocol/model/update.ts";
import type { Fanout } from "./fanout.ts";
import { rememberMemberKinds } from "./member-kinds.ts";
import type { ChatScope } from "./scope.ts";
import * as store from "./store.ts";

export class BotEvents {
  private readonly scope: ChatScope;
  private readonly fanout: Fanout;
  private readonly participantOf: (userId: number) => ChatParticipant | undefined;
  /** Which accounts are bots (remembered: an account never stops or starts being one). */
  private readonly knownBots = new Map<number, boolean>();

  constructor(scope: ChatScope, fanout: Fanout, participantOf: (userId: number) => ChatParticipant | undefined) {
    this.scope = scope;
    this.fanout = fanout;
    this.participantOf = participantOf;
  }

  /** Whether `userId` is known to be a bot (after botsAmong asked). */
  isBot(userId: number): boolean {
    return this.knownBots.get(userId) === true;
  }

  /** What the directory said of these accounts (a page of members at once), so botsAmong need not ask them. */
  noteAccounts(kinds: { id: number; bot: boolean }[]): void {
    for (const k of kinds) this.knownBots.set(k.id, k.bot);
  }

  /** Which of these users are bots; one not found now is asked again next time. */
  async botsAmong(ids: number[]): Promise<number[]> {
    const unique = [...new Set(ids)];
    await Promise.all(
      unique
        .filter((id) => !this.knownBots.has(id))
        .map(async (id) => {
          const u = await userObjectOf(this.scope.env, id)
            .getUser(id)
            .catch((e: unknown) => {
              console.warn(`chat ${this.scope.key()}: could not tell whether user ${id} is a bot`, e);
              return null;
            });
          if (u) this.knownBots.set(id, u.bot === true);
        }),
    );
    return unique.filter((id) => this.isBot(id));
  }

  /**
   * Members' changes for bots (Telegram's updateChatParticipant): the member itself if it is a bot
   * (my_chat_member), and the chat's admin bots (chat_member, if they asked for it). A change's own
   * `actor` (users who joined by themselves, many at once) stands for the `actor` of the call.
   */
  async membersChanged(
    actor: number,
    changes: {
      userId: number;
      prev?: ChatParticipant | undefined;
      invite?: ExportedChatInvite | undefined;
      actor?: number;
    }[],
  ): Promise<void> {
    const m = store.meta(this.scope.sql);
    if (!m || m.kind === "private" || changes.length === 0) return;
    const admins = this.adminIds();
    const bots = new Set(await this.botsAmong([...admins, ...changes.map((c) => c.userId)]));
    // Known now (the joiners, and the admins asked beside them), so a post to every member need not ask
    // the directory about them (member-kinds.ts).
    const known = [...admins, ...changes.map((c) => c.userId)].filter((id) => this.knownBots.has(id));
    rememberMemberKinds(this.scope.sql, known, bots);
    const adminBots = admins.filter((a) => bots.has(a));
    const date = store.unixNow();
    await this.pushToBots(
      changes.map((c) => {
        const next = this.participantOf(c.userId);
        const to = new Set(adminBots);
        if (bots.has(c.userId)) to.add(c.userId);
        const update: Update = {
          _: "updateChatParticipant",
          peer: peerOf(m.key, c.actor ?? actor),
          date,
          actor_id: c.actor ?? actor,
          user_id: c.userId,
          ...(c.prev ? { prev_participant: c.prev } : {}),
          ...(next ? { new_participant: next } : {}),
          ...(c.invite ? { invite: c.invite } : {}),
        };
        return { to: [...to], update };
      }),
    );
  }

  /** A user asked to join through a link that needs approval: the chat's admin bots hear it (chat_join_request). */
  async joinRequested(userId: number, invite: ExportedChatInvite): Promise<void> {
    const m = store.meta(this.scope.sql);
    if (!m || m.kind === "private") return;
    const bots = await this.botsAmong(this.adminIds());
    if (bots.length === 0) return;
    const about = await userObjectOf(this.scope.env, userId)
      .getAbout()
      .catch((e: unknown) => {
        console.warn(`chat ${m.key}: could not read user ${userId}'s bio for a join request`, e);
        return undefined;
      });
    const update: Update = {
      _: "updateBotChatInviteRequester",
      peer: peerOf(m.key, userId),
      date: store.unixNow(),
      user_id: userId,
      about: about ?? "",
      invite,
    };
    await this.pushToBots([{ to: bots, update }]);
  }

  /** One user's reactions changed: bots that administer the chat, or the bot of a private chat, hear who and what. */
  async reactionChanged(m: store.MetaRow, userId: number, msgId: number, old: string[], now: string[]): Promise<void> {
    if (old.length === now.length && old.every((r) => now.includes(r))) return;
    const candidates = m.kind === "private" ? this.scope.memberIds() : this.adminIds();
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

  private adminIds(): number[] {
    return store.staff(this.scope.sql).map((x) => x.user_id);
  }

  /** Pushes each update to its bots through the outbox (their BotObjects queue it as chat_member etc.). */
  private async pushToBots(jobs: { to: number[]; update: Update }[]): Promise<void> {
    const due = jobs.filter((j) => j.to.length > 0);
    if (due.length === 0) return;
    const seqs = this.scope.transaction(() =>
      due.map((j) => this.fanout.enqueue({ kind: "push", recipients: j.to, updates: [j.update] })),
    );
    await Promise.all(seqs.map((s) => this.fanout.deliver(s)));
  }
}
