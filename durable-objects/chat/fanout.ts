/**
 * Fan-out from a chat to its members, from a durable outbox. Every change is
 * first written to the outbox in the same transaction as the change itself;
 * one pump per object then delivers jobs in outbox order:
 *
 * - "log" jobs go into each recipient's update log (UserObject.applyChatEvents),
 *   batched per recipient, a batch at a time, so every member sees the chat's
 *   events in the chat's order. Redelivery is harmless (events carry their seq,
 *   which each member's log compares with the chat's mark, chat-marks.ts).
 * - "push" jobs (channel posts, which live in the channel's own pts log) go
 *   straight to members' devices (member-kinds.ts: one call per device shard,
 *   each pushing to its connected devices of those members), members read a
 *   page at a time and pushed up to PUSH_BATCH together with a durable cursor,
 *   so a post to 10,000 subscribers calls each shard once, not once per page. Push jobs to every member
 *   that wait in a row go out in one pass (a burst of reactions costs a pass, not one each).
 *
 * A job leaves the outbox only once delivered. If the object restarts or a
 * recipient fails mid-way, the alarm (set whenever a job is queued) resumes
 * from the outbox: nothing is lost, at worst re-sent (and ignored).
 */
import { logFailure } from "../../core/log.ts";
import type { Update } from "../../protocol/model/update.ts";
import { all, migrate, run } from "../sql.ts";
import type { ChatEvent, DialogEffect, UpdateBody } from "../update-log.ts";

/**
 * seq is the rowid, not AUTOINCREMENT (which writes its sqlite_sequence row with every job): the
 * next seq is max + 1, and the newest job is never deleted, only emptied to a "done" mark once
 * delivered, so no seq is handed out twice (members' logs take a seq they have for a redelivery).
 * Objects made with AUTOINCREMENT keep it, which behaves the same.
 */
const outboxSchema = [
  `CREATE TABLE IF NOT EXISTS outbox (
     seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, recipients TEXT, body TEXT NOT NULL,
     cursor INTEGER NOT NULL DEFAULT 0)`,
];

/** An event for members' own logs; `from` marks a new message's author (unread for everyone else). */
interface LogJob {
  kind: "log";
  recipients: number[];
  update: UpdateBody;
  dialog?: DialogEffect;
  from?: number;
  /** The author's sending device: its copy comes back in the RPC result, so the author's log does not push it there. */
  senderDevice?: string;
}

/** Updates pushed to devices only; recipients null means every current member, paged. */
export interface PushJob {
  kind: "push";
  recipients: number[] | null;
  updates: unknown[];
  /** A device not to push to (the one the change came from). */
  senderDevice?: string;
  /** Failed deliveries so far (to the bots left in `recipients`); set by the pump. */
  attempts?: number;
}

export type Job = LogJob | PushJob;

/** A member as a push to every member reads it: whether it is a bot is remembered once asked (null: not yet). */
export interface PagedMember {
  id: number;
  bot: boolean | null;
}

interface JobRow {
  seq: number;
  /** "done": a delivered job kept (emptied) only as the newest seq, or marked so by a partly failed batch. */
  kind: "log" | "push" | "done";
  recipients: string | null;
  body: string;
  cursor: number;
}

export interface FanoutDeps {
  key: string;
  /**
   * Appends events to a user's log and pushes them; returns the logged updates, in order, when
   * `returnUpdates` (only a caller waiting for its own copy needs them back).
   */
  deliverLog(userId: number, events: ChatEvent[], returnUpdates: boolean): Promise<(Update | null)[]>;
  /**
   * Pushes to these members' devices; throws only if the whole page must be retried. Returns the
   * accounts still owed the updates (bots, which have no getDifference): the job retries them.
   */
  pushTo(userIds: number[], updates: unknown[], senderDevice?: string): Promise<number[]>;
  /** Members after `cursor`, ascending. */
  memberPage(cursor: number, limit: number): PagedMember[];
  /** Pushes to every one of these members (a batch of pages); returns the bots still owed the updates. */
  pushToMembers(members: PagedMember[], updates: unknown[], senderDevice?: string): Promise<number[]>;
  /** The event as `userId` sees it (peer, `out`, their rights). */
  personalize(update: UpdateBody, userId: number): { update: UpdateBody; peer: ChatEvent["peer"] };
  /** Makes sure the object wakes up again to finish (an alarm). */
  wakeLater(): Promise<void>;
}

