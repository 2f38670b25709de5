/**
 * Counts calls into named Durable Objects while the usage meter is on (`/dev/usage?on=1`), so a load
 * run can state requests per object per second against Cloudflare's ~1,000 req/s per object guidance.
 * Tallied only at the entries a channel post crosses (registry lookups, shard pushes, UserObject pushes).
 */
import { meteringOn } from "./usage-meter.ts";

let calls = new Map<string, number>();

/** One call into the object named `name` (e.g. `directory`, `authkeys:17`). */
export function tallyObjectCall(name: string): void {
  if (meteringOn()) calls.set(name, (calls.get(name) ?? 0) + 1);
}

/** This isolate's calls per object since the last take, and starts again from zero. */
export function takeObjectCalls(): Record<string, number> {
  const taken = Object.fromEntries(calls);
  calls = new Map();
  return taken;
}
