/**
 * Development-only surface: sign-in codes, benchmark baselines and the core-send reference. Only a
 * development build includes this module (__DEV_ROUTES__, see index.ts), and even there it answers
 * only with DEV_MODE=1 and only to loopback, so a mistaken variable on a deployed worker opens nothing.
 */
import type { Hono } from "hono";
import { directoryOf } from "../../core/objects.ts";
import { normalizePhone } from "../../core/rpc/auth.ts";
import { callCore } from "../../core/rpc/call.ts";
import { addUsage, emptyUsage, setMetering, takeUsage, type Usage } from "../../core/usage-meter.ts";
import { randomDecimalId } from "../../protocol/binary.ts";
import { toRpcError } from "../../protocol/errors.ts";
import { mountDevBulkRoutes } from "./dev-bulk-routes.ts";

const errorJson = (code: number, message: string) => ({ error: { code, message } });

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const LOOPBACK_IP = /^(127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/i;

/**
 * Both the address the request was sent to and the client's address (cf-connecting-ip, which Cloudflare
 * sets and clients cannot forge; wrangler dev sets it to the loopback peer) must be this machine's.
 */
export function fromLoopback(req: Request): boolean {
  const ip = req.headers.get("cf-connecting-ip");
  return LOOPBACK_HOST.test(new URL(req.url).hostname) && (ip === null || LOOPBACK_IP.test(ip));
}

export function mountDevRoutes(app: Hono<{ Bindings: Env }>): void {
  app.use("/dev/*", async (c, next) => {
    if (c.env.DEV_MODE !== "1" || !fromLoopback(c.req.raw)) return c.json(errorJson(404, "NOT_FOUND"), 404);
    await next();
  });

  /** The latest sign-in code for a phone (clients and tests read codes here in development). */
  app.get("/dev/codes/:phone", async (c) => {
    const code = await directoryOf(c.env).devLatestCode(normalizePhone(c.req.param("phone")));
    return code ? c.json({ code }) : c.json(errorJson(404, "PHONE_CODE_NOT_FOUND"), 404);
  });

  /**
   * The usage meter of every worker: this isolate (the gateway and the objects it hosts) and, through
   * their service bindings, the media worker (uploads, R2, KV) and the Bot API worker.
   * `POST /dev/usage?on=1|0` switches them all and resets; `GET /dev/usage` answers the summed counts
   * since the last read (and each worker's under `workers`) and resets them.
   */
  app.post("/dev/usage", async (c) => {
    const on = c.req.query("on") === "1";
    setMetering(on);
    takeUsage();
    await Promise.all([c.env.MEDIA?.devUsage(on ? "on" : "off"), c.env.BOT_API?.devUsage(on ? "on" : "off")]);
    return c.json({ ok: true });
  });
  app.get("/dev/usage", async (c) => {
    const gateway = takeUsage();
    const [media, botApi] = await Promise.all([
      c.env.MEDIA ? c.env.MEDIA.devUsage("take") : emptyUsage(),
      c.env.BOT_API ? c.env.BOT_API.devUsage("take") : emptyUsage(),
    ]);
    const total = [media, botApi].reduce<Usage>((sum, u) => addUsage(sum, u as Usage), gateway);
    return c.json({ ...total, workers: { gateway, media, botApi } });
  });
  mountDevBulkRoutes(app);

  /**
   * Benchmark baselines — a bare DO WebSocket echo, a bare DO broadcast to all its sockets, a bare DO
   * SQLite insert per request, a relay through N objects with one socket each, and a chain of objects that
   * store and pass on a socket's messages (`/dev/baseline/<name>` upgrade, `?chain=<prefix>&hops=<n>` for
   * the chain; `POST /dev/baseline/<name>/broadcast`; `POST /dev/baseline/<name>/insert`;
   * `POST /dev/baseline/<name>/relay?n=&prefix=`).
   */
  app.all("/dev/baseline/:name/:op{broadcast|insert|relay}?", async (c) => {
    if (!c.env.BASELINE) return c.json(errorJson(404, "NOT_FOUND"), 404);
    return c.env.BASELINE.get(c.env.BASELINE.idFromName(c.req.param("name"))).fetch(c.req.raw);
  });

  /**
   * The messaging core's send with no Bot API layer in front. Runs messages.sendMessage as user `from`
   * to user `chat_id` through the same dispatch a bot's call takes (callCore), straight from the gateway:
   * no Bot API worker, no BotObject, no token or flood check. The bench measures the Bot API's sendMessage
   * against it to tell what the Bot API layer itself adds (`POST /dev/core-send`, JSON
   * `{ from, chat_id, text }`; a sent message is answered in the Bot API's shape, an error in the
   * gateway's `{ error: { code, message } }`).
   */
  app.post("/dev/core-send", async (c) => {
    const p = await c.req.json<{ from?: unknown; chat_id?: unknown; text?: unknown }>().catch(() => null);
    if (!p || !Number.isSafeInteger(p.from) || !Number.isSafeInteger(p.chat_id) || typeof p.text !== "string")
      return c.json(errorJson(400, "INPUT_INVALID"), 400);
    try {
      const { result } = await callCore(c.env, { kind: "bot", userId: p.from as number }, "messages.sendMessage", {
        peer: { _: "user", id: p.chat_id as number },
        message: p.text,
        random_id: randomDecimalId(),
      });
      const m = result.message;
      return c.json({ ok: true, result: { message_id: m.id, date: m.date, chat: { id: p.chat_id, type: "private" } } });
    } catch (e) {
      const err = toRpcError(e);
      return c.json(errorJson(err.code, err.text), err.code as 400);
    }
  });
}
