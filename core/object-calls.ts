/**
 * Counts calls into named Durable Objects while the usage meter is on (`/dev/usage?on=1`), so a load
 * run can state requests per object per second against Cloudflare's ~1,000 req/s per object guidance.
 * Tallied only at the entries a channel post crosses (registry lookups, shard pushes, UserObject pushes).
 */
import { meteringOn } from "./usage-meter.ts";

/** One object's calls: the total, and per wall-clock second (to find its busiest second). */
interface Tally {
  calls: number;
  perSecond: Map<number, number>;
  first: number;
  last: number;
}

/** What a run reads back per object. */
export interface ObjectCalls {
  calls: number;
  /** The most calls that arrived within one wall-clock second. */
  busiestSecond: number;
  /** Milliseconds from the first call to the last. */
  spanMs: number;
}

let tallies = new Map<string, Tally>();

/** One call into the object named `name` (e.g. `directory`, `authkeys:17`). */
export function tallyObjectCall(name: string, now = Date.now()): void {
  if (!meteringOn()) return;
  let t = tallies.get(name);
  if (!t) {
    t = { calls: 0, perSecond: new Map(), first: now, last: now };
    tallies.set(name, t);
  }
  t.calls++;
  t.last = now;
  const second = Math.floor(now / 1000);
  t.perSecond.set(second, (t.perSecond.get(second) ?? 0) + 1);
}

/** This isolate's calls per object since the last take, and (unless `keep`) starts again from zero. */
export function takeObjectCalls(keep = false): Record<string, ObjectCalls> {
  const taken: Record<string, ObjectCalls> = {};
  for (const [name, t] of tallies)
    taken[name] = { calls: t.calls, busiestSecond: Math.max(...t.perSecond.values()), spanMs: t.last - t.first };
  if (!keep) tallies = new Map();
  return taken;
}
