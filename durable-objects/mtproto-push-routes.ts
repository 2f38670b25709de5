/**
 * Where an MTProto key's pushes go: for each session last seen on a WebSocket, the shard holding that
 * socket and the connection's id; for one last seen over HTTP, shard "" (its next request carries them). Kept in the key's shard beside its sessions; a session that called
 * through invokeWithoutUpdates is kept out, as Telegram sends such sessions no updates.
 */
import type { MtVia } from "./mtproto-device.ts";

export interface PushRoute {
  /** The session id, 16 hex digits. */
  session: string;
  shard: string;
  conn: string;
}

/** Sessions a key pushes to at most (the most recently seen). */
const MAX_ROUTES = 8;

const routesKey = (keyId: string) => `mtpush:${keyId}`;

export async function pushRoutes(storage: DurableObjectStorage, keyId: string): Promise<PushRoute[]> {
  return (await storage.get<PushRoute[]>(routesKey(keyId))) ?? [];
}

/** Records (or, for a quiet session, drops) the route of the session a packet just came through. */
export async function rememberPushRoute(
  storage: DurableObjectStorage,
  keyId: string,
  sessionId: bigint,
  via: MtVia,
  quiet: boolean,
): Promise<void> {
  const session = BigInt.asUintN(64, sessionId).toString(16);
  const routes = await pushRoutes(storage, keyId);
  const known = routes.find((r) => r.session === session);
  if (!quiet && known?.shard === via.shard && known.conn === (via.conn ?? "")) return;
  if (quiet && !known) return;
  const others = routes.filter((r) => r.session !== session);
  // HTTP sessions have no socket: shard "" marks them (their updates wait for their next request).
  const next = quiet ? others : [...others, { session, shard: via.shard, conn: via.conn ?? "" }];
  await storage.put(routesKey(keyId), next.slice(-MAX_ROUTES));
}

export async function forgetPushRoutes(
  storage: DurableObjectStorage,
  keyId: string,
  sessions: string[],
): Promise<void> {
  const routes = await pushRoutes(storage, keyId);
  await storage.put(
    routesKey(keyId),
    routes.filter((r) => !sessions.includes(r.session)),
  );
}
