/**
 * Session costs against a running local system: handshake time (auth key
 * creation, and per-connection keys), and an encrypted RPC round trip vs a
 * plain WebSocket echo through a bare Durable Object on the same server.
 */
import { EdgegramClient } from "../clients/sdk/index.ts";
import { ratio, summarize, timeIt } from "./stats.ts";

export interface RunningSystem {
  url: string;
  serverKey: string;
}

export async function echoSocket(url: string): Promise<{ rtt: () => Promise<number>; close: () => void }> {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/dev/baseline/echo-${Math.random()}`);
  ws.binaryType = "arraybuffer";
  await new Promise((r, j) => {
    ws.onopen = r;
    ws.onerror = j;
  });
  const payload = new Uint8Array(120); // about the size of a small encrypted RPC frame
  return {
    rtt: () =>
      new Promise<number>((resolve) => {
        const t = performance.now();
        ws.onmessage = () => resolve(performance.now() - t);
        ws.send(payload);
      }),
    close: () => ws.close(),
  };
}

export async function benchSession(sys: RunningSystem, rounds = 300) {
  const handshakes: number[] = [];
  const connects: number[] = [];
  for (let i = 0; i < 20; i++) {
    const c = new EdgegramClient({ server: sys.url, serverKey: sys.serverKey, autoReconnect: false });
    handshakes.push(await timeIt(() => c.connect()));
    c.dropConnection();
    connects.push(await timeIt(() => c.connect()));
    c.close();
  }
  const client = new EdgegramClient({ server: sys.url, serverKey: sys.serverKey });
  await client.connect();
  const echo = await echoSocket(sys.url);
  const rpc: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < 20; i++) {
    await client.call("help.getConfig", {});
    await echo.rtt();
  }
  // Interleaved so machine noise hits both alike.
  for (let i = 0; i < rounds; i++) {
    rpc.push(await timeIt(() => client.call("help.getConfig", {})));
    raw.push(await echo.rtt());
  }
  client.close();
  echo.close();
  const r = summarize(rpc);
  const e = summarize(raw);
  return {
    new_auth_key_and_connect_ms: summarize(handshakes),
    reconnect_existing_key_ms: summarize(connects),
    encrypted_rpc_rtt_ms: r,
    raw_ws_echo_rtt_ms: e,
    rpc_over_echo_p50: ratio(r.p50, e.p50),
    rpc_over_echo_p99: ratio(r.p99, e.p99),
  };
}
