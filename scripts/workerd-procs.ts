/**
 * The local system's workerd processes, read from /proc: their resident memory and the CPU time they
 * used, so load runs measure the server alone, not the load generator beside it (Linux only).
 */
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100;

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return []; // process gone
  }
}

/** The workerd processes under `rootPid` (wrangler's process tree). */
export function workerdPids(rootPid: number): number[] {
  const found: number[] = [];
  const walk = (p: number) => {
    try {
      if (readFileSync(`/proc/${p}/comm`, "utf8").trim() === "workerd") found.push(p);
    } catch {
      return;
    }
    for (const c of childrenOf(p)) walk(c);
  };
  walk(rootPid);
  return found;
}

/** User plus system CPU seconds these processes have used so far. */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const p of pids) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const rest = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      ticks += Number(rest[11]) + Number(rest[12]);
    } catch {
      // process gone
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** Resident memory of these processes, in MiB. */
export function rssMiB(pids: number[]): number {
  let kb = 0;
  for (const p of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // process gone
    }
  }
  return Math.round(kb / 1024);
}

/** Open file descriptors of these processes (each live Durable Object holds its SQLite files open). */
export function openFiles(pids: number[]): number {
  let n = 0;
  for (const p of pids) {
    try {
      n += readdirSync(`/proc/${p}/fd`).length;
    } catch {
      // process gone
    }
  }
  return n;
}
