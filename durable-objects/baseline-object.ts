/**
 * BaselineObject: the floor our benchmarks are measured against — a bare
 * Durable Object that echoes WebSocket messages and broadcasts to all of its
 * sockets, with no crypto, no sessions and no storage. Reachable only under
 * /dev/ (DEV_MODE=1), never in production.
 */
import { DurableObject } from "cloudflare:workers";
import type { CoreEnv } from "./env.ts";

export class BaselineObject extends DurableObject<CoreEnv> {
  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.headers.get("Upgrade")?.toLowerCase() === "websocket") {
      const pair = new WebSocketPair();
      this.ctx.acceptWebSocket(pair[1]);
      return new Response(null, { status: 101, webSocket: pair[0] });
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
