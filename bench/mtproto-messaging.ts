/**
 * Send → receive between two GramJS users (the receiver's update pushed over MTProto), sampled
 * round by round beside two Edgegram SDK users and the bare WebSocket echo, so all three series see
 * the same moment of the machine.
 */
import bigInt from "big-integer";
import { Api, TelegramClient } from "telegram";
import { Raw } from "telegram/events/index.js";
import { ConnectionTCPObfuscated } from "telegram/network/connection/index.js";
import { MemorySession } from "telegram/sessions/index.js";
import { devSignUp } from "../scripts/dev-account.ts";
import { localWebSockets } from "../test/e2e/mtproto/server-key.ts";
import { echoSocket } from "./session.ts";
import { ratio, summarize } from "./stats.ts";

export interface Sys {
  url: string;
  port: number;
  serverKey: string;
}

let seq = 0;
const phone = () => `+5${String(Date.now()).slice(-8)}${String(++seq).padStart(4, "0")}`;

export async function gramUser(sys: Sys, name: string): Promise<{ client: TelegramClient; username: string }> {
  const client = new TelegramClient(new MemorySession(), 1, "0123456789abcdef0123456789abcdef", {
    connection: ConnectionTCPObfuscated,
    networkSocket: localWebSockets(sys.port),
    // GramJS fails one handshake in 256 by its own check (test/e2e/mtproto/gramjs-client.ts): a retry, so one
    // such user does not end the run. (Not timed here: these users only set up the measurements.)
    connectionRetries: 3,
  });
  client.setLogLevel("none" as never);
  client.session.setDC(2, new URL(sys.url).hostname, sys.port);
  const p = phone();
  await client.start({
    phoneNumber: p,
    phoneCode: async () => {
      const res = await fetch(`${sys.url}/dev/codes/${encodeURIComponent(p)}`);
      return ((await res.json()) as { code: string }).code;
    },
    firstAndLastNames: async () => [name, ""],
    onError: (e) => {
      throw e;
    },
  });
  const username = `bench${Date.now().toString(36)}${++seq}`;
  await client.invoke(new Api.account.UpdateUsername({ username }));
  return { client, username };
}

/** Resolves with the time the text's push arrives (short or full form). */
function arrival(waiters: Map<string, (t: number) => void>, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`"${text}" was not pushed within 30 s`)), 30_000);
    waiters.set(text, (t) => {
      clearTimeout(timer);
      resolve(t);
    });
  });
}

export async function mtprotoSendReceive(sys: Sys, rounds: number) {
  const alice = await gramUser(sys, "Alice");
  const bob = await gramUser(sys, "Bob");
  const waiters = new Map<string, (t: number) => void>();
  bob.client.addEventHandler((u: { className: string; message?: unknown }) => {
    const text = typeof u.message === "string" ? u.message : (u.message as { message?: string } | undefined)?.message;
    const done = text === undefined ? undefined : waiters.get(text);
    if (done && text !== undefined) {
      waiters.delete(text);
      done(performance.now());
    }
  }, new Raw({}));
  await bob.client.invoke(new Api.updates.GetState());
  const r = await alice.client.invoke(new Api.contacts.ResolveUsername({ username: bob.username }));
  const u = r.users[0] as Api.User;
  const peer = new Api.InputPeerUser({ userId: u.id, accessHash: u.accessHash! });

  const sdkAlice = await devSignUp(sys, phone(), "Sdk Alice");
  const sdkBob = await devSignUp(sys, phone(), "Sdk Bob");
  const ws = await echoSocket(sys.url);

  const gram = async (i: number) => {
    const text = `gram ${i} ${Math.random()}`;
    const got = arrival(waiters, text);
    const t = performance.now();
    await alice.client.invoke(
      new Api.messages.SendMessage({ peer, message: text, randomId: bigInt(Date.now() * 1000 + i) }),
    );
    return (await got) - t;
  };
  const sdk = async (i: number) => {
    const text = `sdk ${i} ${Math.random()}`;
    const got = new Promise<number>((resolve) => {
      const off = sdkBob.client.onUpdates((us) => {
        if ((us as { message?: { message?: string } }[]).some((x) => x.message?.message === text)) {
          off();
          resolve(performance.now());
        }
      });
    });
    const t = performance.now();
    await sdkAlice.client.call("messages.sendMessage", {
      peer: { _: "user", id: sdkBob.id },
      message: text,
      random_id: String(Date.now() * 1000 + i),
    });
    return (await got) - t;
  };
  for (let i = 0; i < 20; i++) {
    await gram(i);
    await sdk(i);
  }
  const g: number[] = [];
  const s: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < rounds; i++) {
    e.push(await ws.rtt());
    g.push(await gram(i));
    s.push(await sdk(i));
  }
  ws.close();
  await alice.client.destroy();
  await bob.client.destroy();
  sdkAlice.client.close();
  sdkBob.client.close();
  const gs = summarize(g);
  const ss = summarize(s);
  const es = summarize(e);
  return {
    gramjs_send_receive_ms: gs,
    sdk_send_receive_ms: ss,
    raw_ws_echo_rtt_ms: es,
    gramjs_over_sdk_p50: ratio(gs.p50, ss.p50),
    gramjs_over_echo_p50: ratio(gs.p50, es.p50),
  };
}
