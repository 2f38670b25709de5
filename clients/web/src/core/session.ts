/**
 * The app's one connection: pins the server key, keeps the auth key in
 * IndexedDB (so a reload stays signed in), and tracks who is signed in.
 *
 * The server key comes from `/v1/server-key` on the app's own origin — the
 * same origin that served this JavaScript, so it adds no trust the page does
 * not already have — and is pinned in IndexedDB on first use: a later change
 * of key is refused instead of silently accepted. Several keys may be pinned:
 * the server announces the next key of a rotation in help.getConfig, over a
 * connection an already pinned key authenticated, and it is added to the pins.
 */

import type { User } from "../../../../protocol/model/user.ts";
import { EdgegramClient, IndexedDbStorage, RpcError } from "../../../sdk/index.ts";
import { app } from "./state.ts";

const storage = new IndexedDbStorage("edgegram-web");
/** A JSON list of pinned keys (hex). */
const SERVER_KEYS = "server_keys";
/** What releases before several pins stored: one key. */
const LEGACY_SERVER_KEY = "server_key";
const SELF = "self_user";

let current: EdgegramClient | null = null;
let markReady: (c: EdgegramClient) => void = () => undefined;
const ready = new Promise<EdgegramClient>((resolve) => {
  markReady = resolve;
});

export function client(): EdgegramClient {
  if (!current) throw new Error("not connected yet");
  return current;
}

/** The client once it has connected the first time (the sign-in form shows before that). */
export const connected = (): Promise<EdgegramClient> => ready;

async function pinnedServerKeys(): Promise<string[]> {
  const pinned = await storage.get(SERVER_KEYS);
  if (pinned) return JSON.parse(pinned) as string[];
  const legacy = await storage.get(LEGACY_SERVER_KEY);
  let keys: string[];
  if (legacy) keys = [legacy];
  else {
    const res = await fetch("/v1/server-key");
    if (!res.ok) throw new Error(`server key unavailable (${res.status})`);
    keys = [((await res.json()) as { public_key: string }).public_key];
  }
  await storage.set(SERVER_KEYS, JSON.stringify(keys));
  return keys;
}

/** Adds the keys the server announced over an authenticated connection; takes effect from the next start. */
async function pinAnnounced(announced: string[] | undefined): Promise<void> {
  const keys = await pinnedServerKeys();
  const fresh = (announced ?? []).filter((k) => !keys.includes(k));
  if (fresh.length) await storage.set(SERVER_KEYS, JSON.stringify([...keys, ...fresh]));
}

function deviceModel(): string {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? "Edge" : /Chrom/.test(ua) ? "Chrome" : /Firefox/.test(ua) ? "Firefox" : "Browser";
  const os = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Mac/.test(ua)
        ? "macOS"
        : /Win/.test(ua)
          ? "Windows"
          : "Linux";
  return `${browser} on ${os}`;
}

/** Back online: try at once and then briefly, instead of waiting out the SDK's backoff. */
async function reconnectSoon(c: EdgegramClient): Promise<void> {
  for (let i = 0; i < 20 && c.state !== "connected" && navigator.onLine; i++) {
    try {
      await c.connect();
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Connects (retrying while offline) and decides whether we are signed in. */
export async function boot(onSignedIn: () => Promise<void>): Promise<void> {
  // Show the right screen at once, from what this device remembers; the connection follows.
  const cached = await storage.get(SELF);
  app.set(cached ? { self: JSON.parse(cached) as User, phase: "signed-in" } : { phase: "signed-out" });
  for (let delay = 500; ; delay = Math.min(delay * 2, 5000)) {
    try {
      const serverKey = await pinnedServerKeys();
      if (!current) {
        current = new EdgegramClient({
          server: location.origin,
          serverKey,
          storage,
          deviceModel: deviceModel(),
          appName: "Edgegram Web",
        });
        current.onState((connection) => app.set({ connection }));
        // Terminated from another device: start over at the sign-in screen with a fresh key, as logOut does.
        current.onRevoked(() => void signedOut().then(() => location.reload()));
        // The browser knows first when the network goes: drop at once, reconnect as soon as it is back.
        const c = current;
        addEventListener("offline", () => c.dropConnection());
        addEventListener("online", () => void reconnectSoon(c));
      }
      await current.connect();
      break;
    } catch (e) {
      app.set({ connection: "disconnected" });
      // What the server said stands; the network failing (NetworkError, or the key fetch) is retried.
      if (e instanceof RpcError) throw e;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  const config = await client().call("help.getConfig", {});
  app.set({ devMode: config.dev_mode, messageLengthMax: config.message_length_max });
  await pinAnnounced(config.server_keys);
  markReady(client());
  const self = app.get().self;
  if (!self) return;
  try {
    const [fresh] = await client().call("users.getUsers", { ids: [self.id] });
    if (fresh) await setSelf(fresh);
    await onSignedIn();
  } catch (e) {
    if (e instanceof RpcError && e.code === 401) await signedOut();
    else throw e;
  }
}

export async function setSelf(user: User): Promise<void> {
  await storage.set(SELF, JSON.stringify(user));
  app.set((s) => ({ self: user, phase: "signed-in", users: { ...s.users, [user.id]: user } }));
}

export async function signedOut(): Promise<void> {
  await storage.delete(SELF);
  app.set({ self: null, phase: "signed-out" });
}

export async function logOut(): Promise<void> {
  try {
    await client().call("auth.logOut", {});
  } finally {
    await signedOut();
    location.reload();
  }
}

/** Local development only: the sign-in code the server would have sent by SMS. */
export async function devCode(phone: string): Promise<string | null> {
  await ready;
  if (!app.get().devMode) return null;
  const res = await fetch(`/dev/codes/${encodeURIComponent(phone)}`);
  return res.ok ? ((await res.json()) as { code: string }).code : null;
}
