/**
 * `npm run load`: a bounded load test on this machine only. Starts a fresh
 * local system, signs up N clients (SDK, real encrypted WebSockets), puts
 * them in groups, then runs mixed traffic (sends, reads, typing) for a fixed
 * time and reports throughput, send→receive latency, errors, the
 * server's memory, and the server's CPU seconds per 1,000 deliveries (read
 * from the workerd processes, so the client processes beside it do not count)
 * beside the floor's: bare Durable Objects broadcasting the same number of
 * sends to the same groups of bare sockets. Loopback only; stops by itself.
 *
 *   LOAD_CLIENTS=1000 LOAD_CHATS=100 LOAD_SECONDS=30 LOAD_RATE=0.2 npm run load
 *   LOAD_SEND_SHARE=1 npm run load   (sends only: no reads or typing beside them)
 */
import { readFileSync, rmSync } from "node:fs";
import { summarize } from "../bench/stats.ts";
import type { EdgegramClient } from "../clients/sdk/index.ts";
import { devSignUp } from "./dev-account.ts";
import { floorCpu } from "./load-floor.ts";
import { type LocalSystem, scratchStateDir, startLocalSystem } from "./local-system.ts";
import { cpuSeconds, workerdPids } from "./workerd-procs.ts";

const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 1000);
const CHATS = Number(process.env.LOAD_CHATS ?? 100);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
/** Sends per client per second (each client also reads and types at the same rate). */
const RATE = Number(process.env.LOAD_RATE ?? 0.2);
const SIGNUP_CONCURRENCY = 16;
/** The share of a client's actions that are sends; the rest are half reads, half typing. */
const SEND_SHARE = Number(process.env.LOAD_SEND_SHARE ?? 0.6);

interface Member {
  client: EdgegramClient;
  id: number;
  chatId: number;
}

/** Resident memory of the server's process tree (wrangler + workerd), in MiB. */
function serverRssMiB(pid: number): number {
  let total = 0;
  const walk = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      if (m) total += Number(m[1]) / 1024;
      const children = readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
      for (const c of children) walk(Number(c));
    } catch {
      // process gone
    }
  };
  walk(pid);
  return Math.round(total);
}

function signUpClient(sys: LocalSystem, n: number): Promise<{ client: EdgegramClient; id: number }> {
  return devSignUp(sys, `+1999${String(n).padStart(7, "0")}`, `Load${n}`, "load");
}

async function inBatches<T>(n: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, k) => fn(i + k)))));
  }
  return out;
}

