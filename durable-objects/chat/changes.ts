/**
 * Changes to a chat and their fan-out: each mutation runs in one transaction with the outbox job
 * that carries it to members (chat/fanout.ts), in its two forms — an entry in every member's own
 * log (groups, private chats) or the channel's pts log pushed to subscribers (channels). The
 * caller gets its own copy of the update back in the RPC result.
 */

import { peerOf } from "../../core/chat/keys.ts";
import { messageFor, renderMessage } from "../../core/chat/render.ts";
import { isDevice } from "../../core/rpc/call.ts";
import type { Update } from "../../protocol/model/update.ts";
import type { DialogEffect, UpdateBody } from "../update-log.ts";
import type { Fanout, PushJob } from "./fanout.ts";
import type { ChatScope } from "./scope.ts";
import * as store from "./store.ts";

/** One change: its form in members' logs (groups, private) and in the channel's log (channels). */
export interface Change {
  group: UpdateBody;
  channel: (pts: number) => Update;
  recipients?: number[];
  dialog?: DialogEffect;
  from?: number;
  /** The auth key id of the device the change came from: its RPC result carries the update, so no push goes there. */
  senderDevice?: string;
}

/** A message as it enters the chat: what one more message is, for each form of log. */
export function newMessageChange(m: store.MetaRow, row: store.MessageRow): Change {
  const message = renderMessage(m, row, null);
  return {
    group: { _: "updateNewMessage", message },
    channel: (pts) => ({ _: "updateNewChannelMessage", message, pts, pts_count: 1 }),
    dialog: { top: { id: row.id, date: row.date } },
  };
}

/** What to post: a user's message or a service message (`action`). */
export type Post = Omit<store.NewMessage, "action"> & { action?: store.NewMessage["action"]; senderDevice?: string };

/** The event as `uid` sees it (peer, `out`), for the fan-out to write into their log. */
export function personalize(
  key: string,
  u: UpdateBody,
  uid: number,
): { update: UpdateBody; peer: ReturnType<typeof peerOf> } {
  const peer = peerOf(key, uid);
  if ("message" in u) return { update: { ...u, message: messageFor(key, u.message, uid) }, peer };
  if (u._ === "updateChat") return { update: u, peer };
  if ("peer" in u) return { update: { ...u, peer }, peer };
  return { update: u, peer };
}

export class Changes {
  private readonly scope: ChatScope;
  private readonly fanout: Fanout;
  private readonly isBot: (userId: number) => boolean;

  constructor(scope: ChatScope, fanout: Fanout, isBot: (userId: number) => boolean) {
    this.scope = scope;
    this.fanout = fanout;
    this.isBot = isBot;
  }

  /** Runs `make` (the mutation) with its fan-out job in one transaction; waits for the caller's own updates. */
  async change(m: store.MetaRow, userId: number, make: () => Change): Promise<Update[]> {
    if (m.kind === "channel") {
      const { seq, update } = this.scope.transaction(() => {
        const c = make();
        const update = store.appendChannelLog(this.scope.sql, c.channel) as Update;
        const job: PushJob = { kind: "push", recipients: null, updates: [update] };
        if (c.senderDevice) job.senderDevice = c.senderDevice;
        return { update, seq: this.fanout.enqueue(job) };
      });
      void this.fanout.deliver(seq);
      return [update];
    }
    const queued = this.scope.transaction(() => this.enqueueLog(make(), userId));
    return this.callersUpdates([queued], userId);
  }

  /** Several changes committed together (an album); resolves with the caller's own updates, in order. */
  async changeMany(m: store.MetaRow, userId: number, make: () => Change[]): Promise<Update[]> {
    if (m.kind === "channel") {
      const { seq, updates } = this.scope.transaction(() => {
        const updates = make().map((c) => store.appendChannelLog(this.scope.sql, c.channel) as Update);
        return { updates, seq: this.fanout.enqueue({ kind: "push", recipients: null, updates }) };
      });
      void this.fanout.deliver(seq);
      return updates;
    }
    const queued = this.scope.transaction(() => make().map((c) => this.enqueueLog(c, userId)));
    return this.callersUpdates(queued, userId);
  }

  /** Appends a message (user or service) and fans it out; `also` runs inside the same transaction. */
  post(m: store.MetaRow, from: number, input: Post, also?: (row: store.MessageRow) => void): Promise<Update[]> {
    return this.change(m, from, () => {
      const row = store.insertMessage(this.scope.sql, from, {
        text: input.text,
        entities: input.entities,
        reply_to: input.reply_to,
        fwd: input.fwd,
        media: input.media,
        markup: input.markup,
        action: input.action,
        ...(input.topic_id ? { topic_id: input.topic_id } : {}),
      });
      also?.(row);
      return {
        ...newMessageChange(m, row),
        from: input.action ? undefined : from,
        ...(input.senderDevice ? { senderDevice: input.senderDevice } : {}),
      };
    });
  }

  /** Queues the log job of change `c`; call inside the change's transaction. */
  private enqueueLog(c: Change, userId: number): { seq: number; toCaller: boolean } {
    const recipients = c.recipients ?? this.scope.memberIds();
    const seq = this.fanout.enqueue({
      kind: "log",
      recipients,
      update: c.group,
      ...(c.dialog ? { dialog: c.dialog } : {}),
      ...(c.from !== undefined ? { from: c.from } : {}),
      ...(c.senderDevice && c.from !== undefined ? { senderDevice: c.senderDevice } : {}),
    });
    return { seq, toCaller: recipients.includes(userId) && this.waitsForOwnCopy(c, userId) };
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
   * Whether the caller waits for its own logged copy. A bot's message is in the bot's log too (a bot
   * signed in over MTProto numbers and syncs its messages like any account), but a bot calling through
   * the Bot API has no device to hand it to: it is answered at once, and its copy follows from the outbox.
   */
  private waitsForOwnCopy(c: Change, userId: number): boolean {
    return c.from === undefined || !this.isBot(userId) || (c.senderDevice !== undefined && isDevice(c.senderDevice));
  }
}
