/**
 * BaselineObject: the floor our benchmarks are measured against — a bare
 * Durable Object that echoes WebSocket messages, broadcasts to all of its
 * sockets, inserts one SQLite row per request (the Bot API's "DO-insert
 * floor"), and relays one message through N other objects that each hold one
 * socket (the floor of a fan-out where every device has its own object), and
 * passes a socket's message along a chain of objects that each store it (the
 * floor of a private message's path), with no crypto, no sessions and no
 * access checks. Reachable only under /dev/ (DEV_MODE=1), never in production.
 */
import { DurableObject } from "cloudflare:workers";

/** A socket opened with `?chain=<prefix>&hops=<n>`: its messages go along the chain instead of back. */
interface ChainSocket {
  chain: string;
  hops: number;
}

export class BaselineObject extends DurableObject<Env> {
  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.headers.get("Upgrade")?.toLowerCase() === "websocket") {
      const pair = new WebSocketPair();
      this.ctx.acceptWebSocket(pair[1]);
      const chain = url.searchParams.get("chain");
      const hops = Number(url.searchParams.get("hops") ?? 0);
      if (chain !== null && Number.isInteger(hops) && hops > 0 && hops <= 10)
        pair[1].serializeAttachment({ chain, hops } satisfies ChainSocket);
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
  sendToSockets(body: string | ArrayBuffer): number {
    const sockets = this.ctx.getWebSockets();
    for (const ws of sockets) ws.send(body);
    return sockets.length;
  }

  /**
   * One link of the chain floor: stores the message and hands it to `<prefix><hop + 1>` (a message's
   * path writes it in every object before the last); the last one only sends it to its sockets.
   */
  async chainHop(prefix: string, hop: number, hops: number, data: string | ArrayBuffer): Promise<void> {
    if (hop >= hops) {
      this.sendToSockets(data);
      return;
    }
    this.store(data);
    const ns = this.env.BASELINE;
    if (!ns) throw new Error("no BASELINE binding");
    await ns.get(ns.idFromName(`${prefix}${hop + 1}`)).chainHop(prefix, hop + 1, hops, data);
  }

  private store(data: string | ArrayBuffer): void {
    this.ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS chain (id INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB NOT NULL, at INTEGER NOT NULL)",
    );
    this.ctx.storage.sql.exec("INSERT INTO chain (body, at) VALUES (?, ?)", data, Date.now());
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const chain = ws.deserializeAttachment() as ChainSocket | null;
    if (!chain) {
      ws.send(data);
      return;
    }
    // The sender's own object stores first, as a device's records its request before running it.
    this.store(data);
    const ns = this.env.BASELINE;
    if (ns) await ns.get(ns.idFromName(`${chain.chain}1`)).chainHop(chain.chain, 1, chain.hops, data);
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
  }
}
