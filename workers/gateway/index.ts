/**
 * The gateway worker: the edge entry for clients. Creates auth keys, routes
 * each device's WebSocket and HTTP-fallback frames to its AuthKeyObject,
 * and serves signed files. Exports the core objects. Development-only
 * routes live in dev-routes.ts, which production builds leave out.
 */
import { Hono } from "hono";
import { botFatherReady } from "../../core/bot-father-account.ts";
import { checkIpLimit, limitedIp } from "../../core/client-ip.ts";
import { meteredEnv } from "../../core/metered-bindings.ts";
import { authKeyObjectOf } from "../../core/objects.ts";
import { serveSignedFile } from "../../core/rpc/upload.ts";
import { count, meteringOn } from "../../core/usage-meter.ts";
import { AuthKeyObject as AuthKeyObjectClass } from "../../durable-objects/auth-key-object.ts";
import { BotObject as BotObjectClass } from "../../durable-objects/bot-object.ts";
import { ChatObject as ChatObjectClass } from "../../durable-objects/chat-object.ts";
import { DirectoryObject as DirectoryObjectClass } from "../../durable-objects/directory-object.ts";
import { meteredObject } from "../../durable-objects/metered-object.ts";
import { UserObject as UserObjectClass } from "../../durable-objects/user-object.ts";
import { toHex } from "../../protocol/binary.ts";
import { BODY_READ_TIMEOUT_MS, readBounded } from "../../protocol/bounded-read.ts";
import { RpcError, toRpcError } from "../../protocol/errors.ts";
import { MAX_FRAME_SIZE } from "../../protocol/frame.ts";
import { HELLO_SIZE, serverCreateAuthKey, serverIdentityFromSeed } from "../../protocol/handshake.ts";
import { mountDevRoutes } from "./dev-routes.ts";
import { mountMtproto } from "./mtproto/routes.ts";

export { BaselineObject } from "../../durable-objects/baseline-object.ts";

// The objects as the runtime hosts them: metered (usage meter, off unless the bench switches it on).
export const AuthKeyObject = meteredObject(AuthKeyObjectClass);
export type AuthKeyObject = AuthKeyObjectClass;
export const BotObject = meteredObject(BotObjectClass);
export type BotObject = BotObjectClass;
export const ChatObject = meteredObject(ChatObjectClass);
export type ChatObject = ChatObjectClass;
export const DirectoryObject = meteredObject(DirectoryObjectClass);
export type DirectoryObject = DirectoryObjectClass;
export const UserObject = meteredObject(UserObjectClass);
export type UserObject = UserObjectClass;

const AUTH_KEY_ID = /^[0-9a-f]{16}$/;

const app = new Hono<{ Bindings: Env }>();

const errorJson = (code: number, message: string) => ({ error: { code, message } });

/**
 * A malformed or placeholder identity seed stops the gateway: every request answers 500
 * SERVER_MISCONFIGURED and the log says which secret is wrong, instead of signing with a weak key.
 */
let checkedSeed: string | null = null;
app.use("*", async (c, next) => {
  if (meteringOn()) {
    // A request from outside is billed once; what the gateway hands on through service bindings is not.
    if (!c.req.path.startsWith("/dev/")) count("workerRequests");
    c.env = meteredEnv(c.env);
  }
  if (c.env.SERVER_IDENTITY_KEY !== checkedSeed) {
    try {
      serverIdentityFromSeed(c.env.SERVER_IDENTITY_KEY ?? "");
      checkedSeed = c.env.SERVER_IDENTITY_KEY;
    } catch (e) {
      console.error(`gateway refuses to serve: ${(e as Error).message}`);
      return c.json(errorJson(500, "SERVER_MISCONFIGURED"), 500);
    }
  }
  await next();
});

app.get("/health", (c) => c.json({ ok: true }));

/** The server's Ed25519 public key. Clients should pin it out of band; this is for tooling and the served web app. */
app.get("/v1/server-key", (c) =>
  c.json({ public_key: toHex(serverIdentityFromSeed(c.env.SERVER_IDENTITY_KEY).publicKey) }),
);

