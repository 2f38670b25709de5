/**
 * Polls in a live chat: votes, closing (by the author, or by the alarm at the close date), who
 * voted, and the updates they cause — every member gets the counts at most once per POLL_PUSH_MS
 * per poll (a timer sends the latest), the author at once, with the vote itself if voters are public.
 */
import { requireMayListVoters } from "../../core/chat/polls.ts";
import type { FloodLimiter } from "../../core/flood.ts";
import { Errors } from "../../protocol/errors.ts";
import type { Message } from "../../protocol/model/message.ts";
import type { Update } from "../../protocol/model/update.ts";
import type { Fanout } from "./fanout.ts";
import type { Membership } from "./members.ts";
import * as polls from "./poll-store.ts";
import type { ChatScope } from "./scope.ts";
import * as store from "./store.ts";
import type { ChatViews } from "./views.ts";

/** A busy poll's counts go to every member at most this often. */
const POLL_PUSH_MS = 1_000;

export class PollUpdates {
  private readonly scope: ChatScope;
  private readonly sql: SqlStorage;
  private readonly fanout: Fanout;
  private readonly members: Membership;
  private readonly views: ChatViews;
  private readonly flood: { vote: FloodLimiter; chat: FloodLimiter };
  /** When each poll's counts last went to every member, and the timers that will send the next ones. */
  private readonly countsPushedAt = new Map<number, number>();
  private readonly countsTimers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(
    scope: ChatScope,
    parts: {
      fanout: Fanout;
      members: Membership;
      views: ChatViews;
      flood: { vote: FloodLimiter; chat: FloodLimiter };
    },
  ) {
    this.scope = scope;
    this.sql = scope.sql;
    this.fanout = parts.fanout;
    this.members = parts.members;
    this.views = parts.views;
    this.flood = parts.flood;
  }

  /** messages.sendVote: records the vote; members get the new counts, the author (a bot: poll_answer) the vote. */
  async sendVote(key: string, userId: number, msgId: number, options: string[]): Promise<{ updates: Update[] }> {
    await this.members.enter(key, userId);
    const p = this.pollAt(userId, msgId);
    const now = Date.now();
    this.flood.vote.take(String(userId), now);
    this.flood.chat.take("chat", now);
    const seq = this.scope.transaction(() => {
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
    await this.members.enter(key, userId);
    const p = this.pollAt(userId, msgId);
    requireMayListVoters(p, userId, polls.hasVoted(this.sql, msgId, userId));
    return polls.votes(this.sql, msgId, opts);
  }

  /** Closes a poll for good (its author only); members get the final counts. */
  async stopPoll(key: string, userId: number, msgId: number): Promise<{ message: Message; updates: Update[] }> {
    await this.members.enter(key, userId);
    const p = this.pollAt(userId, msgId);
    if (p.author !== userId) throw Errors.forbidden("MESSAGE_AUTHOR_REQUIRED");
    if (p.poll.closed) throw Errors.badRequest("MESSAGE_POLL_CLOSED");
    const closed = { ...p, poll: { ...p.poll, closed: true } };
    const seq = this.scope.transaction(() => {
      polls.close(this.sql, msgId);
      return this.queuePollUpdates(closed);
    });
    void this.fanout.deliver(seq);
    return { message: this.views.message(msgId, userId), updates: [this.pollUpdate(closed, userId)] };
  }

  /** Sets the alarm for the next poll to close, unless an earlier one is set. */
  async wakeForPolls(): Promise<void> {
    const next = polls.nextCloseDate(this.sql);
    if (next === null) return;
    const at = await this.scope.storage.getAlarm();
    if (at === null || at > next * 1000) await this.scope.storage.setAlarm(next * 1000);
  }

  /** Polls whose close date passed are closed for good; members get the final counts (a bot author: `poll`). */
  closeDuePolls(): void {
    for (const msgId of polls.dueToClose(this.sql, Math.floor(Date.now() / 1000))) {
      const p = polls.pollOf(this.sql, msgId);
      this.scope.transaction(() => {
        polls.close(this.sql, msgId);
        if (p && store.message(this.sql, msgId)) this.queuePollUpdates(p);
      });
    }
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
          void this.fanout.deliver(this.scope.transaction(() => this.queueCounts(now)));
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
