/**
 * The cost model (`npm run bench cost`): runs each user action against the real local system with the
 * usage meter on (core/usage-meter.ts, summed over the gateway, media and Bot API workers by
 * `/dev/usage`), and prints per action the billable units it used, its price per million actions at
 * Cloudflare's list prices, its floor (the fewest units any design with the same guarantees needs) and
 * the ratio of the two prices. Idle actions are measured over a window and scaled to an hour.
 * Standalone: `node bench/cost.ts` starts its own local system.
 */
import { rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { downloadFile, type EdgegramClient, uploadFile } from "../clients/sdk/index.ts";
import {
  billedDoRequests,
  costUsd,
  emptyUsage,
  gbSeconds,
  PRICES_USD,
  scaleUsage,
  type Usage,
} from "../core/usage-meter.ts";
import type { Peer } from "../protocol/model/peer.ts";
import { WS_HELLO_TIMEOUT_MS } from "../protocol/transport.ts";
import { devSignUp } from "../scripts/dev-account.ts";
import { nextMessage, pool } from "./messaging.ts";
import { round } from "./stats.ts";

interface RunningSystem {
  url: string;
  serverKey: string;
}

interface Account {
  client: EdgegramClient;
  id: number;
  phone: string;
}

const progress = (what: string) => process.stderr.write(`[bench cost] ${what}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const GROUP_MEMBERS = Number(process.env.BENCH_COST_GROUP ?? 1000);
const CHANNEL_SUBSCRIBERS = Number(process.env.BENCH_COST_CHANNEL ?? 10_000);
/** Subscribers of the channel with a connected device (the rest are offline). */
const CHANNEL_ONLINE = Number(process.env.BENCH_COST_CHANNEL_ONLINE ?? 100);
const IDLE_WINDOW_S = Number(process.env.BENCH_COST_IDLE_S ?? 60);
const UPLOAD_BYTES = 10 * 1024 * 1024;

let phoneSeq = 0;
let randomSeq = 0;
const randomId = () => `${Date.now()}${String(++randomSeq).padStart(6, "0")}`;

async function signUp(sys: RunningSystem, name: string): Promise<Account> {
  const phone = `+6${String(Date.now()).slice(-7)}${String(++phoneSeq).padStart(5, "0")}`;
  const a = await devSignUp(sys, phone, name);
  return { ...a, phone };
}

/** Another device of an existing account (a new auth key signed in with a code). */
async function signIn(sys: RunningSystem, phone: string): Promise<EdgegramClient> {
  const { EdgegramClient } = await import("../clients/sdk/index.ts");
  const client = new EdgegramClient({ server: sys.url, serverKey: sys.serverKey, deviceModel: "bench" });
  await client.connect();
  const sent = await client.call("auth.sendCode", { phone_number: phone });
  const { code } = (await (await fetch(`${sys.url}/dev/codes/${encodeURIComponent(phone)}`)).json()) as {
    code: string;
  };
  await client.call("auth.signIn", { phone_number: phone, phone_code_hash: sent.phone_code_hash, phone_code: code });
  return client;
}

/** Resolves when `client` is pushed a new message with this text (the cost runs allow 2 minutes). */
const arrival = (client: EdgegramClient, text: string) => nextMessage(client, text, 120_000);

async function meter(sys: RunningSystem, on: boolean): Promise<void> {
  const res = await fetch(`${sys.url}/dev/usage?on=${on ? 1 : 0}`, { method: "POST" });
  if (!res.ok) throw new Error(`POST /dev/usage: ${res.status}`);
}

async function takeUsage(sys: RunningSystem): Promise<Usage> {
  const res = await fetch(`${sys.url}/dev/usage`);
  if (!res.ok) throw new Error(`GET /dev/usage: ${res.status}`);
  const all = (await res.json()) as Usage & { workers: unknown };
  const u = emptyUsage();
  for (const k of Object.keys(u) as (keyof Usage)[]) u[k] = all[k];
  return u;
}

/**
 * The units of `times` runs of `action` (after it is done and the system settled), per action. The
 * meter is read (and reset) just before, so set-up traffic is not counted.
 */
async function measure(sys: RunningSystem, times: number, action: (i: number) => Promise<void>): Promise<Usage> {
  await sleep(500);
  await takeUsage(sys);
  for (let i = 0; i < times; i++) await action(i);
  await sleep(1000); // acknowledgements and the outbox's clean-up belong to the action too
  return scaleUsage(await takeUsage(sys), 1 / times);
}

interface Floor {
  units: Partial<Usage>;
  why: string;
}

interface Row {
  action: string;
  usage: Usage;
  floor: Floor;
  note?: string;
}

async function privateMessage(sys: RunningSystem, devices: number): Promise<Usage> {
  const alice = await signUp(sys, "Cost Alice");
  const bob = await signUp(sys, "Cost Bob");
  const bobs = [bob.client];
  // One at a time: each sign-in reads the phone's latest code.
  for (let d = 1; d < devices; d++) bobs.push(await signIn(sys, bob.phone));
  const peer: Peer = { _: "user", id: bob.id };
  const send = async (i: number) => {
    const text = `private ${devices} ${i} ${Math.random()}`;
    const got = bobs.map((c) => arrival(c, text));
    await alice.client.call("messages.sendMessage", { peer, message: text, random_id: randomId() });
    await Promise.all(got);
  };
  await send(-1);
  await send(-2);
  const u = await measure(sys, 20, send);
  for (const c of [alice.client, ...bobs]) c.close();
  return u;
}

async function groupMessage(sys: RunningSystem, members: Account[], megagroup: boolean): Promise<Usage> {
  const [owner, ...rest] = members as [Account, ...Account[]];
  let peer: Peer;
  if (megagroup) {
    const { chat } = (await owner.client.call("channels.createChannel", { title: "Cost group", megagroup: true })) as {
      chat: { id: number };
    };
    for (let i = 0; i < rest.length; i += 200)
      await owner.client.call("channels.inviteToChannel", {
        channel_id: chat.id,
        users: rest.slice(i, i + 200).map((m) => m.id),
      });
    peer = { _: "channel", id: chat.id };
  } else {
    const res = (await owner.client.call("messages.createChat", {
      title: "Cost group",
      users: rest.map((m) => m.id),
    })) as unknown as { chats?: { id: number }[]; chat?: { id: number } };
    const id = res.chat?.id ?? res.chats?.[0]?.id;
    if (id === undefined) throw new Error("createChat answered no chat");
    peer = { _: "chat", id };
  }
  const send = async (i: number) => {
    const text = `group ${members.length} ${i} ${Math.random()}`;
    const got = rest.map((m) => arrival(m.client, text));
    await owner.client.call("messages.sendMessage", { peer, message: text, random_id: randomId() });
    await Promise.all(got);
  };
  await send(-1);
  await send(-2);
  return measure(sys, members.length > 100 ? 3 : 10, send);
}

/** A channel of `subscribers`, the first `online` of them connected; the rest signed up and gone. */
async function channelPost(sys: RunningSystem, online: Account[], subscribers: number): Promise<Usage> {
  const [owner, ...rest] = online as [Account, ...Account[]];
  const offlineCount = subscribers - online.length;
  const t0 = performance.now();
  const offline = await pool(Array.from({ length: offlineCount }), 25, async (_, i) => {
    const a = await signUp(sys, `Offline ${i}`);
    a.client.close();
    return a.id;
  });
  progress(`  ${offlineCount} offline subscribers signed up in ${round((performance.now() - t0) / 1000, 1)} s`);
  const { chat } = (await owner.client.call("channels.createChannel", { title: "Cost channel" })) as {
    chat: { id: number };
  };
  const ids = [...rest.map((m) => m.id), ...offline];
  for (let i = 0; i < ids.length; i += 200)
    await owner.client.call("channels.inviteToChannel", { channel_id: chat.id, users: ids.slice(i, i + 200) });
  const peer: Peer = { _: "channel", id: chat.id };
  const send = async (i: number) => {
    const text = `post ${i} ${Math.random()}`;
    const got = rest.map((m) => arrival(m.client, text));
    await owner.client.call("messages.sendMessage", { peer, message: text, random_id: randomId() });
    await Promise.all(got);
    // Offline subscribers' pushes find no socket and leave no trace to wait for: give them time.
    await sleep(1500);
  };
  await send(-1);
  return measure(sys, 3, send);
}

async function upload(sys: RunningSystem) {
  const me = await signUp(sys, "Cost Uploader");
  const bytes = new Uint8Array(UPLOAD_BYTES);
  for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i & 0xff;
  let ref: Awaited<ReturnType<typeof uploadFile>> | undefined;
  const up = await measure(sys, 1, async () => {
    ref = await uploadFile(me.client, bytes, { parallel: 4 });
  });
  const got = ref as NonNullable<typeof ref>;
  const down = await measure(sys, 1, async () => {
    const back = await downloadFile(me.client, got);
    if (back.length !== UPLOAD_BYTES) throw new Error(`downloaded ${back.length} bytes`);
  });
  me.client.close();
  return { up, down };
}

async function botSendMessage(sys: RunningSystem) {
  const owner = await signUp(sys, "Cost Bot Owner");
  const username = `cost${Math.random().toString(36).slice(2, 10)}bot`;
  const { token } = await owner.client.call("bots.createBot", { first_name: "Cost", username });
  const url = `${sys.url}/bot${token}/sendMessage`;
  const send = async (i: number) => {
    const text = `bot ${i} ${Math.random()}`;
    const got = arrival(owner.client, text);
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: owner.id, text }),
    });
    if (!((await res.json()) as { ok: boolean }).ok) throw new Error("sendMessage failed");
    await got;
  };
  await send(-1);
  await send(-2);
  const u = await measure(sys, 20, send);
  return { u, token, owner };
}

/** Idle over the window, scaled to an hour: a connected device doing nothing, and a bot's long poll. */
async function idle(sys: RunningSystem, token: string) {
  const device = await signUp(sys, "Cost Idle");
  // The shard's alarm for the hello deadline (10 s after connecting) belongs to connecting, not to idling.
  await sleep(WS_HELLO_TIMEOUT_MS + 2000);
  await takeUsage(sys);
  const t0 = Date.now();
  await sleep(IDLE_WINDOW_S * 1000);
  const device_ = scaleUsage(await takeUsage(sys), 3600 / ((Date.now() - t0) / 1000));
  device.client.close();

  // A bot with nothing to receive polls with Telegram's usual 50 s timeout: one poll measured, scaled.
  const poll = `${sys.url}/bot${token}/getUpdates`;
  const pollOnce = (timeout: number) =>
    fetch(poll, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ timeout }) });
  await pollOnce(0);
  await takeUsage(sys);
  const t1 = Date.now();
  await pollOnce(Math.min(50, IDLE_WINDOW_S));
  const bot = scaleUsage(await takeUsage(sys), 3600 / ((Date.now() - t1) / 1000));
  return { device: device_, bot };
}

/** Units as a short text, zeros left out. */
function unitsText(u: Partial<Usage>): string {
  const parts: string[] = [];
  const add = (label: string, v: number | undefined) => {
    if (v) parts.push(`${label} ${round(v, v < 10 ? 2 : 0)}`);
  };
  add("req", u.workerRequests);
  add("DO", u.doRequests);
  add("ws", u.doWebSocketMessages);
  add("GB-s", u.doAwakeMs === undefined ? undefined : gbSeconds({ ...emptyUsage(), ...u }));
  add("rows r", u.sqlRowsRead);
  add("rows w", u.sqlRowsWritten);
  add("R2 A", u.r2ClassA);
  add("R2 B", u.r2ClassB);
  add("KV r", u.kvReads);
  add("KV w", u.kvWrites);
  return parts.join(", ");
}

const perMillion = (u: Partial<Usage>) => costUsd({ ...emptyUsage(), ...u }) * 1_000_000;

export async function benchCost(sys: RunningSystem): Promise<Record<string, unknown>> {
  await meter(sys, true);
  const rows: Row[] = [];
  try {
    progress("private message, 1 and 3 devices");
    rows.push({
      action: "private message, recipient online on 1 device",
      usage: await privateMessage(sys, 1),
      floor: {
        units: { doRequests: 3, doWebSocketMessages: 1, sqlRowsWritten: 7, sqlRowsRead: 3 },
        why: "the frame arrives on the sender's open socket (1 ws message); the request recorded once (exactly-once RPC: 1 row); 1 call to the chat to store the message once (1 row, plus 1 for its random_id's uniqueness); 1 call per member's log (2 rows) where the message takes the member's next box id (Telegram numbers private messages per user: 1 row each mapping it to the chat's id, 2 rows); at best the recipient's socket sits in the object of its log, so the push costs no call: 3 calls, 7 rows",
      },
    });
    rows.push({
      action: "private message, recipient online on 3 devices",
      usage: await privateMessage(sys, 3),
      floor: {
        units: { doRequests: 3, doWebSocketMessages: 1, sqlRowsWritten: 7, sqlRowsRead: 3 },
        why: "as for one device: a user's devices can share the object that holds the user's log, so more devices add sends on open sockets, no calls or rows",
      },
    });

    progress(`signing up ${GROUP_MEMBERS} members (online)`);
    const t0 = performance.now();
    const members = await pool(Array.from({ length: GROUP_MEMBERS }), 25, (_, i) => signUp(sys, `Cost ${i}`));
    progress(`  in ${round((performance.now() - t0) / 1000, 1)} s`);

    progress("group message to 10");
    rows.push({
      action: "basic group message, 10 members online",
      usage: await groupMessage(sys, members.slice(0, 10), false),
      floor: {
        units: { doRequests: 11, doWebSocketMessages: 1, sqlRowsWritten: 23, sqlRowsRead: 3 },
        why: "the request recorded (1 row); 1 call to store the message once (1 row + 1 for its random_id); a basic group logs per member (pts per user, as Telegram): 10 calls, 10 log rows and 10 box-id rows (per-user message numbering); the pushes ride on those calls at best",
      },
    });
    progress(`group message to ${GROUP_MEMBERS}`);
    const shardsTouched = Math.min(64, GROUP_MEMBERS - 1);
    rows.push({
      action: `supergroup message, ${GROUP_MEMBERS} members online`,
      usage: await groupMessage(sys, members, true),
      floor: {
        units: { doRequests: 1 + shardsTouched, doWebSocketMessages: 1, sqlRowsWritten: 3, sqlRowsRead: 3 },
        why: `the request recorded (1 row); store once (1 call; the message row is the group's own pts log entry, 1 more for its random_id); one push per device, batched per object holding sockets: the ${GROUP_MEMBERS - 1} devices sit in ${shardsTouched} socket shards, 1 call each`,
      },
    });

    // Only the channel's online subscribers stay connected (workerd's open files are limited locally).
    for (const m of members.slice(CHANNEL_ONLINE)) m.client.close();
    progress(`channel post to ${CHANNEL_SUBSCRIBERS} subscribers, ${CHANNEL_ONLINE} online`);
    const onlineShards = Math.min(64, CHANNEL_ONLINE - 1);
    rows.push({
      action: `channel post, ${CHANNEL_SUBSCRIBERS} subscribers (${CHANNEL_ONLINE} online)`,
      usage: await channelPost(sys, members.slice(0, CHANNEL_ONLINE), CHANNEL_SUBSCRIBERS),
      floor: {
        units: { doRequests: 1 + onlineShards, doWebSocketMessages: 1, sqlRowsWritten: 3, sqlRowsRead: 3 },
        why: `as the supergroup: the request recorded, store once (3 rows); push only to connected devices: ${CHANNEL_ONLINE - 1} of them in ${onlineShards} shards; offline subscribers read it later by getChannelDifference`,
      },
    });
    for (const m of members.slice(0, CHANNEL_ONLINE)) m.client.close();

    progress("10 MB upload and download");
    const { up, down } = await upload(sys);
    rows.push({
      action: "10 MB upload (20 parts of 512 KiB)",
      usage: up,
      floor: {
        units: { doWebSocketMessages: 21, r2ClassA: 4, kvWrites: 1, sqlRowsWritten: 20 },
        why: "the parts arrive as frames on the open socket (20 + finish); stored once in R2 as a resumable multipart upload (create, 2 parts of 5 MiB, complete: 4 class A); one row per part received (resumability); 1 media record",
      },
    });
    rows.push({
      action: "10 MB download (upload.getFile, 512 KiB slices)",
      usage: down,
      floor: {
        units: { doWebSocketMessages: 20, r2ClassB: 20, kvReads: 1 },
        why: "the client reads by offset (Telegram's upload.getFile): 20 frames on the open socket, 20 ranged R2 reads; the media record read once (immutable once finished)",
      },
    });

    progress("Bot API sendMessage");
    const bot = await botSendMessage(sys);
    rows.push({
      action: "Bot API sendMessage to an online user",
      usage: bot.u,
      floor: {
        units: { workerRequests: 1, doRequests: 4, sqlRowsWritten: 5, sqlRowsRead: 2 },
        why: "1 HTTPS request; the bot's token and flood state (1 call), the chat (1 call, store once: 1 row), the user's log (1 call: 1 log row, 1 box-id row) whose push rides on it at best, and the bot's own log, which its own messages enter for its MTProto sessions (1 call, 2 rows)",
      },
    });

    progress(`idle device and idle bot long poll, ${IDLE_WINDOW_S} s each, scaled to an hour`);
    const idleUse = await idle(sys, bot.token);
    bot.owner.client.close();
    rows.push({
      action: `idle device connected for an hour (measured ${IDLE_WINDOW_S} s × ${round(3600 / IDLE_WINDOW_S, 1)})`,
      usage: idleUse.device,
      floor: { units: {}, why: "a hibernated socket costs nothing; keepalive pings are answered by the runtime" },
      note: "open sockets set no alarm: idle ones are closed when their shard is awake anyway",
    });
    rows.push({
      action: `bot's idle long poll for an hour (one ${Math.min(50, IDLE_WINDOW_S)} s poll, scaled)`,
      usage: idleUse.bot,
      floor: {
        units: { workerRequests: 3600 / Math.min(50, IDLE_WINDOW_S), doRequests: 3600 / Math.min(50, IDLE_WINDOW_S) },
        why: "one HTTPS request and one look into the bot's queue per poll; waiting needs no object awake (the Worker holding the request is billed by CPU time, not wall-clock)",
      },
    });
  } finally {
    await meter(sys, false);
  }

  const table = rows.map((r) => {
    const ours = perMillion(r.usage);
    const floor = perMillion(r.floor.units);
    return {
      action: r.action,
      units: unitsText(r.usage),
      billed_do_requests: round(billedDoRequests(r.usage), 2),
      usd_per_million: round(ours, 2),
      floor_units: unitsText(r.floor.units) || "nothing",
      floor_usd_per_million: round(floor, 2),
      ratio: floor > 0 ? round(ours / floor, 2) : ours > 0 ? "∞" : 1,
    };
  });
  console.log(`\n# Cost per action (Workers Paid list prices of ${PRICES_USD.date}; $ per million actions)`);
  console.table(
    table.map(({ action, usd_per_million, floor_usd_per_million, ratio }) => ({
      action,
      usd_per_million,
      floor_usd_per_million,
      ratio,
    })),
  );
  return {
    prices: PRICES_USD,
    rows: table.map((t, i) => ({ ...t, raw: rows[i]?.usage, floor_why: rows[i]?.floor.why, note: rows[i]?.note })),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { scratchStateDir, startLocalSystem } = await import("../scripts/local-system.ts");
  const stateDir = scratchStateDir("edgegram-bench-cost");
  progress("starting a local system");
  const sys = await startLocalSystem({ stateDir });
  try {
    console.log(JSON.stringify(await benchCost(sys), null, 2));
  } catch (e) {
    console.error(sys.output().slice(-4000));
    throw e;
  } finally {
    await sys.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