const LOG_BATCH = 64;
/** A bot still failing after this many tries (one per retry alarm) is given up on, logged. */
export const MAX_PUSH_ATTEMPTS = 20;
export const PUSH_PAGE = 1000;
/** Members per push of a channel post (its registry lookup carries their ids: ~1 MB at this size). */
export const PUSH_BATCH = 100_000;
/** Push jobs to every member sent in one pass when they wait in a row (a burst of reactions or edits). */
export const PUSH_COMBINE = 256;

/** The logged update of the recipient a job's waiter asked for, if it asked. */
export type Delivered = Map<number, Update>;

/**
 * The order the members' log calls leave in: the authors' own copies last. The calls run in
 * parallel, but on a shared thread (and in every queue on the way) the first sent is served first,
 * and an author's copy only goes back to the author in the RPC result, after the send is stored:
 * the recipients, who wait for the push, go ahead of it.
 */
export function recipientsFirst<T>(perUser: Map<number, T>, authors: Set<number>): [number, T][] {
  const entries = [...perUser];
  return [...entries.filter(([uid]) => !authors.has(uid)), ...entries.filter(([uid]) => authors.has(uid))];
}

export class Fanout {
  private readonly sql: SqlStorage;
  private readonly deps: FanoutDeps;
  private running: Promise<void> | null = null;
  private readonly waiters = new Map<number, { resolve: (d: Delivered) => void; want?: number }>();
  /**
   * Every job up to `delivered` went out; those up to `deleted` are gone from the outbox too. The
   * rest of the delivered ones are deleted by the next change's transaction (or flush), saving a
   * commit per change. Only this instance knows the mark: after a restart it starts below the first
   * job still stored that is not "done", and the few delivered ones go out again, which recipients
   * ignore (events carry their seq, at or below the chat's mark in each member's log).
   */
  private delivered = 0;
  private deleted = 0;
  /** Whether a retry alarm is known to be set since the last one fired (saves a storage call per change). */
  private armed = false;
  /**
   * The highest seq queued, so the pump knows without a query whether anything waits. A seq whose
   * transaction rolled back may sit here until the pump finds the outbox empty and lowers it.
   */
  private newest: number;

  constructor(sql: SqlStorage, deps: FanoutDeps) {
    this.sql = sql;
    this.deps = deps;
    migrate(sql, outboxSchema);
    const stored = all<{ newest: number | null; first: number | null }>(
      sql,
      "SELECT max(seq) AS newest, (SELECT min(seq) FROM outbox WHERE kind != 'done') AS first FROM outbox",
    )[0];
    this.newest = stored?.newest ?? 0;
    // Jobs still stored may have been delivered before a restart: they go out again (see `delivered`).
    this.delivered = stored?.first != null ? stored.first - 1 : this.newest;
  }

  /** Queues a job; call inside the transaction that makes the change. */
  enqueue(job: Job): number {
    const { kind, recipients, ...body } = job;
    const values = [kind, recipients ? JSON.stringify(recipients) : null, JSON.stringify(body)];
    // The oldest delivered job's row (or the done mark) becomes this job, under the next seq: one row
    // written where an insert and that job's deletion were two. (Moving a row's rowid is billed as one
    // row written.) Only rows at or below `delivered` are taken: the pump is done with them.
    const seq =
      all<{ seq: number }>(
        this.sql,
        `UPDATE outbox SET seq = (SELECT max(seq) + 1 FROM outbox), kind = ?, recipients = ?, body = ?, cursor = 0
         WHERE seq = (SELECT min(seq) FROM outbox) AND seq <= ? RETURNING seq`,
        ...values,
        this.delivered,
      )[0]?.seq ??
      (all<{ seq: number }>(
        this.sql,
        "INSERT INTO outbox (kind, recipients, body) VALUES (?, ?, ?) RETURNING seq",
        ...values,
      )[0]?.seq as number);
    this.newest = Math.max(this.newest, seq);
    // Other jobs delivered since the last change leave the outbox in this change's commit, not one of
    // their own; after this job is stored, so the newest row left is this job.
    this.flush();
    return seq;
  }

  /**
   * Drops delivered jobs from the outbox (in a change's transaction, or from the alarm when no change
   * comes), but the newest row: when it is delivered too it stays, emptied, as the high-water seq.
   */
  flush(): void {
    if (this.delivered <= this.deleted) return;
    run(this.sql, "DELETE FROM outbox WHERE seq <= ? AND seq < (SELECT max(seq) FROM outbox)", this.delivered);
    markDone(this.sql, this.delivered);
    this.deleted = this.delivered;
  }

