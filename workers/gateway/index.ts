/**
 * The gateway worker: the edge entry for clients. Creates auth keys, routes
 * each device's WebSocket and HTTP-fallback frames to its AuthKeyObject,
 * and (in development only) shows sign-in codes. Exports the core objects.
 */
import { Hono } from "hono";
import { checkIpLimit, limitedIp } from "../../core/client-ip.ts";
import { authKeyObjectOf, directoryOf } from "../../core/objects.ts";
import { normalizePhone } from "../../core/rpc/auth.ts";
import { callCore } from "../../core/rpc/call.ts";
import { serveSignedFile } from "../../core/rpc/upload.ts";
import { randomDecimalId, toHex } from "../../protocol/binary.ts";
import { toRpcError } from "../../protocol/errors.ts";
import { HELLO_SIZE, serverCreateAuthKey, serverIdentityFromSeed } from "../../protocol/handshake.ts";

export { AuthKeyObject } from "../../durable-objects/auth-key-object.ts";
export { BaselineObject } from "../../durable-objects/baseline-object.ts";
export { BotObject } from "../../durable-objects/bot-object.ts";
export { ChatObject } from "../../durable-objects/chat-object.ts";
export { DirectoryObject } from "../../durable-objects/directory-object.ts";
export { UserObject } from "../../durable-objects/user-object.ts";

const AUTH_KEY_ID = /^[0-9a-f]{16}$/;

const app = new Hono<{ Bindings: Env }>();

const errorJson = (code: number, message: string) => ({ error: { code, message } });

app.get("/health", (c) => c.json({ ok: true }));

/** The server's Ed25519 public key. Clients should pin it out of band; this is for tooling and the served web app. */
app.get("/v1/server-key", (c) =>
  c.json({ public_key: toHex(serverIdentityFromSeed(c.env.SERVER_IDENTITY_KEY).publicKey) }),
);

/** Creates an auth key: body is the 68-byte client hello, reply the 132-byte signed server hello. */
app.post("/v1/auth_key", async (c) => {
  const len = Number(c.req.header("content-length") ?? "0");
  if (len > HELLO_SIZE * 2) return c.json(errorJson(400, "HANDSHAKE_INVALID"), 400);
  const hello = new Uint8Array(await c.req.arrayBuffer());
  try {
    await checkIpLimit(c.env.HANDSHAKE_LIMITER, limitedIp(c.req.raw.headers, c.env));
    const { reply, authKey, authKeyId } = serverCreateAuthKey(hello, serverIdentityFromSeed(c.env.SERVER_IDENTITY_KEY));
    await authKeyObjectOf(c.env, authKeyId).create(authKey, authKeyId);
    return new Response(reply, { headers: { "content-type": "application/octet-stream" } });
  } catch (e) {
    const err = toRpcError(e);
    return c.json(errorJson(err.code, err.text), err.code as 400);
  }
});

app.all("/v1/ws/:authKeyId", async (c) => {
  const id = c.req.param("authKeyId");
  if (!AUTH_KEY_ID.test(id)) return c.json(errorJson(400, "AUTH_KEY_ID_INVALID"), 400);
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") return c.json(errorJson(426, "UPGRADE_REQUIRED"), 426);
  try {
    await checkIpLimit(c.env.HANDSHAKE_LIMITER, limitedIp(c.req.raw.headers, c.env));
  } catch (e) {
    const err = toRpcError(e);
    return c.json(errorJson(err.code, err.text), 429);
  }
  return authKeyObjectOf(c.env, id).fetch(c.req.raw);
});

app.post("/v1/http/:authKeyId/:step{connect}?", async (c) => {
  const id = c.req.param("authKeyId");
  if (!AUTH_KEY_ID.test(id)) return c.json(errorJson(400, "AUTH_KEY_ID_INVALID"), 400);
  if (c.req.param("step")) {
    // A connect is a handshake like the others: limited per address before the object does any work.
    try {
      await checkIpLimit(c.env.HANDSHAKE_LIMITER, limitedIp(c.req.raw.headers, c.env));
    } catch (e) {
      const err = toRpcError(e);
      return c.json(errorJson(err.code, err.text), 429);
    }
  }
  return authKeyObjectOf(c.env, id).fetch(c.req.raw);
});

/** Development only: the latest sign-in code for a phone. Absent (404) unless DEV_MODE=1. */
app.get("/dev/codes/:phone", async (c) => {
  if (c.env.DEV_MODE !== "1") return c.notFound();
  const code = await directoryOf(c.env).devLatestCode(normalizePhone(c.req.param("phone")));
  return code ? c.json({ code }) : c.json(errorJson(404, "PHONE_CODE_NOT_FOUND"), 404);
});

/**
 * Development only: benchmark baselines — a bare DO WebSocket echo, a bare DO broadcast to all its
 * sockets, a bare DO SQLite insert per request, and a relay through N objects with one socket each
 * (`/dev/baseline/<name>` upgrade; `POST /dev/baseline/<name>/broadcast`; `POST /dev/baseline/<name>/insert`;
 * `POST /dev/baseline/<name>/relay?n=&prefix=`).
 */
app.all("/dev/baseline/:name/:op{broadcast|insert|relay}?", async (c) => {
  if (c.env.DEV_MODE !== "1" || !c.env.BASELINE) return c.notFound();
  return c.env.BASELINE.get(c.env.BASELINE.idFromName(c.req.param("name"))).fetch(c.req.raw);
});

/**
 * Development only: the messaging core's send with no Bot API layer in front. Runs
 * messages.sendMessage as user `from` to user `chat_id` through the same dispatch a bot's call takes
 * (callCore), straight from the gateway: no Bot API worker, no BotObject, no token or flood check.
 * The bench measures the Bot API's sendMessage against it to tell what the Bot API layer itself adds
 * (`POST /dev/core-send`, JSON `{ from, chat_id, text }`; a sent message is answered in the Bot API's
 * shape, an error in the gateway's `{ error: { code, message } }`).
 */
app.post("/dev/core-send", async (c) => {
  if (c.env.DEV_MODE !== "1") return c.notFound();
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

/**
 * The Bot API lives in its own worker; the gateway's port is the one address bots are given. The
 * request is handed over as its parts: passing the Request itself makes the runtime deep-copy its
 * `cf` object, which the Bot API never reads (measured: ~2% of a bot's sendMessage CPU locally).
 */
const toBotApi = (c: { env: Env; req: { raw: Request } }) => {
  const { url, method, headers, body } = c.req.raw;
  return c.env.BOT_API
    ? c.env.BOT_API.fetch(url, { method, headers, body })
    : Response.json({ ok: false, error_code: 404, description: "Not Found" }, { status: 404 });
};
app.all("/bot*", (c) => toBotApi(c));
app.all("/file/bot*", (c) => toBotApi(c));

/** Signed media downloads (Range supported), minted by upload.getFileUrl; the media worker checks the signature. */
app.get("/files/:token", (c) => serveSignedFile(c.env, c.req.raw));

app.notFound((c) => c.json(errorJson(404, "NOT_FOUND"), 404));
app.onError((e, c) => {
  console.error("gateway error", e);
  return c.json(errorJson(500, "INTERNAL"), 500);
});

export default app satisfies ExportedHandler<Env>;