const stateDir = scratchStateDir("edgegram-load");
const sys = await startLocalSystem({ stateDir });
const pid = sys.process.pid as number;
const report: Record<string, unknown> = { clients: CLIENTS, chats: CHATS, seconds: SECONDS, rate_per_client: RATE };
try {
  const rssIdle = serverRssMiB(pid);
  let t = performance.now();
  const people = await inBatches(CLIENTS, SIGNUP_CONCURRENCY, (i) => signUpClient(sys, i));
  report.signup_seconds = Number(((performance.now() - t) / 1000).toFixed(1));
  report.sessions_held = people.filter((p) => p.client.state === "connected").length;

  // Groups of CLIENTS/CHATS members, created by their first member.
  t = performance.now();
  const perChat = Math.max(2, Math.floor(CLIENTS / CHATS));
  const members: Member[] = [];
  for (let c = 0; c < CHATS && c * perChat < people.length; c++) {
    const group = people.slice(c * perChat, (c + 1) * perChat);
    const owner = group[0];
    if (!owner || group.length < 2) break;
    const { chat } = await owner.client.call("messages.createChat", {
      title: `load ${c}`,
      users: group.slice(1).map((p) => p.id),
    });
    for (const p of group) members.push({ client: p.client, id: p.id, chatId: chat.id });
  }
  report.group_setup_seconds = Number(((performance.now() - t) / 1000).toFixed(1));

  // Every receiver measures latency from the timestamp its sender put in the text.
  const latencies: number[] = [];
  let received = 0;
  for (const m of members) {
    m.client.onUpdates((updates) => {
      for (const u of updates as { _: string; message?: { message: string; out?: boolean } }[]) {
        if (u._ !== "updateNewMessage" || u.message?.out) continue;
        const sentAt = Number(/^t=(\d+(?:\.\d+)?)/.exec(u.message?.message ?? "")?.[1]);
        if (sentAt) {
          latencies.push(performance.now() + performance.timeOrigin - sentAt);
          received++;
        }
      }
    });
  }

  let sent = 0;
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  const fail = (e: unknown) => {
    errors++;
    const k = String((e as { text?: string }).text ?? e).slice(0, 60);
    errorKinds[k] = (errorKinds[k] ?? 0) + 1;
  };
  const workerd = workerdPids(pid);
  // What workerd burns with everyone connected and nobody talking (timers, keepalives), for context.
  const idle0 = cpuSeconds(workerd);
  await new Promise((r) => setTimeout(r, 5000));
  const idleCpuPerSecond = (cpuSeconds(workerd) - idle0) / 5;
  const cpu0 = cpuSeconds(workerd);
  const deadline = Date.now() + SECONDS * 1000;
  let rssPeak = 0;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, serverRssMiB(pid));
  }, 1000);
  const loops = members.map(async (m, i) => {
    let rid = BigInt(i) * 1_000_000n;
    const peer = { _: "chat" as const, id: m.chatId };
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, (Math.random() * 2 * 1000) / RATE));
      if (Date.now() >= deadline) break;
      const roll = Math.random();
      try {
        if (roll < SEND_SHARE) {
          rid++;
          await m.client.call("messages.sendMessage", {
            peer,
            message: `t=${performance.now() + performance.timeOrigin} load`,
            random_id: rid.toString(),
          });
          sent++;
        } else if (roll < SEND_SHARE + (1 - SEND_SHARE) / 2) {
          await m.client.call("messages.readHistory", { peer, max_id: 0 });
        } else {
          await m.client.call("messages.setTyping", { peer, action: "sendMessageTypingAction" });
        }
      } catch (e) {
        fail(e);
      }
    }
  });
  t = performance.now();
  await Promise.all(loops);
  await new Promise((r) => setTimeout(r, 2000)); // let the last deliveries land
  clearInterval(sampler);
  const cpu = cpuSeconds(workerd) - cpu0;
  const elapsed = (performance.now() - t) / 1000;
  report.messages_sent = sent;
  report.messages_per_second = Number((sent / elapsed).toFixed(1));
  report.deliveries = received;
  report.deliveries_per_second = Number((received / elapsed).toFixed(1));
  report.send_to_receive_ms = summarize(latencies);
  report.errors = errors;
  report.error_kinds = errorKinds;
  report.server_rss_mib = { idle: rssIdle, peak: rssPeak, after: serverRssMiB(pid) };
  for (const p of people) p.client.close();
  const floor = await floorCpu(sys, workerd, { clients: members.length, perChat, sends: sent });
  const ours = received > 0 ? (cpu / received) * 1000 : null;
  report.server_cpu = {
    how: "utime+stime of the workerd processes (/proc/<pid>/stat) over the traffic, per 1,000 message deliveries",
    seconds: Number(cpu.toFixed(2)),
    idle_seconds_per_second: Number(idleCpuPerSecond.toFixed(3)),
    per_1000_deliveries: ours === null ? null : Number(ours.toFixed(3)),
    floor: floor,
    ratio_to_floor:
      ours !== null && floor.per_1000_deliveries > 0 ? Number((ours / floor.per_1000_deliveries).toFixed(2)) : null,
    note:
      SEND_SHARE < 1
        ? `ours includes the reads and typing beside the sends (LOAD_SEND_SHARE=${SEND_SHARE}); LOAD_SEND_SHARE=1 compares sends alone`
        : "sends only",
  };
} finally {
  await sys.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
console.log(JSON.stringify(report, null, 2));
process.exit(0);
