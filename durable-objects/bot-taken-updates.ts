/**
 * Which of its account's updates a bot has already queued, by their place in a pts sequence
 * (the account's, or a channel's): a sender that retries after a failure it saw, though the bot
 * had taken the updates, must not queue them twice. Kept as long as queued updates live.
 */
import { CHANNEL_UPDATES, channelIdOf, hasPts, type Update } from "../protocol/model/update.ts";
import { UPDATE_TTL_MS } from "./bot-updates.ts";
import { one, run } from "./sql.ts";

export const takenSchema = [
  "CREATE TABLE IF NOT EXISTS taken_updates (key TEXT PRIMARY KEY, at INTEGER NOT NULL)",
  "CREATE INDEX IF NOT EXISTS taken_updates_at ON taken_updates (at)",
];

/** An update's identity in its sequence; ephemeral updates (typing, votes …) have none and are never deduplicated. */
function keyOf(u: Update): string | null {
  if (!hasPts(u)) return null;
  const scope = CHANNEL_UPDATES.has(u._) ? `c${channelIdOf(u) ?? "?"}` : "u";
  return `${scope}:${u.pts}:${u._}`;
}

/** The updates not taken before (nor twice within `updates`). */
export function untaken(sql: SqlStorage, updates: Update[]): Update[] {
  const seen = new Set<string>();
  return updates.filter((u) => {
    const key = keyOf(u);
    if (key === null) return true;
    if (seen.has(key) || one(sql, "SELECT 1 FROM taken_updates WHERE key = ?", key) !== null) return false;
    seen.add(key);
    return true;
  });
}

/** Records updates as taken (call in the transaction that queues them) and forgets expired records. */
export function markTaken(sql: SqlStorage, updates: Update[], now: number): void {
  run(sql, "DELETE FROM taken_updates WHERE at < ?", now - UPDATE_TTL_MS);
  for (const u of updates) {
    const key = keyOf(u);
    if (key !== null) run(sql, "INSERT OR IGNORE INTO taken_updates (key, at) VALUES (?, ?)", key, now);
  }
}
