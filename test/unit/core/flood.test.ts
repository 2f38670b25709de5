import { describe, expect, it } from "vitest";
import { countCall, FloodLimiter, type FloodState, type FloodStore } from "../../../core/flood.ts";

describe("token bucket", () => {
  it("Should allow a burst, then answer FLOOD_WAIT with the seconds until the next token", () => {
    const gate = new FloodLimiter({ kind: "bucket", burst: 3, perSecond: 0.5 });
    for (let i = 0; i < 3; i++) gate.take("alice", 1_000);
    expect(() => gate.take("alice", 1_000)).toThrow("420 FLOOD_WAIT_2");
    gate.take("bob", 1_000);
    gate.take("alice", 3_000);
    expect(() => gate.take("alice", 3_100)).toThrow(/^420 FLOOD_WAIT_\d+$/);
  });

  it("Should refill at the steady rate and never above the burst", () => {
    let now = 0;
    const gate = new FloodLimiter({ kind: "bucket", burst: 2, perSecond: 1 }, { clock: () => now });
    expect([gate.wait(), gate.wait(), gate.wait()]).toEqual([0, 0, 1]);
    now = 60_000; // a long pause refills to the burst, not to 60
    expect([gate.wait(), gate.wait(), gate.wait()]).toEqual([0, 0, 1]);
  });

  it("Should say at least one second even when a token is nearly back", () => {
    const first = countCall({ kind: "bucket", burst: 1, perSecond: 100 }, undefined, 0);
    expect(first.wait).toBe(0);
    expect(countCall({ kind: "bucket", burst: 1, perSecond: 100 }, first.state, 5).wait).toBe(1);
  });
});

describe("sliding window", () => {
  it("Should allow `limit` calls per window and say how long to wait after", () => {
    const gate = new FloodLimiter({ kind: "window", limit: 3, windowMs: 10_000 });
    expect([gate.wait("", 0), gate.wait("", 1), gate.wait("", 2)]).toEqual([0, 0, 0]);
    expect(gate.wait("", 3)).toBe(10);
    expect(gate.wait("", 10_001)).toBe(0);
  });

  it("Should not count a refused call", () => {
    let now = 0;
    const gate = new FloodLimiter({ kind: "window", limit: 1, windowMs: 1_000 }, { clock: () => now });
    gate.take();
    now = 500;
    expect(() => gate.take()).toThrow("420 FLOOD_WAIT_1");
    now = 1_000; // only the first call counted, and it left the window
    expect(() => gate.take()).not.toThrow();
  });

  it("Should keep its counts in the store it is given, per key", () => {
    const saved = new Map<string, FloodState>();
    const store: FloodStore = { get: (k) => saved.get(k), set: (k, s) => saved.set(k, s) };
    const rule = { kind: "window", limit: 2, windowMs: 3_600_000 } as const;
    new FloodLimiter(rule, { store }).take("+1", 0);
    new FloodLimiter(rule, { store }).take("+1", 1_000);
    new FloodLimiter(rule, { store }).take("+2", 1_000);
    expect(saved.get("+1")).toEqual({ stamps: [0, 1_000] });
    expect(() => new FloodLimiter(rule, { store }).take("+1", 2_000)).toThrow("420 FLOOD_WAIT_3598");
  });
});
