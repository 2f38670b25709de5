/**
 * Pushes updates to many accounts at once: one lookup in the directory's
 * device registry, then one call per device (or per bot's Bot API queue),
 * instead of a hop through every member's UserObject first. Accounts the
 * registry does not know yet go through their UserObject, which registers them.
 * The updates are encoded once; each device only seals the same bytes.
 */
import { encodeUpdates } from "../protocol/transport.ts";
import { authKeyObjectOf, botObjectOf, type CoreEnv, directoryOf, userObjectOf } from "./env.ts";

/** Throws only if the registry cannot be asked (the caller retries the page); a device that fails is skipped. */
export async function pushToAccounts(
  env: CoreEnv,
  userIds: number[],
  updates: unknown[],
  skipDevice?: string,
): Promise<void> {
  if (userIds.length === 0) return;
  const targets = await directoryOf(env).pushTargets(userIds);
  const encoded = encodeUpdates(updates);
  await Promise.all([
    ...targets.devices
      .filter((id) => id !== skipDevice)
      .map((id) =>
        authKeyObjectOf(env, id)
          .push(encoded)
          .catch(() => undefined),
      ),
    ...targets.bots.map((id) =>
      botObjectOf(env, id)
        .deliver(updates as never)
        .catch(() => undefined),
    ),
    ...targets.unknown.map((id) =>
      userObjectOf(env, id)
        .pushToDevices(updates, skipDevice)
        .catch(() => undefined),
    ),
  ]);
}
