/**
 * Pushes updates to many accounts at once: one lookup in the directory's
 * device registry, then one call per AuthKeyObject shard holding some of the
 * devices (or per bot's Bot API queue), instead of a hop through every
 * member's UserObject first. Accounts the registry does not know yet go
 * through their UserObject, which registers them. The updates are encoded
 * once; each device only seals the same bytes.
 */

import { logFailure } from "../core/log.ts";
import { authKeyShardObject, authKeyShardOf, botObjectOf, directoryOf, userObjectOf } from "../core/objects.ts";
import { type EncodedUpdates, encodeUpdates } from "../protocol/transport.ts";

/**
 * Throws only if the registry cannot be asked (the caller retries the page). Returns the bots whose
 * delivery failed: a bot has no getDifference, so the caller must retry them. A person's device or
 * UserObject that fails is logged and skipped: the device catches up by getDifference.
 */
export async function pushToAccounts(
  env: Env,
  userIds: number[],
  updates: unknown[],
  senderDevice?: string,
): Promise<number[]> {
  if (userIds.length === 0) return [];
  const targets = await directoryOf(env).pushTargets(userIds);
  const encoded = encodeUpdates(updates);
  const owed: number[] = [];
  await Promise.all([
    pushToDevices(
      env,
      targets.devices.filter((id) => id !== senderDevice),
      encoded,
    ),
    ...targets.bots.map((id) =>
      botObjectOf(env, id)
        .deliver(updates as never)
        .catch((e) => {
          logFailure(`delivering updates to bot ${id} (retried)`, e);
          owed.push(id);
        }),
    ),
    ...targets.unknown.map((id) =>
      userObjectOf(env, id)
        .pushToDevices(updates, senderDevice)
        .catch((e) => logFailure(`pushing updates through user ${id}'s object`, e)),
    ),
  ]);
  return owed;
}

/** Sends encoded updates to these devices: one call per shard that hosts some of them; a failing shard is logged and skipped. */
export async function pushToDevices(env: Env, authKeyIds: string[], encoded: EncodedUpdates): Promise<void> {
  const byShard = new Map<string, string[]>();
  for (const id of authKeyIds) {
    const shard = authKeyShardOf(id);
    const ids = byShard.get(shard);
    if (ids) ids.push(id);
    else byShard.set(shard, [id]);
  }
  await Promise.all(
    [...byShard].map(([shard, ids]) =>
      authKeyShardObject(env, shard)
        .push(ids, encoded)
        // Pushes are a shortcut: the devices' updates are in their accounts' logs (getDifference).
        .catch((e) => logFailure(`pushing to ${ids.length} device(s) on auth-key shard ${shard}`, e)),
    ),
  );
}
