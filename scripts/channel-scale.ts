/**
 * `npm run channel-scale`: one post to a broadcast channel of many subscribers (100,000 by default),
 * most offline and a few thousand connected over real encrypted WebSockets (SDK clients, in child
 * processes). Checks every connected device gets the post exactly once and every offline subscriber
 * finds it exactly once through updates.getChannelDifference; reports time to the last device, calls
 * per object per second during the post, the post's billable units and price, workerd CPU per post,
 * and workerd memory per 1,000 connected devices beside bare WebSockets held by the baseline object.
 *
 *   nice npm run channel-scale -- --subscribers 100000 --connected 2000 --procs 2 [--sample 20000]
 *
 * Offline subscribers are made by the dev route /dev/accounts (the code flow allows 3,000 sign-ups a
 * minute service-wide) and join a page at a time through /dev/channel-members (joinChannel's rules
 * and rows, one ChatObject call a page); connected devices sign up through the code flow and join
 * with channels.joinChannel from their own session.
 */
import { fork } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { ObjectCalls } from "../core/object-calls.ts";
import { billedDoRequests, costUsd, emptyUsage, type Usage } from "../core/usage-meter.ts";
import { devSignUp } from "./dev-account.ts";
import { scratchStateDir, startLocalSystem } from "./local-system.ts";
import { cpuSeconds, openFiles, rssMiB, workerdPids } from "./workerd-procs.ts";

const BATCH = 500;
/** Members per /dev/channel-members call: the page size of the bulk join (the route's maximum). */
const JOIN_PAGE = 1000;
const BULK_CONCURRENCY = 2;
const SIGNUP_CONCURRENCY = 16;

type FromParent = { go: "signup"; from: number; count: number } | { go: "expect"; text: string } | { go: "report" };
type FromChild = { ready: number; ids: number[] } | { arrivals: number[]; counts: number[] } | { failed: string };

/** Progress on stderr (stdout carries only the JSON report). */
const progress = (what: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${what}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GETs a JSON answer, again after a dropped connection (a kept-alive socket the server closed meanwhile). */
async function getJson<T>(url: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    } catch (e) {
      if (attempt >= 3) throw e;
      progress(`${url}: ${(e as Error).message}; asking again`);
      await sleep(500);
    }
  }
}
const connectedPhone = (i: number) => `+1777${String(i).padStart(7, "0")}`;
const offlinePhone = (i: number) => `+1888${String(i).padStart(7, "0")}`;

async function inBatches<T>(n: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, k) => fn(i + k)))));
  }
  return out;
}

// ------------------------------------------------------------ child: a share of the connected devices

async function child(): Promise<void> {
  const url = process.env.SCALE_URL as string;
  const serverKey = process.env.SCALE_KEY as string;
  const channelId = Number(process.env.SCALE_CHANNEL);
  const send = (m: FromChild) => process.send?.(m);
  let expected = "";
  let counts: number[] = [];
  let arrivals: number[] = [];
  process.on("message", async (m: FromParent) => {
    try {
      if (m.go === "signup") {
        const people = await inBatches(m.count, SIGNUP_CONCURRENCY, async (k) => {
          const p = await devSignUp({ url, serverKey }, connectedPhone(m.from + k), `Sub${m.from + k}`, "scale");
          await p.client.call("channels.joinChannel", { channel_id: channelId });
          return p;
        });
        counts = people.map(() => 0);
        arrivals = people.map(() => 0);
        people.forEach((p, i) => {
          p.client.onUpdates((updates) => {
            for (const u of updates as { _: string; message?: { message?: string } }[]) {
              if (u._ !== "updateNewChannelMessage" || !expected || u.message?.message !== expected) continue;
              counts[i] = (counts[i] ?? 0) + 1;
              if (!arrivals[i]) arrivals[i] = performance.timeOrigin + performance.now();
            }
          });
        });
        send({ ready: people.filter((p) => p.client.state === "connected").length, ids: people.map((p) => p.id) });
      } else if (m.go === "expect") expected = m.text;
      else send({ arrivals, counts });
    } catch (e) {
      send({ failed: String((e as Error).stack ?? e) });
    }
  });
}

// ------------------------------------------------------------ parent

