/**
 * A bot's inbox: the internal updates its account receives, each taken once
 * (bot-taken-updates.ts), turned into Bot API updates (with the users and
 * chats they mention looked up as the bot), filtered by privacy mode in groups.
 */

import { directoryAs } from "../core/bot-lookup.ts";
import { mentions, skippedForBots, tgUpdates } from "../protocol/bot-api/convert.ts";
import type { Peer } from "../protocol/model/peer.ts";
import type { Update } from "../protocol/model/update.ts";
import { fatherHandle } from "./bot-father.ts";
import { markTaken, untaken } from "./bot-taken-updates.ts";
import type { UpdateBody } from "./bot-updates.ts";

/**
 * Takes the updates the bot has not taken before: BotFather answers them itself; any other bot's are
 * converted and handed to `queue` in the same synchronous step that records them taken, so the two are
 * written together or not at all.
 */
export async function takeUpdates(
  env: Env,
  sql: SqlStorage,
  bot: { botId: number; privacy: boolean; isFather: boolean },
  updates: Update[],
  queue: (bodies: UpdateBody[]) => void,
): Promise<void> {
  const fresh = untaken(sql, updates);
  if (fresh.length === 0) return;
  if (bot.isFather) {
    await fatherHandle(env, sql, bot.botId, fresh);
    return markTaken(sql, fresh, Date.now());
  }
  const bodies = await botUpdatesFrom(env, bot.botId, fresh, bot.privacy);
  markTaken(sql, fresh, Date.now());
  if (bodies.length) queue(bodies);
}

export async function botUpdatesFrom(
  env: Env,
  botId: number,
  updates: Update[],
  privacy: boolean,
): Promise<UpdateBody[]> {
  // What the Bot API never gives a bot (its own messages, pins) goes before anyone is looked up. A
  // bot's UserObject already drops these before calling; channel pushes (member-push.ts) do not.
  updates = updates.filter((u) => !skippedForBots(u));
  if (updates.length === 0) return [];
  const userIds: number[] = [];
  const peers: Peer[] = [];
  for (const u of updates) {
    const m = mentions(u);
    userIds.push(...m.users);
    peers.push(...m.peers);
  }
  const dir = await directoryAs(env, botId, userIds, peers);
  for (const u of updates) if (u._ === "updateChat") dir.chats.set(`${u.chat._}:${u.chat.id}`, u.chat);
  const me = dir.users.get(botId);
  const bodies = tgUpdates(updates, dir, me) as UpdateBody[];
  return privacy ? bodies.filter((b) => visibleInPrivacyMode(b, me?.username)) : bodies;
}

/** Privacy mode: in groups a bot sees commands, mentions of itself and service messages only. */
function visibleInPrivacyMode(body: UpdateBody, username: string | undefined): boolean {
  const msg = (body.message ?? body.edited_message) as
    | { chat: { type: string }; text?: string; entities?: { type: string; offset: number; length: number }[] }
    | undefined;
  if (!msg || msg.chat.type === "private" || msg.chat.type === "channel") return true;
  if (msg.text === undefined) return true;
  const text = msg.text;
  return (
    (msg.entities ?? []).some((e) => {
      const part = text.slice(e.offset, e.offset + e.length);
      if (e.type === "bot_command")
        return !part.includes("@") || (username !== undefined && part.endsWith(`@${username}`));
      return e.type === "mention" && username !== undefined && part.toLowerCase() === `@${username.toLowerCase()}`;
    }) ||
    (username !== undefined && text.toLowerCase().includes(`@${username.toLowerCase()}`))
  );
}
