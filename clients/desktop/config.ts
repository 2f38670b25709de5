/**
 * Where the terminal client keeps its session and which server it talks to:
 * config dir, server URL and the pinned server key, resolved from flags,
 * environment, the saved session and (for the local system) the repo's .dev.vars.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ed25519 } from "@noble/curves/ed25519.js";
import { EdgegramClient } from "../sdk/client.ts";
import { FileStorage } from "../sdk/file-storage.ts";
import { CliError, usageError } from "./output.ts";

export const DEFAULT_SERVER = "http://127.0.0.1:8787";
const REPO_DEV_VARS = new URL("../../.dev.vars", import.meta.url);

export interface GlobalFlags {
  configDir?: string;
  server?: string;
  serverKey?: string;
  trustServerKey?: boolean;
}

/** `~` and `~/…` as the shell would expand them, for paths that reach us unexpanded (quoted, from env or config). */
export function expandHome(path: string, home = homedir()): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return join(home, path.slice(2));
  return path;
}

export function configDirOf(flags: GlobalFlags, env = process.env): string {
  if (flags.configDir) return expandHome(flags.configDir);
  if (env.EDGEGRAM_CONFIG_DIR) return expandHome(env.EDGEGRAM_CONFIG_DIR);
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(base, "edgegram");
}

/** The session file: the SDK's auth key plus what this client remembers (server, pinned key, own user). */
export class Session {
  readonly dir: string;
  readonly storage: FileStorage;
  constructor(dir: string) {
    this.dir = dir;
    this.storage = new FileStorage(join(dir, "session.json"));
  }
  async getJson<T>(key: string): Promise<T | null> {
    const raw = await this.storage.get(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  }
  async setJson(key: string, value: unknown): Promise<void> {
    await this.storage.set(key, JSON.stringify(value));
  }
}

/** The local system's public key, derived from the identity seed `npm start` wrote into the repo's .dev.vars. */
export function localDevServerKey(path: URL | string = REPO_DEV_VARS): string | null {
  if (!existsSync(path)) return null;
  const m = /^SERVER_IDENTITY_KEY\s*=\s*"?([0-9a-f]{64})"?\s*$/m.exec(readFileSync(path, "utf8"));
  if (!m) return null;
  return Buffer.from(ed25519.getPublicKey(Buffer.from(m[1] as string, "hex"))).toString("hex");
}

const isLoopback = (url: string) => /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(url);

export interface ServerChoice {
  server: string;
  serverKey: string;
}

/**
 * Pinning, strongest first: --server-key / EDGEGRAM_SERVER_KEY; the key saved with this session;
 * for a loopback server, the key derived from the repo's .dev.vars; and only with --trust-server-key,
 * whatever the server itself announces at /v1/server-key (trust on first use, then saved).
 */
export async function resolveServer(flags: GlobalFlags, session: Session, env = process.env): Promise<ServerChoice> {
  const saved = await session.getJson<ServerChoice>("server");
  const server = (flags.server ?? env.EDGEGRAM_SERVER ?? saved?.server ?? DEFAULT_SERVER).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/\s]+$/.test(server)) throw usageError("SERVER_INVALID", "expected http(s)://host[:port]");
  if (saved && saved.server !== server && (await session.storage.get("auth_key")))
    throw new CliError(
      409,
      "SESSION_SERVER_MISMATCH",
      `this session belongs to ${saved.server}; log out or use another --config-dir`,
    );
  let serverKey = flags.serverKey ?? env.EDGEGRAM_SERVER_KEY ?? (saved?.server === server ? saved.serverKey : null);
  if (!serverKey && isLoopback(server)) serverKey = localDevServerKey();
  if (!serverKey && flags.trustServerKey) serverKey = await fetchServerKey(server);
  if (!serverKey)
    throw usageError(
      "SERVER_KEY_REQUIRED",
      "pass --server-key <hex> (or EDGEGRAM_SERVER_KEY), or --trust-server-key to accept the key the server announces",
    );
  if (!/^[0-9a-f]{64}$/i.test(serverKey)) throw usageError("SERVER_KEY_INVALID", "64 hex digits expected");
  const pinned = serverKey.toLowerCase();
  if (saved?.server === server && saved.serverKey !== pinned && (await session.storage.get("auth_key")))
    throw new CliError(409, "SERVER_KEY_CHANGED", "the key differs from the one this session pinned; log out first");
  return { server, serverKey: pinned };
}

async function fetchServerKey(server: string): Promise<string> {
  try {
    const res = await fetch(`${server}/v1/server-key`);
    const body = (await res.json()) as { public_key?: string };
    if (!res.ok || !body.public_key) throw new Error();
    return body.public_key;
  } catch {
    throw new CliError(503, "SERVER_UNREACHABLE", `cannot fetch the server key from ${server}`);
  }
}

/** A connected SDK client for this session; remembers the server and key it pinned. */
export async function openClient(
  flags: GlobalFlags,
): Promise<{ client: EdgegramClient; session: Session; server: string }> {
  const session = new Session(configDirOf(flags));
  const choice = await resolveServer(flags, session);
  for (let attempt = 1; ; attempt++) {
    const client = new EdgegramClient({
      ...choice,
      storage: session.storage,
      deviceModel: `${process.platform} terminal`,
      appName: "edgegram-desktop",
    });
    try {
      await client.connect();
      await session.setJson("server", choice);
      return { client, session, server: choice.server };
    } catch (e) {
      client.close();
      if (e instanceof Error && e.name === "RpcError") throw e;
      // A busy server or a network blip fails one connect; a user at a terminal would just run it again.
      if (attempt >= CONNECT_ATTEMPTS)
        throw new CliError(503, "SERVER_UNREACHABLE", `cannot reach ${choice.server} (${String(e)})`);
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

const CONNECT_ATTEMPTS = 3;

/** Local development only: the sign-in code the local server logged (GET /dev/codes/<phone>), or null. */
export async function fetchDevCode(server: string, phone: string): Promise<string | null> {
  const res = await fetch(`${server}/dev/codes/${encodeURIComponent(phone)}`).catch(() => null);
  if (!res?.ok) return null;
  return ((await res.json()) as { code?: string }).code ?? null;
}
