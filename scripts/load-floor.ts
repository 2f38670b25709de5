/**
 * The floor of `npm run load`'s server CPU: the same number of sends to the same groups, made by bare
 * Durable Objects (durable-objects/baseline-object.ts) broadcasting to bare WebSockets, with no
 * crypto, storage, sessions or access checks. Each send is one POST to its group's object.
 */
import type { LocalSystem } from "./local-system.ts";
import { cpuSeconds } from "./workerd-procs.ts";

const CONCURRENCY = 16;
const OPEN_BATCH = 200;

export interface FloorCpu {
  sends: number;
  deliveries: number;
  seconds: number;
  per_1000_deliveries: number;
}

/** Opens `clients` bare sockets in groups of `perChat`, broadcasts `sends` times, and reads workerd CPU. */
export async function floorCpu(
  sys: LocalSystem,
  workerd: number[],
  opts: { clients: number; perChat: number; sends: number },
): Promise<FloorCpu> {
  const groups = Math.max(1, Math.ceil(opts.clients / opts.perChat));
  let delivered = 0;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < opts.clients; i += OPEN_BATCH) {
    const batch = Array.from({ length: Math.min(OPEN_BATCH, opts.clients - i) }, (_, k) => {
      const ws = new WebSocket(`${sys.url.replace("http", "ws")}/dev/baseline/load-floor-${(i + k) % groups}`);
      ws.onmessage = () => delivered++;
      return new Promise<WebSocket>((resolve, reject) => {
        ws.onopen = () => resolve(ws);
        ws.onerror = () => reject(new Error("floor socket failed"));
      });
    });
    sockets.push(...(await Promise.all(batch)));
  }
  const cpu0 = cpuSeconds(workerd);
  let next = 0;
  let sentTo = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < opts.sends) {
        const group = next++ % groups;
        const r = await fetch(`${sys.url}/dev/baseline/load-floor-${group}/broadcast`, {
          method: "POST",
          body: `t=${Date.now()} floor`,
        });
        sentTo += ((await r.json()) as { sent: number }).sent;
      }
    }),
  );
  // Every broadcast said how many sockets it wrote to: wait until they all arrived (or 30 s).
  const deadline = Date.now() + 30_000;
  while (delivered < sentTo && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const seconds = cpuSeconds(workerd) - cpu0;
  for (const ws of sockets) ws.close();
  return {
    sends: opts.sends,
    deliveries: delivered,
    seconds: Number(seconds.toFixed(2)),
    per_1000_deliveries: delivered > 0 ? Number(((seconds / delivered) * 1000).toFixed(3)) : 0,
  };
}