/**
 * Creates an auth key: body is the 68-byte client hello, reply the 132-byte signed server hello. The
 * body is read through a cap of exactly one hello: a longer one is refused as soon as it passes it.
 */
app.post("/v1/auth_key", async (c) => {
  const read = await readBounded(c.req.raw.body, HELLO_SIZE, BODY_READ_TIMEOUT_MS, c.req.header("content-length"));
  if (!read.ok && read.reason === "timeout") return c.json(errorJson(408, "REQUEST_TIMEOUT"), 408);
  if (!read.ok) return c.json(errorJson(400, "HANDSHAKE_INVALID"), 400);
  const hello = read.bytes;
  try {
    await checkIpLimit(c.env.HANDSHAKE_LIMITER, limitedIp(c.req.raw.headers, c.env));
    const { reply, authKey, authKeyId } = serverCreateAuthKey(hello, serverIdentityFromSeed(c.env.SERVER_IDENTITY_KEY));
    await authKeyObjectOf(c.env, authKeyId).create(authKey, authKeyId);
    // A client's first contact: BotFather must be there before it looks (a failure is logged; the next try repeats it).
    c.executionCtx.waitUntil(botFatherReady(c.env).catch(() => {}));
    return new Response(reply, { headers: { "content-type": "application/octet-stream" } });
  } catch (e) {
    const err = toRpcError(e);
    return c.json(errorJson(err.code, err.text), err.code as 400);
  }
});

/**
 * A refused upgrade still upgrades: browsers hide the status and body of a failed upgrade, so the
 * refusal comes as the documented handshake error (one text message `{"error":{code,message}}`), then a
 * close with 4000 + the code (4400, 4420 …; 1011 for a server fault), as for the AuthKeyObject's own refusals.
 */
function refuseUpgrade(err: RpcError): Response {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  server.send(JSON.stringify({ error: { code: err.code, message: err.text } }));
  server.close(err.code >= 400 && err.code < 500 ? 4000 + err.code : 1011, err.text);
  return new Response(null, { status: 101, webSocket: client });
}

app.all("/v1/ws/:authKeyId", async (c) => {
  const id = c.req.param("authKeyId");
  const upgrade = c.req.header("Upgrade")?.toLowerCase() === "websocket";
  if (!AUTH_KEY_ID.test(id)) {
    const err = new RpcError(400, "AUTH_KEY_ID_INVALID");
    return upgrade ? refuseUpgrade(err) : c.json(errorJson(err.code, err.text), 400);
  }
  if (!upgrade) return c.json(errorJson(426, "UPGRADE_REQUIRED"), 426);
  try {
    await checkIpLimit(c.env.HANDSHAKE_LIMITER, limitedIp(c.req.raw.headers, c.env));
  } catch (e) {
    return refuseUpgrade(toRpcError(e));
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
  // One frame at most (a connect hello is smaller), read here so the object never buffers more.
  const read = await readBounded(c.req.raw.body, MAX_FRAME_SIZE, BODY_READ_TIMEOUT_MS, c.req.header("content-length"));
  if (!read.ok && read.reason === "timeout") return c.json(errorJson(408, "REQUEST_TIMEOUT"), 408);
  if (!read.ok) return c.json(errorJson(413, "FRAME_TOO_LARGE"), 413);
  const headers = new Headers(c.req.raw.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  return authKeyObjectOf(c.env, id).fetch(new Request(c.req.url, { method: "POST", headers, body: read.bytes }));
});

/** MTProto 2.0 for Telegram clients: WebSocket /apiws and HTTP POST /api (docs/mtproto.md). */
mountMtproto(app);

/**
 * Development builds only: wrangler.toml defines __DEV_ROUTES__ as false, so `wrangler deploy` drops the
 * branch and the module with it (npm run deploy:check verifies); `npm start` and the tests define it true.
 */
declare const __DEV_ROUTES__: boolean;
if (__DEV_ROUTES__) mountDevRoutes(app);

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
