import { afterEach, describe, expect, it, vi } from "vitest";
import {
  Fanout,
  type FanoutDeps,
  MAX_PUSH_ATTEMPTS,
  PUSH_PAGE,
  recipientsFirst,
} from "../../../../durable-objects/chat/fanout.ts";
import type { ChatEvent, UpdateBody } from "../../../../durable-objects/update-log.ts";
import type { Update } from "../../../../protocol/model/update.ts";
import { memorySql } from "../../sqlite.ts";

const KEY = "chat:7";
const typing = (n: number) => ({ _: "updateDeleteMessages", peer: { _: "chat", id: 7 }, messages: [n] }) as UpdateBody;

/** Fake members' objects: each logs the events it gets, numbering them per user like a pts. */
function fakeChat(opts: { failing?: Set<number>; failingBots?: Set<number>; members?: number[] } = {}) {
  const logs = new Map<number, ChatEvent[]>();
  const pushes: { userIds: number[]; updates: unknown[]; senderDevice?: string }[] = [];
  let wakes = 0;
  async function pushTo(userIds: number[], updates: unknown[], senderDevice?: string) {
    // Like member-push.ts: a bot whose BotObject call failed comes back as still owed.
    const owed = userIds.filter((id) => opts.failingBots?.has(id));
    const reached = userIds.filter((id) => !owed.includes(id));
    pushes.push(senderDevice ? { userIds: reached, updates, senderDevice } : { userIds: reached, updates });
    return owed;
  }
  const deps: FanoutDeps = {
    key: KEY,
    async deliverLog(uid, events, returnUpdates) {
      if (opts.failing?.has(uid)) throw new Error(`user ${uid} unreachable`);
      const log = logs.get(uid) ?? [];
      const fresh = events.filter((e) => !log.some((l) => l.id === e.id));
      log.push(...fresh);
      logs.set(uid, log);
      return returnUpdates ? events.map((e, i) => ({ ...e.update, pts: i + 1, pts_count: 1 }) as Update) : [];
    },
    pushTo,
    pushToMembers: (members, updates, senderDevice) =>
      pushTo(
        members.map((m) => m.id),
        updates,
        senderDevice,
      ),
    memberPage: (cursor, limit) =>
      (opts.members ?? [])
        .filter((id) => id > cursor)
        .slice(0, limit)
        .map((id) => ({ id, bot: null })),
    personalize: (update, uid) => ({ update, peer: { _: "user", id: uid } }),
    async wakeLater() {
      wakes++;
    },
  };
  return { deps, logs, pushes, wakes: () => wakes };
}