function nextMessage(c: ReturnType<typeof fork>): Promise<FromChild> {
  return new Promise((resolve, reject) => {
    c.once("message", (m: FromChild) => ("failed" in m ? reject(new Error(m.failed)) : resolve(m)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subscribers: { type: "string", default: "100000" },
      connected: { type: "string", default: "2000" },
      procs: { type: "string", default: "2" },
      sample: { type: "string" },
    },
  });
  const subscribers = Number(values.subscribers);
  const connected = Math.min(Number(values.connected), subscribers);
  const procs = Math.max(1, Number(values.procs));
  const offline = subscribers - connected;
  const sample = values.sample ? Math.min(Number(values.sample), offline) : offline;
  const report: Record<string, unknown> = { subscribers, connected, offline, client_processes: procs };

  const stateDir = scratchStateDir("edgegram-channel-scale");
  const sys = await startLocalSystem({ stateDir });
  const kids: ReturnType<typeof fork>[] = [];
  try {
    const pids = workerdPids(sys.process.pid as number);
    const post = async <T>(path: string, body: unknown): Promise<T> => {
      const r = await fetch(`${sys.url}${path}`, { method: "POST", body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    };

    // The channel, its owner connected, then the offline subscribers (accounts, then joins).
    const owner = await devSignUp(sys, "+16660000000", "Owner", "scale");
    const { chat } = await owner.client.call("channels.createChannel", { title: "Scale news", public: true });
    const channelId = chat.id as number;
    let t = performance.now();
    progress(`channel ${channelId} made; making ${offline} offline accounts`);
    const offlineIds = (
      await inBatches(Math.ceil(offline / BATCH), BULK_CONCURRENCY, (b) =>
        post<{ ids: number[] }>("/dev/accounts", {
          phones: Array.from({ length: Math.min(BATCH, offline - b * BATCH) }, (_, k) => offlinePhone(b * BATCH + k)),
          first_name: "Offline",
          offline_device: true,
        }),
      )
    ).flatMap((r) => r.ids);
    report.offline_accounts_seconds = Number(((performance.now() - t) / 1000).toFixed(1));
    progress(`${offline} offline accounts made in ${report.offline_accounts_seconds} s`);
    t = performance.now();
    const pagesJoined = await inBatches(Math.ceil(offline / JOIN_PAGE), 1, (b) =>
      post<{ joined: number[]; refused: unknown[] }>("/dev/channel-members", {
        channel_id: channelId,
        user_ids: offlineIds.slice(b * JOIN_PAGE, (b + 1) * JOIN_PAGE),
      }).then((r) => {
        if ((b + 1) % 10 === 0) progress(`${(b + 1) * JOIN_PAGE} offline subscribers joined`);
        return r;
      }),
    );
    const refused = pagesJoined.flatMap((r) => r.refused);
    const joinedCount = pagesJoined.reduce((n, r) => n + r.joined.length, 0);
    if (refused.length > 0 || joinedCount !== offline)
      throw new Error(`${refused.length} offline joins refused: ${JSON.stringify(refused.slice(0, 3))}`);
    report.offline_joins_seconds = Number(((performance.now() - t) / 1000).toFixed(1));
    progress(`${offline} offline subscribers joined in ${report.offline_joins_seconds} s`);
    const callAs = (ids: number[], method: string, params: (id: number) => unknown) =>
      inBatches(Math.ceil(ids.length / BATCH), BULK_CONCURRENCY, (b) =>
        post<{ results: ({ result: unknown } | { error: { message: string } })[] }>("/dev/calls", {
          calls: ids.slice(b * BATCH, (b + 1) * BATCH).map((id) => ({ as: id, method, params: params(id) })),
        }),
      ).then((rs) => rs.flatMap((r) => r.results));

    // Connected devices: code-flow sign-ups and joins from their own sessions, in child processes.
    const rssBeforeDevices = rssMiB(pids);
    t = performance.now();
    const script = fileURLToPath(import.meta.url);
    const share = Math.ceil(connected / procs);
    for (let p = 0; p < procs && p * share < connected; p++) {
      const c = fork(script, ["--child"], {
        env: { ...process.env, SCALE_URL: sys.url, SCALE_KEY: sys.serverKey, SCALE_CHANNEL: String(channelId) },
      });
      kids.push(c);
      c.send({ go: "signup", from: p * share, count: Math.min(share, connected - p * share) } satisfies FromParent);
    }
    const readies = (await Promise.all(kids.map(nextMessage))) as { ready: number; ids: number[] }[];
    report.connected_signup_seconds = Number(((performance.now() - t) / 1000).toFixed(1));
    progress(`${connected} connected devices signed up and joined in ${report.connected_signup_seconds} s`);
    report.connected_sessions_held = readies.reduce((s, r) => s + r.ready, 0);
    // Asked as an account outside the channel: a member (the owner) would be answered the whole list.
    const outsider = (await post<{ ids: number[] }>("/dev/accounts", { phones: ["+19990000000"], first_name: "Out" }))
      .ids[0] as number;
    const [full] = await callAs([outsider], "messages.getFullChat", () => ({ peer: { _: "channel", id: channelId } }));
    report.participants_count = (
      full as { result?: { chat: { participants_count?: number } } }
    ).result?.chat.participants_count;
    if (report.participants_count !== subscribers + 1)
      throw new Error(`the channel counts ${report.participants_count} members, not ${subscribers + 1}`);
    report.workerd_open_files_after_setup = openFiles(pids);
    await sleep(2000);
    const rssDevices = rssMiB(pids);
    // Floor memory, measured at the same point (our devices still connected, the heap as large): the
    // same number of bare WebSockets held by baseline objects (64, as our shards), counted from the
    // moment all 64 objects hold one socket each, so object start-up is not in it.
    const bareSocket = (i: number) => {
      const ws = new WebSocket(`${sys.url.replace("http", "ws")}/dev/baseline/floor-${i % 64}`);
      return new Promise<WebSocket>((resolve, reject) => {
        ws.onopen = () => resolve(ws);
        ws.onerror = () => reject(new Error("baseline socket failed"));
      });
    };
    const warm = await inBatches(64, 64, bareSocket);
    await sleep(2000);
    const rssBeforeBare = rssMiB(pids);
    const bare = await inBatches(connected, 200, (i) => bareSocket(64 + i));
    await sleep(2000);
    const rssBare = rssMiB(pids);
    for (const ws of [...warm, ...bare]) ws.close();

    await sleep(1000);
    report.workerd_rss_mib = {
      how: "VmRSS of the workerd processes; ours from before the connected devices signed up to after (their accounts, sessions and sockets), the floor with them still connected",
      bare_sockets_floor: {
        before: rssBeforeBare,
        with_sockets: rssBare,
        per_1000: Math.round(((rssBare - rssBeforeBare) / connected) * 1000),
      },
      ours: {
        before_devices: rssBeforeDevices,
        with_devices: rssDevices,
        per_1000: Math.round(((rssDevices - rssBeforeDevices) / connected) * 1000),
      },
    };

    // The post.
    const text = `scale post ${Date.now()}`;
    for (const c of kids) c.send({ go: "expect", text } satisfies FromParent);
    await sleep(500);
    await post("/dev/usage?on=1", {});
    await fetch(`${sys.url}/dev/object-calls`);
    const cpu0 = cpuSeconds(pids);
    const t0 = performance.timeOrigin + performance.now();
    const sent = await owner.client.call("messages.sendMessage", {
      peer: { _: "channel", id: channelId },
      message: text,
      random_id: String(Date.now()),
    });
    const ack = performance.timeOrigin + performance.now() - t0;
    // Wait for every device (or two minutes), then three seconds more for any duplicate.
    let results: { arrivals: number[]; counts: number[] }[] = [];
    const deadline = Date.now() + 120_000;
    for (;;) {
      for (const c of kids) c.send({ go: "report" } satisfies FromParent);
      results = (await Promise.all(kids.map(nextMessage))) as typeof results;
      if (results.every((r) => r.counts.every((n) => n > 0)) || Date.now() > deadline) break;
      await sleep(250);
    }
    const postSeconds = Math.max(...results.flatMap((r) => r.arrivals)) - t0;
    // The pump goes on to the offline subscribers (pushes of up to 100,000 members one after another,
    // fanout.ts): wait until the shards have been called and no object has been for three seconds.
    let seen = "";
    for (let quiet = 0; quiet < 3; ) {
      await sleep(1000);
      const now = await getJson<Record<string, ObjectCalls>>(`${sys.url}/dev/object-calls?keep=1`);
      const sig = JSON.stringify(Object.values(now).map((c) => c.calls));
      const shardCallsSoFar = Object.entries(now)
        .filter(([k]) => k.startsWith("authkeys:"))
        .reduce((n, [, c]) => n + c.calls, 0);
      quiet = shardCallsSoFar > 0 && sig === seen ? quiet + 1 : 0;
      seen = sig;
      if (Date.now() > deadline + 600_000) throw new Error(`the fan-out did not finish: ${sig}`);
    }
    for (const c of kids) c.send({ go: "report" } satisfies FromParent);
    results = (await Promise.all(kids.map(nextMessage))) as typeof results;
    const cpuPost = cpuSeconds(pids) - cpu0;
    const metered = await getJson<Usage>(`${sys.url}/dev/usage`);
    const usage = emptyUsage();
    for (const k of Object.keys(usage) as (keyof Usage)[]) usage[k] = metered[k];
    const calls = await getJson<Record<string, ObjectCalls>>(`${sys.url}/dev/object-calls`);
    await post("/dev/usage?on=0", {});
    const counts = results.flatMap((r) => r.counts);
    report.connected_devices = {
      got_once: counts.filter((n) => n === 1).length,
      missed: counts.filter((n) => n === 0).length,
      doubled: counts.filter((n) => n > 1).length,
    };
    report.send_acknowledged_ms = Math.round(ack);
    report.time_to_last_connected_device_ms = Math.round(postSeconds);
    progress(`posted; last connected device after ${Math.round(postSeconds)} ms; checking offline subscribers`);
    const shardCalls = Object.entries(calls)
      .filter(([k]) => k.startsWith("authkeys:"))
      .map(([, c]) => c);
    const fanOutMs = Math.max(0, ...Object.values(calls).map((c) => c.spanMs));
    const busiest = (cs: ObjectCalls[]) => Math.max(0, ...cs.map((c) => c.busiestSecond));
    report.object_calls_during_post = {
      how: "calls counted at each object's entry while the meter was on; busiest = most calls within one second",
      fan_out_ms: fanOutMs,
      channel_object: "1 request (the send), then its own pump: members read 1,000 at a time, pushed 100,000 together",
      directory_registry: {
        calls: calls.directory?.calls ?? 0,
        busiest_second: busiest(calls.directory ? [calls.directory] : []),
      },
      auth_key_shards: {
        shards: shardCalls.length,
        calls: shardCalls.reduce((sum, c) => sum + c.calls, 0),
        busiest_shard_calls: Math.max(0, ...shardCalls.map((c) => c.calls)),
        busiest_second_of_any_shard: busiest(shardCalls),
      },
      user_objects: calls.user?.calls ?? 0,
    };
    // Everything the meter counted from the send to three seconds after the last device had the post
    // (the post's frame, every object call and row, the devices' acknowledgements), as bench/cost.ts.
    report.post_usage = {
      units: usage,
      billed_do_requests: Number(billedDoRequests(usage).toFixed(2)),
      usd_per_post: Number(costUsd(usage).toPrecision(3)),
      usd_per_million_posts: Number((costUsd(usage) * 1_000_000).toPrecision(4)),
    };
    report.workerd_cpu_seconds_for_post = Number(cpuPost.toFixed(2));

    // Offline subscribers: each finds the post exactly once after the pts before it.
    const update = (sent as { updates?: { _: string; pts?: number; pts_count?: number }[] }).updates?.find(
      (u) => u._ === "updateNewChannelMessage",
    );
    if (!update?.pts) throw new Error(`no channel update in the send's answer: ${JSON.stringify(sent).slice(0, 300)}`);
    const ptsBefore = update.pts - (update.pts_count ?? 1);
    const checked = sample === offline ? offlineIds : [...offlineIds].sort(() => Math.random() - 0.5).slice(0, sample);
    t = performance.now();
    const diffs = await callAs(checked, "updates.getChannelDifference", () => ({
      channel_id: channelId,
      pts: ptsBefore,
    }));
    let found = 0;
    let doubled = 0;
    let missed = 0;
    let errors = 0;
    for (const d of diffs) {
      if ("error" in d) {
        errors++;
        continue;
      }
      const ups = (d.result as { updates?: { _: string; message?: { message?: string } }[] }).updates ?? [];
      const n = ups.filter((u) => u._ === "updateNewChannelMessage" && u.message?.message === text).length;
      if (n === 1) found++;
      else if (n === 0) missed++;
      else doubled++;
    }
    report.offline_subscribers = {
      checked: checked.length,
      of: offline,
      how: sample === offline ? "all" : "random sample",
      found_once: found,
      missed,
      doubled,
      errors,
      check_seconds: Number(((performance.now() - t) / 1000).toFixed(1)),
    };
    owner.client.close();
  } finally {
    for (const c of kids) c.kill();
    await sys.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(report, null, 2));
}

if (process.argv.includes("--child")) await child();
else {
  await main();
  process.exit(0);
}
