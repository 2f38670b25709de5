/**
 * Counts the billable units the running system uses (Cloudflare's pricing units), off by default,
 * and prices them. Counters are module-level per isolate: the bench switches them on, reads and
 * resets them, and sums across workers.
 */

/** The units Cloudflare bills on the Workers Paid plan. */
export interface Usage {
  workerRequests: number;
  doRequests: number;
  /** WebSocket messages received by Durable Objects; billed at 20 messages per request. */
  doWebSocketMessages: number;
  /** Wall-clock milliseconds Durable Objects were awake (billed as GB-s at 128 MB). */
  doAwakeMs: number;
  sqlRowsRead: number;
  sqlRowsWritten: number;
  r2ClassA: number;
  r2ClassB: number;
  kvReads: number;
  kvWrites: number;
}

export type UsageUnit = keyof Usage;

/** Workers Paid list prices in US dollars, as published by Cloudflare (checked 2026-12-05). */
export const PRICES_USD = {
  date: "2026-12-05",
  perMillionWorkerRequests: 0.3,
  perMillionDoRequests: 0.15,
  perMillionGbSeconds: 12.5,
  perMillionRowsRead: 0.001,
  perMillionRowsWritten: 1.0,
  perMillionR2ClassA: 4.5,
  perMillionR2ClassB: 0.36,
  perMillionKvReads: 0.5,
  perMillionKvWrites: 5.0,
} as const;

/** Cloudflare counts 20 incoming WebSocket messages as one Durable Object request. */
export const WEBSOCKET_MESSAGES_PER_REQUEST = 20;
/** Durable Object duration is billed at 128 MB per awake object. */
export const DO_MEMORY_GB = 128 / 1024;

export function emptyUsage(): Usage {
  return {
    workerRequests: 0,
    doRequests: 0,
    doWebSocketMessages: 0,
    doAwakeMs: 0,
    sqlRowsRead: 0,
    sqlRowsWritten: 0,
    r2ClassA: 0,
    r2ClassB: 0,
    kvReads: 0,
    kvWrites: 0,
  };
}

let enabled = false;
let counters = emptyUsage();

/** Switched on by the dev route only; when off every `count` is one branch and no allocation. */
export function setMetering(on: boolean): void {
  enabled = on;
}

export function meteringOn(): boolean {
  return enabled;
}

export function count(unit: UsageUnit, n = 1): void {
  if (enabled) counters[unit] += n;
}

/**
 * Awake time of Durable Objects. An object is billed while it runs an event (a request, an RPC call, an
 * alarm, a WebSocket event) and not while idle and hibernatable, so each object counts the union of its
 * events' intervals: from the first event that starts while it is idle to the moment the last one ends.
 * Timers inside workerd advance only across I/O, so a stretch of pure CPU counts as zero here.
 */
interface AwakeSpan {
  active: number;
  since: number;
}
const spans = new WeakMap<object, AwakeSpan>();
const awakeNow = new Set<AwakeSpan>();

/** An event of `object` starts (a no-op while metering is off). */
export function wake(object: object): void {
  if (!enabled) return;
  let span = spans.get(object);
  if (!span) {
    span = { active: 0, since: 0 };
    spans.set(object, span);
  }
  if (span.active++ === 0) {
    span.since = Date.now();
    awakeNow.add(span);
  }
}

/** An event of `object` ended; the object rests once its last event has. */
export function rest(object: object): void {
  const span = spans.get(object);
  if (!span || span.active === 0) return;
  if (--span.active > 0) return;
  awakeNow.delete(span);
  if (enabled) counters.doAwakeMs += Date.now() - span.since;
}

/** Returns this isolate's counts since the last reset and starts again from zero. */
export function takeUsage(): Usage {
  // Objects still awake (a long poll in progress) are billed up to now and go on from now.
  const now = Date.now();
  for (const span of awakeNow) {
    if (enabled) counters.doAwakeMs += now - span.since;
    span.since = now;
  }
  const taken = counters;
  counters = emptyUsage();
  return taken;
}

export function addUsage(a: Usage, b: Usage): Usage {
  const sum = emptyUsage();
  for (const k of Object.keys(sum) as UsageUnit[]) sum[k] = a[k] + b[k];
  return sum;
}

export function scaleUsage(u: Usage, factor: number): Usage {
  const scaled = emptyUsage();
  for (const k of Object.keys(scaled) as UsageUnit[]) scaled[k] = u[k] * factor;
  return scaled;
}

/** Billed Durable Object requests: direct requests plus incoming WebSocket messages at 20:1. */
export function billedDoRequests(u: Usage): number {
  return u.doRequests + u.doWebSocketMessages / WEBSOCKET_MESSAGES_PER_REQUEST;
}

export function gbSeconds(u: Usage): number {
  return (u.doAwakeMs / 1000) * DO_MEMORY_GB;
}

/** Dollars for the usage (list prices, free allowances ignored: they vanish at scale). */
export function costUsd(u: Usage, prices = PRICES_USD): number {
  const m = 1_000_000;
  return (
    (u.workerRequests * prices.perMillionWorkerRequests +
      billedDoRequests(u) * prices.perMillionDoRequests +
      gbSeconds(u) * prices.perMillionGbSeconds +
      u.sqlRowsRead * prices.perMillionRowsRead +
      u.sqlRowsWritten * prices.perMillionRowsWritten +
      u.r2ClassA * prices.perMillionR2ClassA +
      u.r2ClassB * prices.perMillionR2ClassB +
      u.kvReads * prices.perMillionKvReads +
      u.kvWrites * prices.perMillionKvWrites) /
    m
  );
}

/** Dollars per million actions, given the usage of `actions` actions. */
export function usdPerMillionActions(u: Usage, actions: number): number {
  if (!(actions > 0)) throw new Error("actions must be positive");
  return (costUsd(u) / actions) * 1_000_000;
}
