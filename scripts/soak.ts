/**
 * `npm run soak`: mixed traffic (sign-ups, private and group messages, uploads, Bot API sends) against
 * a local system on 127.0.0.1, with the whole system SIGKILLed and restarted at random, then a check
 * that every acknowledged message is in history exactly once, and that every member of a group got
 * each of its messages exactly once through the SDK's update stream (pushes, then getDifference after
 * each crash). Prints RSS and state size over time.
 * SOAK_MINUTES (default 10) bounds the run; the action count is bounded too.
 */
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { EdgegramClient, MemoryStorage, uploadFile } from "../clients/sdk/index.ts";
import { type LocalSystem, scratchStateDir, startLocalSystem } from "./local-system.ts";

const MINUTES = Number(process.env.SOAK_MINUTES || 10);
const MAX_ACTIONS = 20_000;
const MiB = 1024 * 1024;

interface Person {
  client: EdgegramClient;
  id: number;
}

/** Resident memory of the workerd processes in the system's process group (bytes). */
function workerdRss(sys: LocalSystem): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const pgrp = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2];
      if (Number(pgrp) !== sys.process.pid || !stat.includes("(workerd)")) continue;
      total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
    } catch {
      // gone while we looked
    }
  }
  return total;
}

/**
 * What the state directory is made of: bytes per kind of store (a Durable Object class, R2, KV …)
 * and file type (SQLite database, its WAL, blobs), largest first.
 */
function stateBreakdown(dir: string): [string, number, number][] {
  const sums = new Map<string, [number, number]>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      try {
        if (e.isDirectory()) walk(p);
        else {
          const parts = p.slice(dir.length + 1).split("/");
          const store = parts.length > 3 ? parts.slice(1, 3).join("/") : parts.slice(0, -1).join("/");
          const type = /\.sqlite-wal$/.test(e.name) ? "wal" : /\.sqlite(-shm)?$/.test(e.name) ? "sqlite" : "blob";
          const key = `${store} ${type}`;
          const [bytes, files] = sums.get(key) ?? [0, 0];
          sums.set(key, [bytes + statSync(p).size, files + 1]);
        }
      } catch {
        // removed while we looked
      }
    }
  };
  walk(dir);
  return [...sums].map(([k, [b, n]]): [string, number, number] => [k, b, n]).sort((x, y) => y[1] - x[1]);
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    try {
      n += e.isDirectory() ? dirBytes(p) : statSync(p).size;
    } catch {
      // removed while we looked
    }
  }
  return n;
}

const stateDir = scratchStateDir("edgegram-soak");
let sys = await startLocalSystem({ stateDir });
const port = sys.port;
const url = sys.url;
const key = sys.serverKey;
let phoneN = 0;

async function signUp(name: string): Promise<Person> {
  const client = new EdgegramClient({ server: url, serverKey: key, storage: new MemoryStorage(), deviceModel: "soak" });
  await client.connect();
  const phone = `+1555${String(process.pid % 1000).padStart(3, "0")}${String(++phoneN).padStart(4, "0")}`;
  const sent = await client.call("auth.sendCode", { phone_number: phone });
  const code = ((await (await fetch(`${url}/dev/codes/${encodeURIComponent(phone)}`)).json()) as { code: string }).code;
  await client.call("auth.signIn", { phone_number: phone, phone_code_hash: sent.phone_code_hash, phone_code: code });
  const auth = await client.call("auth.signUp", {
    phone_number: phone,
    phone_code_hash: sent.phone_code_hash,
    first_name: name,
  });
  if (auth._ !== "auth.authorization") throw new Error("sign-up failed");
  return { client, id: auth.user.id };
}

const people: Person[] = [];
for (let i = 0; i < 8; i++) people.push(await signUp(`P${i}`));

/** Groups of 4–6 members; each member's update stream is counted: member id → text → times received. */
interface Group {
  id: number;
  members: Person[];
}
const received = new Map<number, Map<string, number>>();
for (const p of people) {
  const mine = new Map<string, number>();
  received.set(p.id, mine);
  p.client.updates.on("message", (m) => {
    if (m.message.startsWith("grp-")) mine.set(m.message, (mine.get(m.message) ?? 0) + 1);
  });
  await p.client.updates.start();
}
const groups: Group[] = [];
for (const [i, members] of [people.slice(0, 4), people.slice(2, 7), people.slice(1, 8)].entries()) {
  const [creator, ...rest] = members as [Person, ...Person[]];
  const made = await creator.client.call("messages.createChat", { title: `Soak ${i}`, users: rest.map((p) => p.id) });
  groups.push({ id: made.chat.id, members });
}
const botOwner = people[0] as Person;
const made = await botOwner.client.call("bots.createBot", {
  first_name: "Soak bot",
  username: `soak${Date.now().toString(36)}bot`,
});
const bot = { id: made.user.id, token: made.token };
await botOwner.client.call("messages.sendMessage", {
  peer: { _: "user", id: bot.id },
  message: "/start",
  random_id: "1",
});

/** Acknowledged sends: text → [sender, peer] (texts are unique). */
const acked = new Map<string, [number, number]>();
/** Acknowledged group sends: text → group. */
const groupAcked = new Map<string, Group>();
const counts = {
  actions: 0,
  signups: 8,
  messages: 0,
  groupMessages: 0,
  uploads: 0,
  botSends: 0,
  crashes: 0,
  failed: 0,
};
const samples: string[] = [];
const started = Date.now();
const sample = (label: string) =>
  samples.push(
    `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s ${label.padEnd(8)} RSS ${(workerdRss(sys) / MiB).toFixed(0)} MiB, state ${(dirBytes(stateDir) / MiB).toFixed(1)} MiB, actions ${counts.actions}`,
  );
