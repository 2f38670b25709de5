/**
 * Pushes updates to many accounts at once: one lookup in the directory's
 * device registry, then one call per AuthKeyObject shard holding some of the
 * devices (or per bot's Bot API queue), instead of a hop through every
 * member's UserObject first. Accounts the registry does not know yet go
 * through their UserObject, which registers them. For many people at once,
 * pushToConnected skips the lookup: every shard pushes to its connected
 * devices of theirs. The updates are encoded once; each device only seals
 * the same bytes.
 */

import { logFailure } from "../core/log.ts";
import {
  authKeyShardNames,
  authKeyShardObject,
  authKeyShardOf,
  botObjectOf,
  directoryOf,
  userObjectOf,
} from "../core/objects.ts";
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
    deliverToBots(env, targets.bots, updates, owed),
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

/**
 * Pushes to the connected devices of many people (ids ascending) with no lookup of their devices: every
 * shard is called once and pushes to those of its connected devices that belong to them (reading nothing
 * for the offline ones); `bots` go to their Bot API queues. Returns the bots whose delivery failed.
 */
export async function pushToConnected(
  env: Env,
  people: number[],
  bots: number[],
  updates: unknown[],
  senderDevice?: string,
): Promise<number[]> {
  const encoded = encodeUpdates(updates);
  // A typed array crosses to each shard as one block of bytes, not one value per member.
  const ids = Float64Array.from(people).sort();
  const owed: number[] = [];
  await Promise.all([
    ...authKeyShardNames().map((shard) =>
      authKeyShardObject(env, shard)
        .pushToMembers(shard, ids, encoded, senderDevice)
        // Pushes are a shortcut: the members read the post by getChannelDifference.
        .catch((e) => logFailure(`pushing to the members' devices on auth-key shard ${shard}`, e)),
    ),
    deliverToBots(env, bots, updates, owed),
  ]);
  return owed;
}

/** Hands updates to bots' Bot API queues; a bot that fails is added to `owed` (a bot has no getDifference). */
async function deliverToBots(env: Env, bots: number[], updates: unknown[], owed: number[]): Promise<void> {
  await Promise.all(
    bots.map((id) =>
      botObjectOf(env, id)
        .deliver(updates as never)
        .catch((e) => {
          logFailure(`delivering updates to bot ${id} (retried)`, e);
          owed.push(id);
        }),
    ),
  );
}