describe("the chat's fan-out outbox", () => {
  it("Should log every job into each recipient's log in outbox order, and give the waiter its own copy", async () => {
    const sql = memorySql();
    const chat = fakeChat();
    const fanout = new Fanout(sql, chat.deps);
    const first = fanout.enqueue({
      kind: "log",
      recipients: [1, 2],
      update: typing(1),
      from: 1,
      senderDevice: "phone",
    });
    const second = fanout.enqueue({ kind: "log", recipients: [2], update: typing(2) });
    const [mine] = await Promise.all([fanout.deliver(first, 1), fanout.deliver(second)]);
    expect(mine.get(1)).toMatchObject({ _: "updateDeleteMessages", messages: [1] });
    expect(chat.logs.get(2)?.map((e) => e.id)).toEqual([`${KEY}#${first}`, `${KEY}#${second}`]);
    // Only the author's copy names the sending device; the other member gets it pushed everywhere.
    expect(chat.logs.get(1)?.[0]?.senderDevice).toBe("phone");
    expect(chat.logs.get(2)?.[0]?.senderDevice).toBeUndefined();
    fanout.flush();
    expect(fanout.pending()).toBe(0);
  });

  it("Should send the recipients' log calls before the author's own copy, and still answer the author", async () => {
    const sql = memorySql();
    const chat = fakeChat();
    const calls: number[] = [];
    const deliverLog = chat.deps.deliverLog;
    const fanout = new Fanout(sql, {
      ...chat.deps,
      deliverLog(uid, events, returnUpdates) {
        calls.push(uid);
        return deliverLog(uid, events, returnUpdates);
      },
    });
    // The author (1) is the chat's first member, as the lower id of a private chat usually is.
    const seq = fanout.enqueue({ kind: "log", recipients: [1, 2, 3], update: typing(1), from: 1 });
    const mine = await fanout.deliver(seq, 1);
    expect(calls).toEqual([2, 3, 1]);
    expect(mine.get(1)).toMatchObject({ _: "updateDeleteMessages", messages: [1] });
    expect([1, 2, 3].map((u) => chat.logs.get(u)?.length)).toEqual([1, 1, 1]);
  });

  it("Should order recipients before authors and keep each group's own order", () => {
    const perUser = new Map([5, 1, 4, 2, 3].map((u) => [u, `events of ${u}`]));
    expect(recipientsFirst(perUser, new Set([4, 1])).map(([u]) => u)).toEqual([5, 2, 3, 1, 4]);
    expect(recipientsFirst(perUser, new Set()).map(([u]) => u)).toEqual([5, 1, 4, 2, 3]);
  });

  it("Should keep a job owed to a failing recipient, for that recipient only, and finish it on the next run", async () => {
    const sql = memorySql();
    const failing = new Set([2]);
    const chat = fakeChat({ failing });
    const fanout = new Fanout(sql, chat.deps);
    const seq = fanout.enqueue({ kind: "log", recipients: [1, 2, 3], update: typing(1) });
    await fanout.deliver(seq);
    await fanout.run();
    expect(chat.wakes()).toBeGreaterThan(0); // the alarm will retry
    expect(fanout.pending()).toBe(1);
    expect(sql.exec("SELECT recipients FROM outbox").toArray()).toEqual([{ recipients: "[2]" }]);
    failing.clear();
    await fanout.run();
    expect(fanout.pending()).toBe(0);
    expect([1, 2, 3].map((u) => chat.logs.get(u)?.length)).toEqual([1, 1, 1]);
  });

  it("Should push a job to every member, pages read one at a time pushed together, skipping the sender's device", async () => {
    const sql = memorySql();
    const members = Array.from({ length: 2 * PUSH_PAGE + 5 }, (_, i) => i + 1);
    const chat = fakeChat({ members });
    const fanout = new Fanout(sql, chat.deps);
    const seq = fanout.enqueue({ kind: "push", recipients: null, updates: ["post"], senderDevice: "laptop" });
    await fanout.deliver(seq);
    // One push (one registry lookup, one call per device shard) for all three pages.
    expect(chat.pushes.map((p) => p.userIds.length)).toEqual([2 * PUSH_PAGE + 5]);
    expect(chat.pushes.every((p) => p.senderDevice === "laptop")).toBe(true);
    expect(chat.pushes.flatMap((p) => p.userIds)).toEqual(members);
  });

  it("Should resume from the outbox after a restart (a new instance over the same storage)", async () => {
    const sql = memorySql();
    const before = new Fanout(sql, fakeChat().deps);
    before.enqueue({ kind: "log", recipients: [5], update: typing(9) });
    // The object dies before delivering: a fresh instance finds the job and sends it.
    const chat = fakeChat();
    const after = new Fanout(sql, chat.deps);
    expect(after.pending()).toBe(1);
    await after.run();
    expect(chat.logs.get(5)?.map((e) => e.update)).toEqual([typing(9)]);
  });

  it("Should never hand out a seq twice: the newest delivered job stays as an emptied mark, skipped after a restart", async () => {
    const sql = memorySql();
    const chat = fakeChat();
    const fanout = new Fanout(sql, chat.deps);
    const first = fanout.enqueue({ kind: "log", recipients: [5], update: typing(1) });
    await fanout.deliver(first);
    fanout.flush(); // the alarm, with no change coming
    expect(sql.exec("SELECT seq, kind, recipients FROM outbox").toArray()).toEqual([
      { seq: first, kind: "done", recipients: null },
    ]);
    const restarted = new Fanout(sql, chat.deps);
    expect(restarted.pending()).toBe(0);
    const second = restarted.enqueue({ kind: "log", recipients: [5], update: typing(2) });
    expect(second).toBe(first + 1);
    // The mark's row became the new job (one row written, not an insert and a delete).
    expect(sql.exec("SELECT seq, kind FROM outbox").toArray()).toEqual([{ seq: second, kind: "log" }]);
    await restarted.deliver(second);
    expect(chat.logs.get(5)?.map((e) => e.seq)).toEqual([first, second]);
    // The next change takes the delivered job's row: the outbox holds only what is not delivered.
    const third = restarted.enqueue({ kind: "log", recipients: [5], update: typing(3) });
    expect(sql.exec("SELECT seq FROM outbox").toArray()).toEqual([{ seq: third }]);
  });

  it("Should keep the newest seq when a partly failed batch finishes a newer job than the one still owed", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const sql = memorySql();
    const failing = new Set([2]);
    const chat = fakeChat({ failing });
    const fanout = new Fanout(sql, chat.deps);
    const owed = fanout.enqueue({ kind: "log", recipients: [1, 2], update: typing(1) });
    const done = fanout.enqueue({ kind: "log", recipients: [1], update: typing(2) });
    await fanout.deliver(done);
    expect(errors).toHaveBeenCalled();
    expect(sql.exec("SELECT seq, kind, recipients FROM outbox ORDER BY seq").toArray()).toEqual([
      { seq: owed, kind: "log", recipients: "[2]" },
      { seq: done, kind: "done", recipients: null },
    ]);
    // A restart resends the owed job alone, and the next job still gets a seq of its own.
    failing.clear();
    const restarted = new Fanout(sql, chat.deps);
    expect(restarted.pending()).toBe(1);
    const next = restarted.enqueue({ kind: "log", recipients: [2], update: typing(3) });
    expect(next).toBe(done + 1);
    await restarted.deliver(next);
    expect(chat.logs.get(1)?.map((e) => e.seq)).toEqual([owed, done]);
    expect(chat.logs.get(2)?.map((e) => e.seq)).toEqual([owed, next]);
    expect(restarted.pending()).toBe(0);
  });

  afterEach(() => vi.restoreAllMocks());

  it("Should log a recipient that fails, with its cause", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const fanout = new Fanout(memorySql(), fakeChat({ failing: new Set([2]) }).deps);
    await fanout.deliver(fanout.enqueue({ kind: "log", recipients: [1, 2], update: typing(1) }));
    const lines = errors.mock.calls.map((c) => String(c[0]));
    expect(lines.some((l) => l.includes("to user 2") && l.includes("user 2 unreachable"))).toBe(true);
  });

  it("Should send push jobs to every member that wait in a row as one pass, in order, up to a job of another kind", async () => {
    const chat = fakeChat({ members: [1, 2, 3] });
    const fanout = new Fanout(memorySql(), chat.deps);
    const seqs = [
      fanout.enqueue({ kind: "push", recipients: null, updates: ["r1"], senderDevice: "ann" }),
      fanout.enqueue({ kind: "push", recipients: null, updates: ["r2", "r3"], senderDevice: "ben" }),
      fanout.enqueue({ kind: "push", recipients: null, updates: ["r4"], senderDevice: "ben" }),
      fanout.enqueue({ kind: "push", recipients: [2], updates: ["to two"] }),
      fanout.enqueue({ kind: "push", recipients: null, updates: ["p1"], senderDevice: "cid" }),
      fanout.enqueue({ kind: "push", recipients: null, updates: ["p2"], senderDevice: "cid" }),
    ];
    await Promise.all(seqs.map((seq) => fanout.deliver(seq)));
    // Senders differ in the first run: nobody's device is skipped (each one's pts says it has its own).
    expect(chat.pushes).toEqual([
      { userIds: [1, 2, 3], updates: ["r1", "r2", "r3", "r4"] },
      { userIds: [2], updates: ["to two"] },
      { userIds: [1, 2, 3], updates: ["p1", "p2"], senderDevice: "cid" },
    ]);
    fanout.flush();
    expect(fanout.pending()).toBe(0);
  });

  it("Should keep a run sent together owed to a failing bot in one row, and send it to the bot once on the retry", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const sql = memorySql();
    const failingBots = new Set([2]);
    const chat = fakeChat({ members: [1, 2, 3], failingBots });
    const fanout = new Fanout(sql, chat.deps);
    const seqs = ["a", "b", "c"].map((u) => fanout.enqueue({ kind: "push", recipients: null, updates: [u] }));
    await Promise.all(seqs.map((seq) => fanout.deliver(seq)));
    expect(chat.pushes).toEqual([{ userIds: [1, 3], updates: ["a", "b", "c"] }]);
    expect(fanout.pending()).toBe(1);
    const owed = sql.exec("SELECT seq, recipients, body FROM outbox WHERE kind = 'push'").toArray();
    expect(owed).toMatchObject([{ seq: seqs[2], recipients: "[2]" }]);
    failingBots.clear();
    await fanout.run();
    expect(fanout.pending()).toBe(0);
    expect(chat.pushes.slice(1)).toEqual([{ userIds: [2], updates: ["a", "b", "c"] }]);
  });

  it("Should keep a channel post owed to a bot whose delivery failed, and deliver it once on the retry", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const sql = memorySql();
    const failingBots = new Set([2]);
    const chat = fakeChat({ members: [1, 2, 3], failingBots });
    const fanout = new Fanout(sql, chat.deps);
    await fanout.deliver(fanout.enqueue({ kind: "push", recipients: null, updates: ["post"] }));
    expect(chat.pushes.flatMap((p) => p.userIds)).toEqual([1, 3]);
    expect(fanout.pending()).toBe(1);
    expect(sql.exec("SELECT recipients FROM outbox").toArray()).toEqual([{ recipients: "[2]" }]);
    expect(chat.wakes()).toBeGreaterThan(0); // the alarm retries
    expect(errors).toHaveBeenCalled();
    failingBots.clear();
    await fanout.run(); // what the alarm does
    expect(fanout.pending()).toBe(0);
    // The retry goes to the bot alone: the people are not pushed the post twice.
    expect(chat.pushes.flatMap((p) => p.userIds)).toEqual([1, 3, 2]);
  });

  it("Should give up on a bot that keeps failing after MAX_PUSH_ATTEMPTS, logged, and go on with the next job", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const chat = fakeChat({ failingBots: new Set([2]) });
    const fanout = new Fanout(memorySql(), chat.deps);
    fanout.enqueue({ kind: "push", recipients: [2], updates: ["post"] });
    fanout.enqueue({ kind: "log", recipients: [1], update: typing(1) });
    for (let i = 0; i < MAX_PUSH_ATTEMPTS; i++) await fanout.run();
    expect(fanout.pending()).toBe(0);
    expect(chat.logs.get(1)?.length).toBe(1);
    expect(errors.mock.calls.some((c) => String(c[0]).includes("given up on"))).toBe(true);
  });
});