sample("start");

let nextCrash = Date.now() + 20_000 + Math.random() * 40_000;
let rand = 0;
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

while (Date.now() - started < MINUTES * 60_000 && counts.actions < MAX_ACTIONS) {
  if (Date.now() > nextCrash) {
    await sys.stop("SIGKILL");
    counts.crashes++;
    sys = await startLocalSystem({ stateDir, port });
    sample("restart");
    nextCrash = Date.now() + 20_000 + Math.random() * 40_000;
  }
  counts.actions++;
  const r = Math.random();
  try {
    if (r < 0.05 && people.length < 40) {
      people.push(await signUp(`P${people.length}`));
      counts.signups++;
    } else if (r < 0.5) {
      const g = pick(groups);
      const text = `grp-${++rand}`;
      await pick(g.members).client.call("messages.sendMessage", {
        peer: { _: "chat", id: g.id },
        message: text,
        random_id: String(1e9 + rand),
      });
      groupAcked.set(text, g);
      counts.groupMessages++;
    } else if (r < 0.75) {
      const from = pick(people);
      let to = pick(people);
      while (to === from) to = pick(people);
      const text = `soak-${++rand}`;
      await from.client.call("messages.sendMessage", {
        peer: { _: "user", id: to.id },
        message: text,
        random_id: String(1e9 + rand),
      });
      acked.set(text, [from.id, to.id]);
      counts.messages++;
    } else if (r < 0.8) {
      await uploadFile(pick(people).client, crypto.getRandomValues(new Uint8Array(64 * 1024)), { retries: 3 });
      counts.uploads++;
    } else {
      const text = `bot-${++rand}`;
      const res = await fetch(`${url}/bot${bot.token}/sendMessage`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ chat_id: botOwner.id, text }),
      });
      if ((await res.json()).ok) {
        acked.set(text, [bot.id, botOwner.id]);
        counts.botSends++;
      } else counts.failed++;
    }
  } catch {
    counts.failed++; // refused or cut by a crash: not acknowledged, so not checked
  }
  if (counts.actions % 200 === 0) sample("traffic");
}
sample("end");

/** Every message between a person and a peer (a user, or a group), read from the person's side. */
async function history(p: Person, peer: number, kind: "user" | "chat" = "user"): Promise<string[]> {
  const out: string[] = [];
  let offset = 0;
  for (;;) {
    const page = await p.client.call("messages.getHistory", {
      peer: { _: kind, id: peer },
      offset_id: offset,
      limit: 100,
    });
    out.push(...page.messages.map((m) => m.message));
    if (page.messages.length < 100) return out;
    offset = page.messages.at(-1)?.id ?? 0;
  }
}

const byId = new Map(people.map((p) => [p.id, p]));
const seen = new Map<string, number>();
const pairs = new Set([...acked.values()].map(([a, b]) => `${Math.min(a, b)}:${Math.max(a, b)}`));
for (const pair of pairs) {
  const [a, b] = pair.split(":").map(Number) as [number, number];
  const reader = byId.get(a) ?? (byId.get(b) as Person);
  for (const t of await history(reader, reader.id === a ? b : a)) seen.set(t, (seen.get(t) ?? 0) + 1);
}
let lost = 0;
let doubled = 0;
for (const t of acked.keys()) {
  const n = seen.get(t) ?? 0;
  if (n === 0) lost++;
  if (n > 1) doubled++;
}
for (const [t, n] of seen) if (n > 1 && !acked.has(t)) doubled++;

// Groups: every member's history holds each acknowledged message once, and every member's update
// stream delivered it once (after a last catch-up: pushes lost in a crash come by getDifference).
await Promise.all(people.map((p) => p.client.updates.sync()));
await new Promise((r) => setTimeout(r, 2000));
const group = { lostInHistory: 0, doubledInHistory: 0, lostInUpdates: 0, doubledInUpdates: 0, deliveries: 0 };
for (const g of groups) {
  const texts = [...groupAcked].filter(([, gg]) => gg === g).map(([t]) => t);
  for (const m of g.members) {
    const inHistory = new Map<string, number>();
    for (const t of await history(m, g.id, "chat")) inHistory.set(t, (inHistory.get(t) ?? 0) + 1);
    const inUpdates = received.get(m.id) as Map<string, number>;
    for (const t of texts) {
      group.deliveries++;
      const h = inHistory.get(t) ?? 0;
      const u = inUpdates.get(t) ?? 0;
      if (h === 0) group.lostInHistory++;
      if (h > 1) group.doubledInHistory++;
      if (u === 0) group.lostInUpdates++;
      if (u > 1) group.doubledInUpdates++;
    }
  }
}
lost += group.lostInHistory + group.lostInUpdates;
doubled += group.doubledInHistory + group.doubledInUpdates;
for (const p of people) p.client.close();
await sys.stop();
console.log("state at the end, by store and file type:");
for (const [k, b, n] of stateBreakdown(stateDir).slice(0, 14))
  console.log(`${(b / MiB).toFixed(1).padStart(8)} MiB  ${String(n).padStart(5)} files  ${k}`);
rmSync(stateDir, { recursive: true, force: true });
console.log(samples.join("\n"));
console.log(
  JSON.stringify({
    minutes: MINUTES,
    ...counts,
    acknowledged: acked.size + groupAcked.size,
    groupDeliveries: group.deliveries,
    group,
    lost,
    doubled,
  }),
);
process.exit(lost === 0 && doubled === 0 ? 0 : 1);
