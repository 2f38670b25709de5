/**
 * A bot's long poll waits on a hibernatable WebSocket, not inside its BotObject: the Bot API worker opens
 * the socket and waits, the object answers at once and sleeps, and wakes only to say "updates are here"
 * (or "terminated by a newer poll"). A waiting request in the object would keep it awake, and billed, for
 * the whole poll; a hibernated socket costs nothing (docs/architecture.md, the cost model).
 */

/** What the object sends on a waiting poll's socket. */
export const POLL_READY = "ready";
export const POLL_TERMINATED = "terminated";
const TAG = "poll-wait";

/** The poll sockets of one BotObject. */
export class PollWaiters {
  private readonly ctx: DurableObjectState;

  constructor(ctx: DurableObjectState) {
    this.ctx = ctx;
  }

  /** Accepts a waiting poll's socket, ending older ones (the newest poll wins, as Telegram's 409). */
  accept(request: Request, hasPending: boolean): Response {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response(null, { status: 426 });
    this.terminate();
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [TAG]);
    // An update queued between the poll's first look and this socket must not wait for the next one.
    if (hasPending) this.send(server, POLL_READY);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Updates were queued: every waiting poll goes to take them. */
  wake(): void {
    for (const ws of this.ctx.getWebSockets(TAG)) this.send(ws, POLL_READY);
  }

  /** A newer getUpdates or a webhook ends the waiting polls with 409. */
  terminate(): void {
    for (const ws of this.ctx.getWebSockets(TAG)) {
      this.send(ws, POLL_TERMINATED);
      try {
        ws.close(1000, POLL_TERMINATED);
      } catch {
        // already closing: the poll has gone
      }
    }
  }

  private send(ws: WebSocket, what: string): void {
    try {
      ws.send(what);
    } catch {
      // the poll closed its socket (it timed out): nothing waits there
    }
  }
}
