/**
 * The local stand-in for a TCP edge: a Worker cannot accept raw TCP, so `npm start` and the e2e tests
 * relay each TCP connection's bytes, unchanged, to WebSocket /apiws (which takes the same abridged,
 * intermediate, full and obfuscated2 streams). Clients whose Node transport dials TCP (mtcute,
 * Telethon's default) then reach the server as they would reach Telegram. Development only.
 */
import { createServer, type Server, type Socket } from "node:net";

export interface TcpRelayOptions {
  /** ws:// URL of the server's /apiws. */
  target: string;
  port?: number;
  host?: string;
  /** Connections held at once; more are closed on accept. */
  maxConnections?: number;
  /** A connection with no traffic either way for this long is closed. */
  idleMs?: number;
  /** Bytes a client may send before its WebSocket opens; more closes the connection. */
  maxPendingBytes?: number;
}

export interface TcpRelay {
  port: number;
  connections(): number;
  close(): Promise<void>;
}

export async function startTcpRelay(opts: TcpRelayOptions): Promise<TcpRelay> {
  const maxConnections = opts.maxConnections ?? 256;
  const idleMs = opts.idleMs ?? 5 * 60_000;
  const maxPendingBytes = opts.maxPendingBytes ?? 1 << 20;
  const open = new Set<Socket>();
  const server: Server = createServer((sock) => {
    if (open.size >= maxConnections) {
      sock.destroy();
      return;
    }
    open.add(sock);
    relay(sock, opts.target, idleMs, maxPendingBytes, () => open.delete(sock));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address();
  if (!addr || typeof addr !== "object") throw new Error("tcp relay: no address");
  return {
    port: addr.port,
    connections: () => open.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function relay(sock: Socket, target: string, idleMs: number, maxPendingBytes: number, done: () => void): void {
  const ws = new WebSocket(target);
  ws.binaryType = "arraybuffer";
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let closed = false;
  const close = (why: string) => {
    if (closed) return;
    closed = true;
    if (why && process.env.EDGEGRAM_TCP_RELAY_DEBUG) console.error(`tcp relay: ${why}`);
    sock.destroy();
    try {
      ws.close();
    } catch {
      // already closing
    }
    done();
  };
  sock.setNoDelay(true);
  sock.setTimeout(idleMs, () => close("idle"));
  sock.on("data", (chunk: Buffer) => {
    if (ws.readyState === WebSocket.OPEN) {
      ws.send(new Uint8Array(chunk));
      return;
    }
    pendingBytes += chunk.length;
    if (pendingBytes > maxPendingBytes) return close("too much before the socket opened");
    pending.push(chunk);
  });
  sock.on("error", (e) => close(`tcp: ${e.message}`));
  sock.on("close", () => close(""));
  ws.addEventListener("open", () => {
    for (const c of pending) ws.send(new Uint8Array(c));
    pending = [];
  });
  ws.addEventListener("message", (ev) => {
    sock.write(new Uint8Array(ev.data as ArrayBuffer));
  });
  ws.addEventListener("error", () => close("websocket error"));
  ws.addEventListener("close", () => close(""));
}
