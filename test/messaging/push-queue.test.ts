import { describe, expect, it } from "vitest";
import { MAX_PUSH_UPDATES, PushQueue } from "../../durable-objects/push-queue.ts";

/** A device link that records each push and lets the test decide when it completes. */
function slowLink() {
  const sent: { updates: unknown[]; senderDevice?: string }[] = [];
  const finish: ((e?: Error) => void)[] = [];
  const send = (updates: unknown[], senderDevice?: string) =>
    new Promise<void>((resolve, reject) => {
      sent.push(senderDevice === undefined ? { updates } : { updates, senderDevice });
      finish.push((e) => (e ? reject(e) : resolve()));
    });
  /** Completes the oldest push still in flight, then lets the queue take its next turn. */
  const complete = async (e?: Error) => {
    finish.shift()?.(e);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { sent, send, complete };
}

describe("an account's push queue", () => {
  it("sends a lone update at once", () => {
    const link = slowLink();
    const q = new PushQueue(link.send);
    void q.push(["u1"]);
    expect(link.sent).toEqual([{ updates: ["u1"] }]);
  });

  it("updates arriving during a push leave together, in order, in the next one", async () => {
    const link = slowLink();
    const q = new PushQueue(link.send);
    const done: string[] = [];
    const first = q.push(["u1"]).then(() => done.push("u1"));
    const later = [q.push(["u2"]), q.push(["u3", "u4"]), q.push(["u5"])].map((p, i) =>
      p.then(() => done.push(`later${i}`)),
    );
    expect(link.sent).toHaveLength(1);
    await link.complete();
    await first;
    expect(link.sent).toEqual([{ updates: ["u1"] }, { updates: ["u2", "u3", "u4", "u5"] }]);
    expect(done).toEqual(["u1"]);
    await link.complete();
    await Promise.all(later);
    expect(done).toEqual(["u1", "later0", "later1", "later2"]);
  });

  it("does not merge pushes that skip different devices, and keeps their order", async () => {
    const link = slowLink();
    const q = new PushQueue(link.send);
    const all = [q.push(["u1"]), q.push(["u2"], "phone"), q.push(["u3"], "phone"), q.push(["u4"])];
    for (let i = 0; i < 3; i++) await link.complete();
    await Promise.all(all);
    expect(link.sent).toEqual([
      { updates: ["u1"] },
      { updates: ["u2", "u3"], senderDevice: "phone" },
      { updates: ["u4"] },
    ]);
  });

  it(`caps a merged push at ${MAX_PUSH_UPDATES} updates but never splits one caller's batch`, async () => {
    const link = slowLink();
    const q = new PushQueue(link.send);
    const big = Array.from({ length: MAX_PUSH_UPDATES + 5 }, (_, i) => `b${i}`);
    const all = [q.push(["u0"]), ...Array.from({ length: 150 }, (_, i) => q.push([`u${i + 1}`])), q.push(big)];
    while (link.sent.length < 4) await link.complete();
    await link.complete();
    await Promise.all(all);
    expect(link.sent.map((s) => s.updates.length)).toEqual([1, MAX_PUSH_UPDATES, 50, MAX_PUSH_UPDATES + 5]);
    expect(link.sent.flatMap((s) => s.updates)).toEqual([...Array.from({ length: 151 }, (_, i) => `u${i}`), ...big]);
  });

  it("a failed push rejects only its own callers; the queue goes on", async () => {
    const link = slowLink();
    const q = new PushQueue(link.send);
    const first = expect(q.push(["u1"])).rejects.toThrow("shard unreachable");
    const second = q.push(["u2"]);
    await link.complete(new Error("shard unreachable"));
    await first;
    await link.complete();
    await expect(second).resolves.toBeUndefined();
    const third = q.push(["u3"]);
    expect(link.sent.at(-1)).toEqual({ updates: ["u3"] });
    await link.complete();
    await expect(third).resolves.toBeUndefined();
  });
});
