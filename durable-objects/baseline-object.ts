/**
 * BaselineObject: the floor our benchmarks are measured against — a bare
 * Durable Object that echoes WebSocket messages, broadcasts to all of its
 * sockets, inserts one SQLite row per request (the Bot API's "DO-insert
 * floor"), and relays one message through N other objects that each hold one
 * socket (the floor of a fan-out where every device has its own object), with
 * no crypto, no sessions and no access checks. Reachable only
 * under /dev/ (DEV_MODE=1), never in production.
 */
import { DurableObject } from "cloudflare:workers";

export class BaselineObject extends DurableObject<Env> {
  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.headers.get("Upgrade")?.toLowerCase() === "websocket") {
      const pair = new WebSocketPair();
      this.ctx.acceptWebSocket(pair[1]);
      return new Response(null, { status: 101, webSocket: pair[0] });
    }
    if (url.pathname.endsWith("/insert")) {
      // One durable write per request, answered in the Bot API's shape: what a sendMessage cannot go below.
      const text = await request.text();
      this.ctx.storage.sql.exec(
        "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, at INTEGER NOT NULL)",
      );
      const date = Math.floor(Date.now() / 1000);
      const row = this.ctx.storage.sql
        .exec<{ id: number }>("INSERT INTO rows (body, at) VALUES (?, ?) RETURNING id", text, date)
        .one();
      return Response.json({ ok: true, result: { message_id: row.id, date, chat: { id: 1, type: "private" } } });
    }
    if (url.pathname.endsWith("/relay")) {
      // One RPC per object, each sending to its own socket: the shape of our fan-out with nothing else.
      const body = await request.text();
      const n = Number(url.searchParams.get("n") ?? 0);
      const prefix = url.searchParams.get("prefix") ?? "";
      const ns = this.env.BASELINE;
      if (!ns || !(n > 0 && n <= 10_000)) return new Response("n must be 1..10000", { status: 400 });
      await Promise.all(
        Array.from({ length: n }, (_, i) => ns.get(ns.idFromName(`${prefix}${i}`)).sendToSockets(body)),
      );
      return Response.json({ relayed: n });
    }
    if (url.pathname.endsWith("/broadcast")) {
      // One message to every socket: the bare cost of a fan-out from one object.
      const body = await request.text();
      const sockets = this.ctx.getWebSockets();
      for (const ws of sockets) ws.send(body);
      return Response.json({ sent: sockets.length });
    }
    return new Response("not found", { status: 404 });
  }

  /** Sends `body` to every socket of this object (the relay's per-object step). */
  sendToSockets(body: string): number {
    const sockets = this.ctx.getWebSockets();
    for (const ws of sockets) ws.send(body);
    return sockets.length;
  }

  override webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): void {
    ws.send(data);
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
  }
}
