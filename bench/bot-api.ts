/**
 * Bot API throughput against two references measured in the same run:
 * - sendMessage requests/s (16 concurrent loops over 24 bots, fixed count per
 *   round; the measurements alternate over several rounds and each ratio is the
 *   median of its per-round ratios, so drift on this shared machine hits ours and
 *   the floors alike) and getUpdates round trip (sequential calls, timeout 0);
 * - references: telegram-test-api (an in-memory Bot API emulator on Node,
 *   loopback); the bare floor: the same gateway → bot-api path answering a
 *   fixed JSON with no token check, Durable Object or messaging; and the
 *   DO-insert floor: the gateway handing each request to a bare Durable Object
 *   (one per bot, as our sends spread over one chat per bot) that inserts one
 *   SQLite row and answers (`/dev/baseline/<name>/insert`, DEV_MODE only).
 *   Goal: sendMessage ≥ 70% of the DO-insert floor.
 * - plus the same send with no Bot API layer (`/dev/core-send`: messages.sendMessage as the bot,
 *   straight from the gateway), which splits ours' cost into the messaging core's and the layer's.
 * Plus the user → bot delivery latency (SDK send → long poll returns).
 * Standalone: `node bench/bot-api.ts` starts its own local system.
 */
import { rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { EdgegramClient } from "../clients/sdk/index.ts";
import { devSignUp } from "../scripts/dev-account.ts";
import { ratio, round, summarize } from "./stats.ts";

interface RunningSystem {
  url: string;
  serverKey: string;
}

const SEND_REQUESTS = Number(process.env.BENCH_BOT_REQUESTS ?? 500);
const SEND_ROUNDS = Number(process.env.BENCH_BOT_ROUNDS ?? 5);
const CONCURRENCY = 16;
const ROUND_TRIPS = 100;
const BOTS = 24;

let seq = 0;

function signUp(sys: RunningSystem, name: string): Promise<{ client: EdgegramClient; id: number }> {
  return devSignUp(sys, `+5${String(Date.now()).slice(-8)}${String(++seq).padStart(4, "0")}`, name);
}

/** One JSON POST; a dropped connection counts as a failure (status 0) instead of ending the run. */
async function post(url: string, body: unknown): Promise<{ ok: boolean; status: number }> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { ok: boolean };
    return { ok: json.ok, status: res.status };
  } catch {
    return { ok: false, status: 0 };
  }
}

const progress = (what: string) => process.stderr.write(`bot-api bench: ${what}\n`);

/** `total` requests from `CONCURRENCY` loops; returns requests/s and how many failed (429s included). */
async function throughput(total: number, request: (i: number) => Promise<{ ok: boolean; status: number }>) {
  let next = 0;
  let failed = 0;
  let limited = 0;
  const statuses: Record<string, number> = {};
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const r = await request(i);
        if (!r.ok) {
          failed++;
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        }
        if (r.status === 429) limited++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return {
    requests: total,
    per_second: round(total / seconds, 1),
    failed,
    rate_limited: limited,
    failed_by_status: statuses,
  };
}

