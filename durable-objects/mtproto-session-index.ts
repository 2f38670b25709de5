/**
 * Bounds an MTProto key's sessions: each key keeps at most MT_SESSIONS_MAX sessions (replay window,
 * outbox, queued HTTP updates), the newest; creating one more deletes the oldest, as the Edgegram
 * devices' sessions are bounded. A client whose session was dropped gets new_session_created and goes on.
 */

import { MT_SESSIONS_MAX } from "../protocol/mtproto/session/session.ts";

const indexKey = (keyId: string) => `mtsi:${keyId}`;
export const mtSessionKey = (keyId: string, session: string) => `mts:${keyId}:${session}`;

/** Records a new session of the key; deletes the oldest beyond the bound. Returns the deleted ones. */
export async function rememberMtSession(
  storage: DurableObjectStorage,
  keyId: string,
  session: string,
): Promise<string[]> {
  const known = ((await storage.get<string[]>(indexKey(keyId))) ?? []).filter((s) => s !== session);
  const next = [...known, session];
  const dropped = next.splice(0, Math.max(0, next.length - MT_SESSIONS_MAX));
  await storage.put(indexKey(keyId), next);
  if (dropped.length) await storage.delete(dropped.map((s) => mtSessionKey(keyId, s)));
  return dropped;
}

/** Forgets the key's index (its sessions are deleted by prefix with the key). */
export async function forgetMtSessions(storage: DurableObjectStorage, keyId: string): Promise<void> {
  await storage.delete(indexKey(keyId));
}
