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

/** Returns this isolate's counts since the last reset and starts again from zero. */
export function takeUsage(): Usage {
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