  /** Delivers what is pending; resolves once job `seq` went out, with `want`'s logged update if asked. */
  async deliver(seq: number, want?: number): Promise<Delivered> {
    const done = new Promise<Delivered>((resolve) =>
      this.waiters.set(seq, want === undefined ? { resolve } : { resolve, want }),
    );
    // The pump starts now rather than after the alarm is set: the first pushes leave in this turn.
    // Should the object die before the alarm is stored, the job waits in the outbox for the chat's
    // next change (every change runs the pump over everything pending).
    if (!this.armed) {
      this.armed = true;
      void this.deps.wakeLater().catch(() => {
        this.armed = false;
      });
    }
    void this.run();
    return done;
  }

  /** The retry alarm fired: the next change sets it again. */
  alarmFired(): void {
    this.armed = false;
  }

  pending(): number {
    return (
      all<{ n: number }>(
        this.sql,
        "SELECT count(*) AS n FROM outbox WHERE seq > ? AND kind != 'done'",
        this.delivered,
      )[0]?.n ?? 0
    );
  }

  /** Runs the pump unless it is already running; resolves when the outbox is empty or delivery failed. */
  run(): Promise<void> {
    if (!this.running) {
      let failed = false;
      this.running = this.loop()
        .catch((e) => {
          failed = true;
          logFailure(`fan-out from ${this.deps.key} (the alarm retries)`, e);
          return this.deps.wakeLater();
        })
        .finally(() => {
          this.running = null;
          if (!failed && this.newest > this.delivered) {
            void this.run(); // queued while the last batch was finishing
            return;
          }
          // Nobody waits forever: a failed delivery is finished by the alarm, and the sender's
          // device catches up by getDifference.
          for (const [seq, w] of this.waiters) {
            w.resolve(new Map());
            this.waiters.delete(seq);
          }
        });
    }
    return this.running;
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.newest <= this.delivered) return;
      const jobs = all<JobRow>(
        this.sql,
        "SELECT * FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
        this.delivered,
        LOG_BATCH,
      );
      const head = jobs[0];
      if (!head) {
        this.newest = this.delivered; // what it counted was rolled back
        return;
      }
      if (head.kind === "done") this.delivered = head.seq;
      else if (head.kind === "push") await this.runPush(this.pushRun(head, jobs));
      else {
        const end = jobs.findIndex((j) => j.kind !== "log");
        await this.runLogs(end < 0 ? jobs : jobs.slice(0, end));
      }
    }
  }

  private async runLogs(jobs: JobRow[]): Promise<void> {
    const perUser = new Map<number, { seq: number; event: ChatEvent }[]>();
    const authors = new Set<number>();
    for (const j of jobs) {
      const body = JSON.parse(j.body) as Omit<LogJob, "kind" | "recipients">;
      if (body.from !== undefined) authors.add(body.from);
      for (const uid of JSON.parse(j.recipients ?? "[]") as number[]) {
        const { update, peer } = this.deps.personalize(body.update, uid);
        const dialog = body.dialog && {
          ...body.dialog,
          ...(body.from !== undefined && body.from !== uid ? { incoming: true } : {}),
        };
        const event: ChatEvent = {
          id: `${this.deps.key}#${j.seq}`,
          seq: j.seq,
          chatKey: this.deps.key,
          peer,
          update,
          dialog,
        };
        if (body.senderDevice && body.from === uid) event.senderDevice = body.senderDevice;
        const list = perUser.get(uid) ?? [];
        list.push({ seq: j.seq, event });
        perUser.set(uid, list);
      }
    }
    const delivered = new Map<number, Delivered>(jobs.map((j) => [j.seq, new Map()]));
    const failed = new Map<number, number[]>(); // seq → recipients still owed
    await Promise.all(
      recipientsFirst(perUser, authors).map(async ([uid, items]) => {
        try {
          const wanted = items.some((i) => this.waiters.get(i.seq)?.want === uid);
          const logged = await this.deps.deliverLog(
            uid,
            items.map((i) => i.event),
            wanted,
          );
          for (const [n, i] of items.entries()) {
            const u = logged[n];
            if (u) delivered.get(i.seq)?.set(uid, u);
          }
        } catch (e) {
          logFailure(`delivering ${items.length} event(s) of ${this.deps.key} to user ${uid}`, e);
          for (const i of items) failed.set(i.seq, [...(failed.get(i.seq) ?? []), uid]);
        }
      }),
    );
    for (const j of jobs) {
      const owed = failed.get(j.seq);
      if (owed) run(this.sql, "UPDATE outbox SET recipients = ? WHERE seq = ?", JSON.stringify(owed), j.seq);
      else if (failed.size > 0) markDone(this.sql, j.seq); // not deleted: it may be the newest seq
      this.waiters.get(j.seq)?.resolve(delivered.get(j.seq) as Delivered);
      this.waiters.delete(j.seq);
    }
    if (failed.size > 0) throw new Error("fan-out incomplete; the alarm retries");
    this.delivered = (jobs[jobs.length - 1] as JobRow).seq;
  }

  /**
   * The push jobs to every member that wait in a row from `head`, sent as one: a burst of reactions or
   * edits to a big channel takes one pass over its members, not one each. Their pts follow each other,
   * so devices apply them in order; a device that sent one of them may get its own copy back, which its
   * pts tells it it has. Only the head may be part-sent (its cursor); the rest start from the first member.
   */
  private pushRun(head: JobRow, fetched: JobRow[]): JobRow[] {
    if (head.recipients !== null) return [head];
    const more =
      fetched.length < LOG_BATCH
        ? fetched
        : all<JobRow>(this.sql, "SELECT * FROM outbox WHERE seq >= ? ORDER BY seq LIMIT ?", head.seq, PUSH_COMBINE);
    const together = [head];
    for (const j of more.slice(1)) {
      if (j.kind !== "push" || j.recipients !== null || j.cursor !== 0 || together.length >= PUSH_COMBINE) break;
      together.push(j);
    }
    return together;
  }

  private async runPush(jobs: JobRow[]): Promise<void> {
    const job = jobs[0] as JobRow;
    const last = jobs[jobs.length - 1] as JobRow;
    const bodies = jobs.map((j) => JSON.parse(j.body) as Omit<PushJob, "kind" | "recipients">);
    const body = bodies[0] as Omit<PushJob, "kind" | "recipients">;
    const updates = bodies.flatMap((b) => b.updates);
    const senderDevice = bodies.every((b) => b.senderDevice === body.senderDevice) ? body.senderDevice : undefined;
    const owed: number[] = [];
    if (job.recipients) owed.push(...(await this.deps.pushTo(JSON.parse(job.recipients), updates, senderDevice)));
    else {
      // Members are read a page at a time but pushed up to PUSH_BATCH together: each push is one call per
      // device shard, so one push for all pages reaches each shard once.
      let cursor = job.cursor;
      for (;;) {
        let batch: PagedMember[] = [];
        while (batch.length < PUSH_BATCH) {
          const page = this.deps.memberPage(cursor, PUSH_PAGE);
          if (page.length === 0) break;
          batch = batch.concat(page);
          cursor = (page[page.length - 1] as PagedMember).id;
        }
        if (batch.length === 0) break;
        owed.push(...(await this.deps.pushToMembers(batch, updates, senderDevice)));
        // On the head only: after a restart the head goes on from here and the rest start again from the
        // first member, so members before the cursor get those twice (and ignore them by pts).
        run(this.sql, "UPDATE outbox SET cursor = ? WHERE seq = ?", cursor, job.seq);
      }
    }
    if (owed.length > 0) {
      const attempts = (body.attempts ?? 0) + 1;
      if (attempts < MAX_PUSH_ATTEMPTS) {
        // The job stays, owed to those bots only, and stops the pump: the alarm retries it, in order.
        // Sent together, the run's updates stay together in its last row; the rows before it are done.
        const rest = JSON.stringify({ ...body, updates, attempts, ...(senderDevice ? { senderDevice } : {}) });
        for (const j of jobs.slice(0, -1)) markDone(this.sql, j.seq);
        run(this.sql, "UPDATE outbox SET recipients = ?, body = ? WHERE seq = ?", JSON.stringify(owed), rest, last.seq);
        this.delivered = last.seq - 1;
        for (const j of jobs.slice(0, -1)) this.settle(j.seq);
        throw new Error(`push to bot(s) ${owed.join(", ")} failed; the alarm retries`);
      }
      logFailure(
        `push job ${job.seq} of ${this.deps.key}`,
        new Error(`bot(s) ${owed.join(", ")} given up on after ${attempts} tries`),
      );
    }
    this.delivered = last.seq;
    for (const j of jobs) this.settle(j.seq);
  }

  /** Job `seq` went out: whoever waits for it goes on. */
  private settle(seq: number): void {
    this.waiters.get(seq)?.resolve(new Map());
    this.waiters.delete(seq);
  }
}

/** A delivered job kept only for its seq: emptied, and skipped by the pump (a no-op if it was deleted). */
function markDone(sql: SqlStorage, seq: number): void {
  run(sql, "UPDATE outbox SET kind = 'done', recipients = NULL, body = '{}' WHERE seq = ? AND kind != 'done'", seq);
}
