/**
 * getUpdates with a timeout: the worker, not the BotObject, holds the wait. It looks once; if nothing is
 * queued it waits on a hibernatable socket to the object (durable-objects/bot-poll-wait.ts) for "ready",
 * "terminated" or its own timeout, so an idle poll keeps no object awake.
 */
import type { BotObject, GetUpdatesParams } from "../../durable-objects/bot-object.ts";
import { POLL_TERMINATED } from "../../durable-objects/bot-poll-wait.ts";
import type { StoredUpdate } from "../../durable-objects/bot-updates.ts";
import { MAX_POLL_S } from "../../durable-objects/bot-updates.ts";
import { Errors } from "../../protocol/errors.ts";

type Outcome = "ready" | "terminated" | "timeout";

function waitOn(ws: WebSocket, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("timeout"), timeoutMs);
    const settle = (o: Outcome) => {
      clearTimeout(timer);
      resolve(o);
    };
    ws.addEventListener("message", (e) => settle(e.data === POLL_TERMINATED ? "terminated" : "ready"));
    // The object went away (restart, eviction with a code update): look again rather than wait blind.
    ws.addEventListener("close", (e) => settle(e.reason === POLL_TERMINATED ? "terminated" : "ready"));
    ws.addEventListener("error", () => settle("ready"));
  });
}

export async function longPoll(bot: DurableObjectStub<BotObject>, p: GetUpdatesParams): Promise<StoredUpdate[]> {
  const timeoutMs = Math.min(MAX_POLL_S, Math.max(0, p.timeout ?? 0)) * 1000;
  // The stub's mapped result type loses the updates' shape (unknown payloads); it is the object's array.
  const found = (await bot.getUpdates({ ...p, timeout: 0 })) as StoredUpdate[];
  if (found.length > 0 || timeoutMs === 0) return found;
  const res = await bot.fetch("https://bot/poll-wait", { headers: { Upgrade: "websocket" } });
  const ws = res.webSocket;
  if (!ws) throw Errors.internal("POLL_WAIT_FAILED");
  ws.accept();
  const outcome = await waitOn(ws, timeoutMs);
  try {
    ws.close(1000, "done");
  } catch {
    // closed by the object already
  }
  if (outcome === "terminated") throw Errors.conflict("GETUPDATES_TERMINATED");
  // A timeout answers nothing, as Telegram does; an update queued at that instant waits for the next poll.
  if (outcome === "timeout") return [];
  return (await bot.getUpdates({ offset: p.offset, limit: p.limit, timeout: 0 }, true)) as StoredUpdate[];
}
