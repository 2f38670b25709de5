/**
 * Flood control, one rule for every limit in the system: a token bucket (a burst, then a steady
 * rate) or a sliding window (so many calls per window), counted per key over an injected clock and
 * a small store, so the same code runs in memory, in an object's SQLite and in a plain unit test.
 * Over the limit the answer is Telegram's 420 FLOOD_WAIT_<seconds until a call is allowed again>.
 */
import { Errors } from "../protocol/errors.ts";

/** A burst of `burst` calls, refilled at `perSecond`. */
export interface BucketRule {
  kind: "bucket";
  burst: number;
  perSecond: number;
}

/** At most `limit` calls in any `windowMs`. */
interface WindowRule {
  kind: "window";
  limit: number;
  windowMs: number;
}

export type FloodRule = BucketRule | WindowRule;

/** What a rule remembers per key: a bucket's level, or a window's call times (oldest first). */
export type FloodState = { tokens: number; at: number } | { stamps: number[] };

/** Where a limiter keeps its counts. */
export interface FloodStore {
  get(key: string): FloodState | undefined;
  set(key: string, state: FloodState): void;
}

/** Counts kept in memory: lost when the object hibernates, which only loosens a limit for a key that went idle. */
function memoryFloodStore(): FloodStore {
  const states = new Map<string, FloodState>();
  return { get: (key) => states.get(key), set: (key, s) => states.set(key, s) };
}

/**
 * Counts one call at `now` (ms). Returns the next state and the seconds to wait (0: allowed). A
 * refused call is not counted, but a bucket still records its refill up to `now`.
 */
export function countCall(
  rule: FloodRule,
  state: FloodState | undefined,
  now: number,
): { state: FloodState; wait: number } {
  if (rule.kind === "bucket") {
    const b = state && "tokens" in state ? { ...state } : { tokens: rule.burst, at: now };
    b.tokens = Math.min(rule.burst, b.tokens + ((now - b.at) / 1000) * rule.perSecond);
    b.at = now;
    if (b.tokens < 1) return { state: b, wait: wholeSeconds((1 - b.tokens) / rule.perSecond) };
    b.tokens -= 1;
    return { state: b, wait: 0 };
  }
  const stamps = (state && "stamps" in state ? state.stamps : []).filter((t) => t > now - rule.windowMs);
  const first = stamps[0];
  if (first !== undefined && stamps.length >= rule.limit)
    return { state: { stamps }, wait: wholeSeconds((first + rule.windowMs - now) / 1000) };
  return { state: { stamps: [...stamps, now] }, wait: 0 };
}

/** Telegram waits in whole seconds, at least one. */
const wholeSeconds = (s: number) => Math.max(1, Math.ceil(s));

/** One limit applied per key (a sender, a device, a phone; "" for one counter). */
export class FloodLimiter {
  private readonly rule: FloodRule;
  private readonly store: FloodStore;
  private readonly clock: () => number;

  constructor(rule: FloodRule, opts: { store?: FloodStore; clock?: () => number } = {}) {
    this.rule = rule;
    this.store = opts.store ?? memoryFloodStore();
    this.clock = opts.clock ?? Date.now;
  }

  /** Counts one call for `key`; returns 0 if allowed, else the whole seconds to wait. */
  wait(key = "", now = this.clock()): number {
    const { state, wait } = countCall(this.rule, this.store.get(key), now);
    this.store.set(key, state);
    return wait;
  }

  /** Counts one call for `key`, or throws 420 FLOOD_WAIT_<s>. */
  take(key = "", now = this.clock()): void {
    const wait = this.wait(key, now);
    if (wait > 0) throw Errors.floodWait(wait);
  }
}
