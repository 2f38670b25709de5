/**
 * The Bot API worker: `/bot<token>/<method>` over GET/POST (query, JSON,
 * urlencoded, multipart) answering `{ok, result}` or Telegram's error shape.
 * The gateway hands it /bot… and /file/bot… requests by service binding.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import { Hono } from "hono";
import { meteredEnv } from "../../core/metered-bindings.ts";
import { setMetering, takeUsage, type Usage } from "../../core/usage-meter.ts";
import { parseToken } from "../../durable-objects/bot-token.ts";
import { RpcError, toRpcError } from "../../protocol/errors.ts";
import { botContext } from "./context.ts";
import { lookupMethod, runMethod } from "./dispatch.ts";
import { toBotApiError } from "./errors.ts";
import { downloadResponse } from "./methods/files.ts";
import { readParams } from "./request.ts";

const app = new Hono<{ Bindings: BotApiEnv }>();

function fail(e: unknown): Response {
  const err = toRpcError(e);
  if (err.code >= 500) console.error("bot api failed", e);
  const body = toBotApiError(err);
  return Response.json(body, { status: body.error_code });
}

/**
 * Development only: the benchmark floor — the same path through the gateway into this worker,
 * answering a fixed sendMessage-shaped JSON with no token check, no Durable Object, no messaging.
 */
const FLOOR_RESULT = {
  ok: true,
  result: { message_id: 1, date: 0, chat: { id: 1, type: "private", first_name: "Floor" }, text: "floor" },
};
app.all("/bot:token{[^/]+}/:method", async (c) => {
  if (c.req.param("token") === "floor" && c.env.DEV_MODE === "1") return c.json(FLOOR_RESULT);
  try {
    const token = parseToken(decodeURIComponent(c.req.param("token") ?? ""));
    // Telegram answers a token that cannot be one with 404, a wrong one with 401.
    if (!token) throw new RpcError(404, "NOT_FOUND");
    const method = lookupMethod(c.req.param("method") ?? "");
    const files = new Map<string, File>();
    const ctx = botContext(c.env, token.botId, files, { secret: token.secret, free: method.free ?? false });
    // The token rides on the method's first internal call (see botContext). Whatever happened, its
    // verdict is told first: a bad token is answered 401 even when the request was also bad.
    let result: unknown;
    try {
      // An upload body may be 50 MB: the token is checked before it is read, so strangers cannot
      // make the worker buffer one (small JSON bodies keep the check riding on the method's call).
      if (/^multipart\//i.test(c.req.header("content-type") ?? ""))
        // Refused unread, the body is cancelled: left alone, the runtime would drain all of it.
        await ctx.authorized().catch(async (e) => {
          await c.req.raw.body?.cancel().catch(() => {});
          throw e;
        });
      const req = await readParams(c.req.raw);
      for (const [name, file] of req.files) files.set(name, file);
      result = await runMethod(ctx, method, req.params);
    } catch (e) {
      await ctx.authorized();
      throw e;
    }
    await ctx.authorized();
    return c.json({ ok: true, result });
  } catch (e) {
    return fail(e);
  }
});

/** File downloads for bots: the file_path from getFile, authorized by the token. */
app.get("/file/bot:token{[^/]+}/:path{.+}", async (c) => {
  try {
    const token = parseToken(decodeURIComponent(c.req.param("token") ?? ""));
    if (!token) throw new RpcError(404, "NOT_FOUND");
    const ctx = botContext(c.env, token.botId, new Map(), { secret: token.secret, free: true });
    await ctx.authorized();
    return await downloadResponse(ctx, c.req.param("path") ?? "");
  } catch (e) {
    return fail(e);
  }
});

app.notFound(() => Response.json({ ok: false, error_code: 404, description: "Not Found" }, { status: 404 }));
app.onError((e) => fail(e));

/** The worker: HTTP for bots, plus `runAsBot` for the gateway (methods returned in webhook replies). */
export default class BotApi extends WorkerEntrypoint<BotApiEnv> {
  override fetch(request: Request): Response | Promise<Response> {
    return app.fetch(request, meteredEnv(this.env), this.ctx);
  }

  /**
   * The usage meter of this isolate, for the gateway's development route only (RPC methods are reachable
   * only through the gateway's service binding): "on"/"off" switch it and reset, "take" reads and resets.
   */
  devUsage(op: "on" | "off" | "take"): Usage {
    if (op !== "take") setMetering(op === "on");
    return takeUsage();
  }

  /** Runs one Bot API method as an already authenticated bot (it answered our webhook with it; no one reads the result). */
  async runAsBot(botId: number, method: string, params: Record<string, unknown>): Promise<void> {
    const m = lookupMethod(method);
    await runMethod(botContext(meteredEnv(this.env), botId, new Map(), null), m, params);
  }
}
