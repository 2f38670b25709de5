/**
 * The MTProto transports at the edge: WebSocket /apiws is handed to an AuthKeyObject shard chosen for
 * the connection (it holds the socket with hibernation); HTTP POST /api carries one packet per request
 * and is forwarded by its auth_key_id (or, for a handshake, by its nonce).
 */
import type { Hono } from "hono";
import { checkIpLimit, limitedIp } from "../../../core/client-ip.ts";
import { AUTH_KEY_SHARDS, authKeyShardObject } from "../../../core/objects.ts";
import { MAX_WIRE_MESSAGE } from "../../../durable-objects/mtproto-codec-state.ts";
import { forward, MT_SHARD_HEADER } from "../../../durable-objects/mtproto-socket.ts";
import { transportErrorPayload } from "../../../protocol/mtproto/transport/codec.ts";

const octets = { "content-type": "application/octet-stream" };

/** The transport error as MTProto's HTTP transport sends it: the 4-byte code as the body. */
const transportError = (code: -404 | -429) =>
  new Response(transportErrorPayload(code), { status: code === -404 ? 404 : 429, headers: octets });

export function mountMtproto(app: Hono<{ Bindings: Env }>): void {
  app.all("/apiws", async (c) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") return c.text("upgrade required", 426);
    try {
      await checkIpLimit(c.env.HANDSHAKE_LIMITER, limitedIp(c.req.raw.headers, c.env));
    } catch {
      return c.text("flood", 429);
    }
    // Any shard may hold a connection: its packets name their key only once decrypted past obfuscation.
    const shard = `authkeys:${crypto.getRandomValues(new Uint32Array(1))[0]! % AUTH_KEY_SHARDS}`;
    const headers = new Headers(c.req.raw.headers);
    headers.set(MT_SHARD_HEADER, shard);
    return authKeyShardObject(c.env, shard).fetch(new Request(c.req.raw, { headers }));
  });

  app.post("/api", async (c) => {
    const len = Number(c.req.header("content-length") ?? "0");
    if (len > MAX_WIRE_MESSAGE) return c.text("too large", 413);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.length > MAX_WIRE_MESSAGE) return c.text("too large", 413);
    const url = new URL(c.req.url);
    const via = {
      ip: limitedIp(c.req.raw.headers, c.env),
      host: url.hostname,
      port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
      shard: "",
    };
    const isPlain = body.length >= 8 && body.subarray(0, 8).every((b) => b === 0);
    if (isPlain) {
      try {
        await checkIpLimit(c.env.HANDSHAKE_LIMITER, via.ip);
      } catch {
        return transportError(-429);
      }
    }
    const answer = await forward({ env: c.env, shardName: "" }, { via }, body);
    if ("transportError" in answer) return transportError(answer.transportError);
    if ("drop" in answer || answer.packets.length === 0) return new Response(null, { status: 204 });
    // No other header: Telethon's HTTP reader takes Content-Length to be the response's last header.
    return new Response(answer.packets[0]);
  });
}
