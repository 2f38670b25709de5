/**
 * Open sockets that fall idle are closed when their shard is awake (an alarm, a push, any frame); keepalives
 * (answered by the runtime) keep them open, and open sockets alone set no alarm.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { authKeyObjectOf } from "../../core/objects.ts";
import { IdleSweep } from "../../durable-objects/device-socket.ts";
import {
  encodeUpdates,
  WS_CLOSE_IDLE_TIMEOUT,
  WS_HELLO_TIMEOUT_MS,
  WS_IDLE_TIMEOUT_MS,
  WS_KEEPALIVE_PING,
  WS_KEEPALIVE_PONG,
} from "../../protocol/transport.ts";
import { RawDevice } from "./raw-device.ts";

const shardOf = (authKeyId: string) => authKeyObjectOf(env as never, authKeyId);

/** Makes the device's open sockets look as if their last frame came `ago` ms ago. */
const lastFrameAgo = (dev: RawDevice, ago: number) =>
  runInDurableObject(shardOf(dev.authKeyId), (_obj, state) => {
    for (const ws of state.getWebSockets(dev.authKeyId)) {
      const st = ws.deserializeAttachment() as { phase: string; seen?: number };
      if (st.phase === "open") ws.serializeAttachment({ ...st, seen: Date.now() - ago });
    }
  });

async function keepalive(dev: RawDevice): Promise<void> {
  const before = dev.texts.length;
  dev.ws.send(WS_KEEPALIVE_PING);
  const deadline = Date.now() + 5000;
  while (dev.texts.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(dev.texts.at(-1)).toBe(WS_KEEPALIVE_PONG);
}

async function closedWithin(dev: RawDevice, ms: number) {
  const deadline = Date.now() + ms;
  while (!dev.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return dev.closed;
}

describe("idle sockets", () => {
  it("closes an open socket silent past the idle limit with 4409, and keeps one that sent its keepalive", async () => {
    const idle = await RawDevice.connect();
    const alive = await RawDevice.connect();
    await keepalive(alive);
    await lastFrameAgo(idle, WS_IDLE_TIMEOUT_MS + 1000);
    await lastFrameAgo(alive, WS_IDLE_TIMEOUT_MS + 1000);
    for (const dev of [idle, alive]) await runDurableObjectAlarm(shardOf(dev.authKeyId));
    expect(await closedWithin(idle, 5000)).toMatchObject({ code: WS_CLOSE_IDLE_TIMEOUT });
    expect(await closedWithin(alive, 500)).toBeNull();
    await keepalive(alive); // still open and answered
  });

  it("keeps a socket whose last frame is within the limit", async () => {
    const dev = await RawDevice.connect();
    await lastFrameAgo(dev, WS_IDLE_TIMEOUT_MS - 60_000);
    await runDurableObjectAlarm(shardOf(dev.authKeyId));
    expect(await closedWithin(dev, 500)).toBeNull();
  });

  it("keeps no alarm for open sockets, and closes an idle one when the shard wakes for something else", async () => {
    const dev = await RawDevice.connect();
    expect(await dev.call("help.getConfig")).toBeTruthy(); // open and bound to its session
    const shard = shardOf(dev.authKeyId);
    await runDurableObjectAlarm(shard); // the hello's deadline, if still pending
    // Nothing due for the open socket's idle limit: a shard whose sockets hibernate is not woken for them.
    // (Another test's socket in this shard may still be waiting for its hello, due within seconds.)
    const alarm = await runInDurableObject(shard, (_obj, state) => state.storage.getAlarm());
    const now = Date.now();
    expect(alarm === null || alarm <= now + WS_HELLO_TIMEOUT_MS || alarm > now + WS_IDLE_TIMEOUT_MS).toBe(true);
    await lastFrameAgo(dev, WS_IDLE_TIMEOUT_MS + 1000);
    // As a freshly woken instance: its memory of the next idle deadline went while the sockets hibernated.
    await runInDurableObject(shard, (obj) => {
      (obj as unknown as { idleSweep: IdleSweep }).idleSweep = new IdleSweep();
    });
    await shard.push([], encodeUpdates([]));
    expect(await closedWithin(dev, 5000)).toMatchObject({ code: WS_CLOSE_IDLE_TIMEOUT });
  });
});
