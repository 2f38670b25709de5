/**
 * How chat events become a user's updates: appended to their log with the dialog moves they cause
 * (update-log.ts, dialog-settings.ts), then which of them are pushed, and where: the account's devices
 * but the one that sent them, or a bot's BotObject (a bot's account has no devices).
 */

import { botObjectOf } from "../core/objects.ts";
import { skippedForBots } from "../protocol/bot-api/convert.ts";
import type { Update } from "../protocol/model/update.ts";
import { encodeUpdates } from "../protocol/transport.ts";
import { followChatEvents } from "./dialog-settings.ts";
import { pushToDevices } from "./member-push.ts";
import * as log from "./update-log.ts";

export type Appended = ReturnType<typeof log.appendEvents>;

/**
 * Appends chat events to the log (each once), then the updateFolderPeers of archived dialogs their new
 * messages bring back. Run inside one transaction: `newestPts` is the caller's cached log head.
 */
export function appendChatEvents(
  sql: SqlStorage,
  events: log.ChatEvent[],
  newestPts: number | undefined,
  nowS: number,
): { results: Appended; unarchived: Appended } {
  const results = log.appendEvents(sql, events, newestPts);
  const fresh = events.filter((_, i) => results[i]?.fresh);
  const back = followChatEvents(sql, fresh, nowS);
  return { results, unarchived: back.length > 0 ? log.appendEvents(sql, back) : [] };
}

export interface PushPlan {
  /** The log's newest pts after the batch, if it appended anything. */
  newestPts: number | undefined;
  updates: Update[];
  /** The one device every fresh update came from, if there is one: it has them in its RPC result. */
  senderDevice: string | undefined;
}

/** What a batch just appended to the log pushes (see PushPlan); a bot's account pushes redeliveries too. */
export function pushPlan(results: Appended, isBot: boolean): PushPlan {
  const fresh = results.filter((r) => r.fresh);
  const last = fresh.at(-1)?.update;
  const newestPts = last && "pts" in last ? last.pts : undefined;
  // When the whole batch came from one device it is not pushed there (a mixed batch goes everywhere;
  // pts drops duplicates).
  const sender = fresh[0]?.senderDevice;
  const senderDevice = sender && fresh.every((r) => r.senderDevice === sender) ? sender : undefined;
  // A bot has no getDifference: a chat retrying after a crash must reach its queue again even though the
  // log already had the events (the BotObject skips what it took before).
  const pushed = isBot ? results : fresh;
  // A redelivered event the log has trimmed since (null) has nothing left to push.
  return { newestPts, updates: pushed.flatMap((r) => (r.update ? [r.update] : [])), senderDevice };
}

/** A bot account's updates go to its BotObject (Bot API queue / webhook); resolves once they are queued. */
export async function deliverToBot(env: Env, botId: number, updates: unknown[]): Promise<void> {
  // The chat already leaves a bot's new messages out of its log, but its own edits and pins still
  // come back here, and its queue would drop them: they stop here instead of costing a BotObject call.
  const incoming = (updates as Update[]).filter((u) => !skippedForBots(u));
  if (incoming.length > 0) await botObjectOf(env, botId).deliver(incoming);
}

/** Pushes updates to the account's devices but `senderDevice`; offline ones catch up by getDifference. */
export async function pushToOwnDevices(
  env: Env,
  authKeyIds: string[],
  updates: unknown[],
  senderDevice?: string,
): Promise<void> {
  const devices = authKeyIds.filter((id) => id !== senderDevice);
  if (devices.length === 0) return;
  await pushToDevices(env, devices, encodeUpdates(updates));
}
