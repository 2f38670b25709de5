/**
 * Starts the whole system locally: one `wrangler dev` running the gateway,
 * media and bot-api workers together with persisted state. Used by
 * `npm start`, the end-to-end tests and the benchmarks.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDevKeys } from "./dev-keys.ts";
import { startTcpRelay } from "./tcp-relay.ts";

export const WORKER_CONFIGS = ["wrangler.toml", "workers/media/wrangler.toml", "workers/bot-api/wrangler.toml"];

export interface LocalSystem {
  url: string;
  port: number;
  serverKey: string;
  /** The MTProto RSA public key (PKCS#1 PEM) Telegram clients add to reach this server. */
  mtprotoPublicKeyPem: string;
  /** The local TCP relay to /apiws (scripts/tcp-relay.ts), for clients that dial MTProto over TCP. */
  mtprotoTcpPort: number;
  stateDir: string;
  process: ChildProcess;
  /** Everything the server printed, for tests that read logs. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartOptions {
  port?: number;
  stateDir?: string;
  root?: string;
  /** Echo the server's output to this process's stdout. */
  echo?: boolean;
  extraArgs?: string[];
  env?: Record<string, string>;
  /** Port of the TCP relay to /apiws (0 or unset: any free one). */
  mtprotoTcpPort?: number;
}

/**
 * A fresh directory for throwaway state (tests, benchmarks, load runs). On
 * Linux it lives in RAM (/dev/shm): every Durable Object storage commit here
 * is an fsync, which on this VM's disk costs ~2.5 ms and holds each object's
 * outgoing messages (the output gate), so disk-backed runs measure the disk
 * rather than our code. `EDGEGRAM_STATE_ROOT` picks another place (e.g. /tmp).
 * `npm start` keeps its state in .state on disk.
 */
export function scratchStateDir(prefix: string): string {
  return mkdtempSync(join(stateRoot(), `${prefix}-`));
}

export function stateRoot(): string {
  const wanted = process.env.EDGEGRAM_STATE_ROOT;
  if (wanted) return wanted;
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * wrangler dev's own developer tools, off unless asked for: the local explorer and local
 * observability stream a trace of every invocation (each Durable Object call, each service
 * binding hop) to a collector worker on the same workerd thread. Measured with a bot's
 * sendMessage, which crosses several objects: 7.6 → 3.7 ms of workerd CPU per request
 * (a one-object insert: 3.0 → 1.9 ms). Set X_LOCAL_EXPLORER / X_LOCAL_OBSERVABILITY to "true"
 * to have them back.
 */
export function devToolsEnv(): Record<string, string> {
  return {
    X_LOCAL_EXPLORER: process.env.X_LOCAL_EXPLORER ?? "false",
    X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? "false",
  };
}

export async function startLocalSystem(opts: StartOptions = {}): Promise<LocalSystem> {
  const root = opts.root ?? process.cwd();
  const keys = ensureDevKeys(root);
  const port = opts.port ?? (await freePort());
  const stateDir = opts.stateDir ?? join(root, ".state");
  const configs = WORKER_CONFIGS.filter((c) => existsSync(join(root, c))).flatMap((c) => ["-c", c]);
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  const args = [
    "dev",
    ...configs,
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(await freePort()),
    "--persist-to",
    stateDir,
    "--show-interactive-dev-session=false",
    // The development-only routes (/dev/codes …); wrangler.toml leaves them out of every other build.
    "--define",
    "__DEV_ROUTES__:true",
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(wrangler, args, {
    cwd: root,
    env: {
      ...process.env,
      ...devToolsEnv(),
      ...opts.env,
      // wrangler's `#!/usr/bin/env node` must find the pinned Node 22, not the system one.
      PATH: `${join(root, "node_modules", ".bin")}:${process.env.PATH ?? ""}`,
      WRANGLER_SEND_METRICS: "false",
      FORCE_COLOR: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: process.platform !== "win32",
  });
  let out = "";
  const onData = (d: Buffer) => {
    out += d.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
    if (opts.echo) process.stdout.write(d);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`wrangler dev did not come up on ${url}:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const tcpRelay = await startTcpRelay({ target: `ws://127.0.0.1:${port}/apiws`, port: opts.mtprotoTcpPort });
  return {
    url,
    port,
    mtprotoTcpPort: tcpRelay.port,
    serverKey: keys.serverPublicKey,
    mtprotoPublicKeyPem: keys.mtprotoPublicKeyPem,
    stateDir,
    process: child,
    output: () => out,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      await tcpRelay.close();
      if (child.exitCode !== null) return;
      try {
        // The whole process group: wrangler and its workerd.
        process.kill(-(child.pid as number), signal);
      } catch {
        child.kill(signal);
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-(child.pid as number), "SIGKILL");
        } catch {
          // gone
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
