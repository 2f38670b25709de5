/**
 * Issue #22: a 400 MB chunked body on every endpoint a stranger can reach is refused after its cap,
 * and the runtime's memory (RSS of the workerd processes wrangler started) grows by at most 32 MiB.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalSystem, scratchStateDir, startLocalSystem } from "../../scripts/local-system.ts";

const MiB = 1024 * 1024;
const HUGE = 400 * MiB;
const CHUNK = 256 * 1024;

/** Resident memory of the workerd processes in the local system's process group, in bytes. */
function workerdRss(sys: LocalSystem): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the ")" closing the command name: state ppid pgrp …
      const [, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) !== sys.process.pid || !stat.includes("(workerd)")) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      total += Number(rss?.[1] ?? 0) * 1024;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

/** POSTs a chunked body that would be 400 MB if read whole; returns the status (null if cut off) and bytes sent. */
async function postHuge(url: string, headers: Record<string, string> = {}) {
  let sent = 0;
  const chunk = new Uint8Array(CHUNK).fill(0x7b);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= HUGE) return controller.close();
      sent += CHUNK;
      controller.enqueue(chunk);
    },
  });
  try {
    const res = await fetch(url, { method: "POST", body, headers, duplex: "half" } as RequestInit);
    const text = await res.text();
    // wrangler dev's local proxy answers this when the worker replies before the upload ends and the
    // connection drops under it; our own errors are JSON. Either way the body was cut off.
    if (res.status === 500 && text.startsWith("Error: Network connection lost")) return { status: null, sent };
    return { status: res.status as number | null, sent };
  } catch {
    return { status: null, sent }; // the server answered and closed before the body ended
  }
}

let sys: LocalSystem;
const stateDir = scratchStateDir("edgegram-body-caps");
beforeAll(async () => {
  sys = await startLocalSystem({ stateDir });
}, 120_000);
afterAll(async () => {
  await sys?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("400 MB chunked bodies against a running system", () => {
  it("are refused after their cap on every unauthenticated endpoint, with workerd's RSS up by at most 32 MiB", async () => {
    const id = "0123456789abcdef";
    const token = `12345:${"a".repeat(35)}`;
    const endpoints: [string, Record<string, string>, number][] = [
      ["/v1/auth_key", {}, 400],
      [`/v1/http/${id}`, {}, 413],
      [`/v1/http/${id}/connect`, {}, 413],
      [`/bot${token}/sendMessage`, { "content-type": "application/json" }, 401],
      [`/bot${token}/sendDocument`, { "content-type": "multipart/form-data; boundary=x" }, 401],
    ];
    // Warm up each route with a small body, so the baseline includes the code paths' own memory.
    for (const [path, headers] of endpoints)
      await fetch(`${sys.url}${path}`, { method: "POST", headers, body: "x" }).then((r) => r.arrayBuffer());
    const before = workerdRss(sys);
    expect(before).toBeGreaterThan(0);
    for (const [path, headers, status] of endpoints) {
      const r = await postHuge(`${sys.url}${path}`, headers);
      console.log(`${path}: status ${r.status}, client sent ${(r.sent / MiB).toFixed(1)} MiB`);
      if (r.status !== null) expect(r.status, path).toBe(status);
      // Far from the whole body: the server stopped reading (sockets and proxies buffer some).
      expect(r.sent, path).toBeLessThan(HUGE / 4);
    }
    const after = workerdRss(sys);
    console.log(`workerd RSS: ${(before / MiB).toFixed(1)} → ${(after / MiB).toFixed(1)} MiB`);
    expect(after - before).toBeLessThanOrEqual(32 * MiB);
  }, 180_000);
});