async function latencies(n: number, once: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await once();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

/** telegram-test-api on a loopback port: its sendMessage and getUpdates (with a client message pending). */
async function benchTelegramTestApi() {
  const { default: TelegramServer } = (await import("telegram-test-api")) as unknown as {
    default: new (o: {
      port: number;
      host: string;
      storeTimeout: number;
    }) => {
      start(): Promise<void>;
      stop(): Promise<boolean>;
      getClient(token: string): { makeMessage(t: string): unknown; sendMessage(m: unknown): Promise<unknown> };
    };
  };
  const { freePort } = await import("../scripts/local-system.ts");
  const port = await freePort();
  const server = new TelegramServer({ port, host: "127.0.0.1", storeTimeout: 60 });
  await server.start();
  try {
    const token = "123456:bench-token-for-telegram-test-api";
    const api = `http://127.0.0.1:${port}/bot${token}`;
    const client = server.getClient(token);
    const send = await throughput(SEND_REQUESTS, () => post(`${api}/sendMessage`, { chat_id: 1, text: "bench" }));
    await client.sendMessage(client.makeMessage("/ping"));
    const roundTrip = await latencies(ROUND_TRIPS, () => post(`${api}/getUpdates`, { timeout: 0 }));
    return { sendMessage: send, getUpdates_ms: roundTrip };
  } finally {
    await server.stop();
  }
}

export async function benchBotApi(sys: RunningSystem) {
  // Bots owned by a few users (each bot has its own flood bucket, as on Telegram).
  const owners = await Promise.all(Array.from({ length: 4 }, (_, i) => signUp(sys, `Owner ${i}`)));
  const bots: { token: string; chat: number; id: number }[] = [];
  for (let i = 0; i < BOTS; i++) {
    const owner = owners[i % owners.length] as (typeof owners)[number];
    // A retried call (slow machine, SDK resend) may find its own earlier attempt holding the name: pick another.
    for (let attempt = 0; ; attempt++) {
      const username = `b${Math.random().toString(36).slice(2, 12)}${i}bot`;
      try {
        const { user, token } = await owner.client.call("bots.createBot", { first_name: `Bench ${i}`, username });
        bots.push({ token, chat: owner.id, id: user.id });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  }
  const botUrl = (b: { token: string }, m: string) => `${sys.url}/bot${b.token}/${m}`;

  progress(`${bots.length} bots ready`);
  const insertUrl = (i: number) => `${sys.url}/dev/baseline/bot-floor-${i % BOTS}/insert`;
  const floorRequest = () => post(`${sys.url}/botfloor/sendMessage`, { chat_id: 1, text: "bench" });
  const insertRequest = (i: number) => post(insertUrl(i), { chat_id: 1, text: `bench ${i}` });
  const oursRequest = (i: number) => {
    const b = bots[i % bots.length] as (typeof bots)[number];
    return post(botUrl(b, "sendMessage"), { chat_id: b.chat, text: `bench ${i}` });
  };
  // The same send with no Bot API layer: messages.sendMessage run as the bot straight from the gateway
  // (dev only; no Bot API worker, no BotObject, no token or flood check), to the same chats. What
  // ours costs above it is the Bot API layer's own share; what it costs above the floor is the core's.
  const coreRequest = (i: number) => {
    const b = bots[i % bots.length] as (typeof bots)[number];
    return post(`${sys.url}/dev/core-send`, { from: b.id, chat_id: b.chat, text: `core ${i}` });
  };
  // Warm up every path once: each floor object and each bot's chat exist before anything is timed.
  await floorRequest();
  for (let i = 0; i < BOTS; i++) {
    await insertRequest(i);
    await post(botUrl(bots[i] as (typeof bots)[number], "getMe"), {});
    await oursRequest(i);
    await coreRequest(i);
  }

  const rounds: Record<"floor" | "insert" | "ours" | "core", Awaited<ReturnType<typeof throughput>>>[] = [];
  for (let r = 0; r < SEND_ROUNDS; r++) {
    rounds.push({
      floor: await throughput(SEND_REQUESTS, floorRequest),
      insert: await throughput(SEND_REQUESTS, insertRequest),
      ours: await throughput(SEND_REQUESTS, oursRequest),
      core: await throughput(SEND_REQUESTS, coreRequest),
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  /** One series over the rounds: its median rate, and every failure. */
  const series = (k: keyof (typeof rounds)[number]) => ({
    requests: SEND_REQUESTS * SEND_ROUNDS,
    per_second: median(rounds.map((r) => r[k].per_second)),
    per_round: rounds.map((r) => r[k].per_second),
    failed: rounds.reduce((n, r) => n + r[k].failed, 0),
    rate_limited: rounds.reduce((n, r) => n + r[k].rate_limited, 0),
  });
  /** Ours against a reference, round by round; the median round's ratio. */
  const ratioTo = (k: "floor" | "insert" | "core") =>
    median(rounds.map((r) => ratio(r.ours.per_second, r[k].per_second)));
  const ours = series("ours");
  const floorSend = series("floor");
  const insertFloor = series("insert");
  const core = series("core");
  progress(
    `sendMessage: ours ${ours.per_second}/s, bare floor ${floorSend.per_second}/s, DO-insert floor ${insertFloor.per_second}/s, core send ${core.per_second}/s; per-round ratios to the DO-insert floor ${rounds.map((r) => ratio(r.ours.per_second, r.insert.per_second)).join(", ")}`,
  );
  // getUpdates round trip: one call with timeout 0 (the queue drained), as a polling bot makes between updates.
  const bot = bots[0] as (typeof bots)[number];
  const owner = owners[0] as (typeof owners)[number];
  let offset = 0;
  const drain = async () => {
    const r = (await (
      await fetch(botUrl(bot, `getUpdates?offset=${offset}&timeout=0`), { method: "POST" })
    ).json()) as {
      ok: boolean;
      result: { update_id: number }[];
    };
    if (!r.ok) throw new Error(`getUpdates failed: ${JSON.stringify(r)}`);
    const last = r.result.at(-1);
    if (last) offset = last.update_id + 1;
    return r.result.length;
  };
  await drain();
  const floorGet = await latencies(ROUND_TRIPS, () => post(`${sys.url}/botfloor/getUpdates`, { timeout: 0 }));
  const oursGet = await latencies(ROUND_TRIPS, () => drain());

  // User → bot: an SDK message until the bot's pending long poll returns it.
  const delivery = await latencies(30, async () => {
    const poll = fetch(botUrl(bot, `getUpdates?offset=${offset}&timeout=10`)).then((r) => r.json());
    await owner.client.call("messages.sendMessage", {
      peer: { _: "user", id: bot.id },
      message: "ping",
      random_id: `${Date.now()}${++seq}`,
    });
    const got = (await poll) as { result: { update_id: number }[] };
    const last = got.result.at(-1);
    if (last) offset = last.update_id + 1;
  });

  progress("getUpdates and delivery measured; now telegram-test-api");
  let reference: Awaited<ReturnType<typeof benchTelegramTestApi>> | { error: string };
  try {
    reference = await benchTelegramTestApi();
  } catch (e) {
    reference = { error: String(e) };
  }
  for (const o of owners) o.client.close();

  const refSend = "sendMessage" in reference ? reference.sendMessage.per_second : Number.NaN;
  const refGet = "getUpdates_ms" in reference ? reference.getUpdates_ms.p50 : Number.NaN;
  return {
    sendMessage: {
      ours: ours,
      floor_bare_worker: floorSend,
      floor_do_insert: insertFloor,
      core_send_without_bot_api: core,
      telegram_test_api: "sendMessage" in reference ? reference.sendMessage : reference,
      ratio_to_floor: ratioTo("floor"),
      /** The goal: ≥ 0.7. */
      ratio_to_do_insert_floor: ratioTo("insert"),
      /** What the Bot API layer itself costs: ours ÷ the same send with no Bot API layer in front. */
      ratio_to_core_send: ratioTo("core"),
      ratio_to_telegram_test_api: ratio(ours.per_second, refSend),
    },
    getUpdates_round_trip_ms: {
      ours: oursGet,
      floor_bare_worker: floorGet,
      telegram_test_api: "getUpdates_ms" in reference ? reference.getUpdates_ms : reference,
      p50_ratio_floor_to_ours: ratio(floorGet.p50, oursGet.p50),
      p50_ratio_telegram_test_api_to_ours: ratio(refGet, oursGet.p50),
    },
    user_to_bot_long_poll_ms: delivery,
    setup: {
      bots: BOTS,
      concurrency: CONCURRENCY,
      requests_per_round: SEND_REQUESTS,
      rounds: SEND_ROUNDS,
      round_trips: ROUND_TRIPS,
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { scratchStateDir, startLocalSystem } = await import("../scripts/local-system.ts");
  const stateDir = scratchStateDir("edgegram-bench-bot");
  const sys = await startLocalSystem({ stateDir });
  try {
    console.log(JSON.stringify(await benchBotApi(sys), null, 2));
  } finally {
    await sys.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
