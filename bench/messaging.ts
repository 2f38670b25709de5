/**
 * Messaging benchmarks against a running local system, each beside its floor
 * measured in the same run:
 * - send→receive latency between two SDK clients vs a bare DO WebSocket echo
 *   and vs the floor of a private message's path (raw sockets, bare objects
 *   chained as the message's hops are, each storing it); samples interleaved;
 * - messages/s through one chat (several senders into one group);
 * - time until the last of N members (default 1,000; BENCH_FANOUT_MEMBERS)
 *   receives a post vs one bare Durable Object broadcasting to N raw sockets,
 *   and vs the floor of our shape: one object relaying through N bare objects
 *   that hold one socket each (every device has its own object here).
 * Standalone: `node bench/messaging.ts` starts its own local system.
 */
import { rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { EdgegramClient } from "../clients/sdk/index.ts";
import type { Peer } from "../protocol/model/peer.ts";
import { devSignUp } from "../scripts/dev-account.ts";
import { ratio, round, summarize } from "./stats.ts";

interface RunningSystem {
  url: string;
  serverKey: string;
}

interface Member {
  client: EdgegramClient;
  id: number;
}

let phoneSeq = 0;
let randomSeq = 0;
const randomId = () => `${Date.now()}${String(++randomSeq).padStart(6, "0")}`;

function signUp(sys: RunningSystem, name: string): Promise<Member> {
  return devSignUp(sys, `+4${String(Date.now()).slice(-8)}${String(++phoneSeq).padStart(4, "0")}`, name);
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function pool<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}

/** Resolves when `client` is pushed a new message whose text is `text`. */
export function nextMessage(client: EdgegramClient, text: string, timeoutMs = 30_000): Promise<number> {
  const arrival = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`"${text}" did not arrive within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.onUpdates((updates) => {
      for (const u of updates as { _: string; message?: { message: string } }[]) {
        if ((u._ === "updateNewMessage" || u._ === "updateNewChannelMessage") && u.message?.message === text) {
          off();
          clearTimeout(timer);
          resolve(performance.now());
        }
      }
    });
  });
  // Awaited later; a timeout must not crash the process before then (the system would be left running).
  arrival.catch(() => undefined);
  return arrival;
}

function baselineSocket(sys: RunningSystem, name: string, query = ""): Promise<WebSocket> {
  const ws = new WebSocket(`${sys.url.replace(/^http/, "ws")}/dev/baseline/${name}${query}`);
  ws.binaryType = "arraybuffer";
  return new Promise((resolve, reject) => {
    ws.onopen = () => resolve(ws);
    ws.onerror = reject;
  });
}

/** A bare DO WebSocket echo: `rtt()` times one 200-byte round trip. */
async function echoProbe(sys: RunningSystem) {
  const ws = await baselineSocket(sys, `echo-${Math.random()}`);
  const payload = new Uint8Array(200);
  const rtt = () =>
    new Promise<number>((resolve) => {
      const t = performance.now();
      ws.onmessage = () => resolve(performance.now() - t);
      ws.send(payload);
    });
  for (let i = 0; i < 20; i++) await rtt();
  return { rtt, close: () => ws.close() };
}

/** Hops after the sender's object on a private message's path: chat, recipient's account, recipient's device shard. */
const PRIVATE_MESSAGE_HOPS = 3;

/**
 * The floor of a private message's path: a raw socket's 200-byte message stored by its object and
 * passed along PRIVATE_MESSAGE_HOPS bare objects (each but the last storing it) to another raw socket.
 * `oneWay()` times one message from the first socket's send to the second's receipt.
 */
async function chainProbe(sys: RunningSystem) {
  const prefix = `chain-${Math.random()}-`;
  const to = await baselineSocket(sys, `${prefix}${PRIVATE_MESSAGE_HOPS}`);
  const from = await baselineSocket(
    sys,
    `${prefix}0`,
    `?chain=${encodeURIComponent(prefix)}&hops=${PRIVATE_MESSAGE_HOPS}`,
  );
  const payload = new Uint8Array(200);
  const oneWay = () =>
    new Promise<number>((resolve) => {
      const t = performance.now();
      to.onmessage = () => resolve(performance.now() - t);
      from.send(payload);
    });
  for (let i = 0; i < 20; i++) await oneWay();
  return {
    oneWay,
    close: () => {
      from.close();
      to.close();
    },
  };
}

/**
 * Send→receive between two SDK clients, each sample taken right after an echo sample, so both
 * series see the same moment of the machine (p99s of separate runs mostly measure the noise).
 */
export async function latency(sys: RunningSystem, rounds: number) {
  const alice = await signUp(sys, "Alice");
  const bob = await signUp(sys, "Bob");
  const echo = await echoProbe(sys);
  const chain = await chainProbe(sys);
  const peer: Peer = { _: "user", id: bob.id };
  const one = async (i: number) => {
    const text = `ping ${i} ${Math.random()}`;
    const got = nextMessage(bob.client, text);
    const t = performance.now();
    await alice.client.call("messages.sendMessage", { peer, message: text, random_id: randomId() });
    return (await got) - t;
  };
  progress("  signed up; warming up");
  for (let i = 0; i < 20; i++) await one(i);
  progress("  measuring");
  const ours: number[] = [];
  const bare: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < rounds; i++) {
    bare.push(await echo.rtt());
    floor.push(await chain.oneWay());
    ours.push(await one(i));
  }
  echo.close();
  chain.close();
  alice.client.close();
  bob.client.close();
  return { ours, echo: bare, chain: floor };
}

export async function throughput(sys: RunningSystem, senders: number, perSender: number) {
  const people = await pool(Array.from({ length: senders + 1 }), 8, (_, i) => signUp(sys, `Sender ${i}`));
  const [reader, ...writers] = people as [Member, ...Member[]];
  const { chat } = await reader.client.call("messages.createChat", {
    title: "Throughput",
    users: writers.map((w) => w.id),
  });
  const peer: Peer = { _: "chat", id: chat.id };
  const last = `last ${Math.random()}`;
  const t = performance.now();
  await Promise.all(
    writers.map(async (w) => {
      for (let i = 0; i < perSender; i += 4)
        await Promise.all(
          Array.from({ length: 4 }, (_, j) =>
            w.client.call("messages.sendMessage", { peer, message: `m${i + j}`, random_id: randomId() }),
          ),
        );
    }),
  );
  const got = nextMessage(reader.client, last);
  await writers[0]?.client.call("messages.sendMessage", { peer, message: last, random_id: randomId() });
  await got;
  const seconds = (performance.now() - t) / 1000;
  for (const p of people) p.client.close();
  return {
    messages: senders * perSender + 1,
    seconds: round(seconds),
    per_second: round((senders * perSender + 1) / seconds, 1),
  };
}

/** Per round after a warm-up: ms from `post(round)` until every socket got a message. */
async function lastReceiverTimes(sockets: WebSocket[], rounds: number, post: (round: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let r = 0; r < rounds + 1; r++) {
    let left = sockets.length;
    const done = new Promise<number>((resolve) => {
      for (const ws of sockets)
        ws.onmessage = () => {
          if (--left === 0) resolve(performance.now());
        };
    });
    const t = performance.now();
    await post(r);
    const ms = (await done) - t;
    if (r > 0) times.push(ms); // the first warms the objects
  }
  for (const ws of sockets) ws.close();
  return times;
}

export async function fanout(sys: RunningSystem, n: number, rounds: number) {
  // Floor: one bare DO broadcasting to n raw sockets.
  const room = `fanout-${Math.random()}`;
  const sockets = await pool(Array.from({ length: n }), 50, () => baselineSocket(sys, room));
  const bare = await lastReceiverTimes(sockets, rounds, (r) =>
    fetch(`${sys.url}/dev/baseline/${room}/broadcast`, { method: "POST", body: `round ${r}` }),
  );
  progress(`  bare broadcast to ${n} sockets: ${JSON.stringify(summarize(bare))}`);

  // Floor of our shape: one object relaying to n objects (one RPC each) that each send to one socket,
  // as a chat reaches each device's own AuthKeyObject; no crypto, storage or registry lookup.
  const prefix = `relay-${Math.random()}-`;
  const own = await pool(Array.from({ length: n }), 50, (_, i) => baselineSocket(sys, `${prefix}${i}`));
  const relay = await lastReceiverTimes(own, rounds, (r) =>
    fetch(`${sys.url}/dev/baseline/relay-hub/relay?n=${n}&prefix=${encodeURIComponent(prefix)}`, {
      method: "POST",
      body: `round ${r}`,
    }),
  );
  progress(`  relay through ${n} objects, one socket each: ${JSON.stringify(summarize(relay))}`);

  // Ours: a supergroup of n members, each with a connected SDK device.
  const t0 = performance.now();
  const members = await pool(Array.from({ length: n }), 25, (_, i) => signUp(sys, `Member ${i}`));
  const setupSeconds = (performance.now() - t0) / 1000;
  progress(`  ${n} members signed up in ${round(setupSeconds, 1)} s`);
  const [owner, ...rest] = members as [Member, ...Member[]];
  const { chat } = await owner.client.call("channels.createChannel", { title: "Everyone", megagroup: true });
  for (let i = 0; i < rest.length; i += 200)
    await owner.client.call("channels.inviteToChannel", {
      channel_id: chat.id,
      users: rest.slice(i, i + 200).map((m) => m.id),
    });
  const peer: Peer = { _: "channel", id: chat.id };
  const ours: number[] = [];
  for (let r = 0; r < rounds + 1; r++) {
    const text = `hello everyone ${r} ${Math.random()}`;
    // Generous: the first round also waits out the fan-out of the joins before it.
    // Everyone but the author: the author's device reads its post from the send's result.
    const arrivals = rest.map((m) => nextMessage(m.client, text, 300_000));
    const t = performance.now();
    await owner.client.call("messages.sendMessage", { peer, message: text, random_id: randomId() });
    const lastArrival = Math.max(...(await Promise.all(arrivals)));
    if (r > 0) ours.push(lastArrival - t);
    progress(`  round ${r}: last of ${rest.length} received after ${round(lastArrival - t, 1)} ms`);
  }
  for (const m of members) m.client.close();
  const b = summarize(bare);
  const o = summarize(ours);
  const rl = summarize(relay);
  return {
    members: n,
    setup_sign_ups_s: round(setupSeconds, 1),
    last_receiver_ms: o,
    bare_broadcast_last_receiver_ms: b,
    last_receiver_over_bare_p50: ratio(o.p50, b.p50),
    relay_one_object_per_socket_last_receiver_ms: rl,
    relay_over_bare_p50: ratio(rl.p50, b.p50),
    last_receiver_over_relay_p50: ratio(o.p50, rl.p50),
  };
}

const progress = (what: string) => process.stderr.write(`[bench messaging] ${what}\n`);

export async function benchMessaging(sys: RunningSystem): Promise<Record<string, unknown>> {
  const rounds = Number(process.env.BENCH_LATENCY_ROUNDS ?? 200);
  const members = Number(process.env.BENCH_FANOUT_MEMBERS ?? 1000);
  progress("send→receive latency, interleaved with a bare echo");
  const samples = await latency(sys, rounds);
  const sendReceive = summarize(samples.ours);
  const echo = summarize(samples.echo);
  const chain = summarize(samples.chain);
  progress(`  ${JSON.stringify(sendReceive)} vs echo ${JSON.stringify(echo)}, chain floor ${JSON.stringify(chain)}`);
  progress("one-chat throughput");
  const oneChat = await throughput(
    sys,
    Number(process.env.BENCH_SENDERS ?? 5),
    Number(process.env.BENCH_PER_SENDER ?? 100),
  );
  progress(`  ${JSON.stringify(oneChat)}`);
  progress(`fan-out to ${members} members`);
  const fan = await fanout(sys, members, Number(process.env.BENCH_FANOUT_ROUNDS ?? 5));
  return {
    send_receive_ms: sendReceive,
    raw_ws_echo_rtt_ms: echo,
    send_receive_over_echo_p50: ratio(sendReceive.p50, echo.p50),
    send_receive_over_echo_p99: ratio(sendReceive.p99, echo.p99),
    private_path_floor_ms: chain,
    private_path_floor_over_echo_p50: ratio(chain.p50, echo.p50),
    send_receive_over_private_path_floor_p50: ratio(sendReceive.p50, chain.p50),
    one_chat_throughput: oneChat,
    fanout: fan,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { scratchStateDir, startLocalSystem } = await import("../scripts/local-system.ts");
  const stateDir = scratchStateDir("edgegram-bench-messaging");
  progress("starting a local system");
  const sys = await startLocalSystem({ stateDir });
  try {
    console.log(JSON.stringify(await benchMessaging(sys), null, 2));
  } catch (e) {
    console.error(sys.output().slice(-4000));
    throw e;
  } finally {
    await sys.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
