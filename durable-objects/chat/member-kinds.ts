/**
 * Which members of a chat are bots, remembered on their member rows (column `bot`, null until first
 * asked), so a post to every member reads one row per member and asks the directory only about members
 * not classified yet: bots' updates go to their Bot API queues, everyone else's to their connected devices.
 */
import { AUTH_KEY_SHARDS, directoryOf } from "../../core/objects.ts";
import { pushToAccounts, pushToConnected } from "../member-push.ts";
import { all, run } from "../sql.ts";
import type { PagedMember } from "./fanout.ts";

/**
 * From this many members a push goes to every shard's connected devices (one call per shard, nothing read
 * for offline members); below it, to the members' registered devices through the directory (a few rows
 * read per member, but calls only to the shards that hold their devices).
 */
export const CONNECTED_PUSH_MIN = 2 * AUTH_KEY_SHARDS;

export function initMemberKinds(sql: SqlStorage): void {
  const cols = sql.exec("PRAGMA table_info(members)").toArray() as { name: string }[];
  if (!cols.some((c) => c.name === "bot")) sql.exec("ALTER TABLE members ADD COLUMN bot INTEGER");
}

/** Members after `cursor`, ascending, with whether each is a bot (null: not asked yet). */
export function memberKindsAfter(sql: SqlStorage, cursor: number, limit: number): PagedMember[] {
  return all<{ user_id: number; bot: number | null }>(
    sql,
    "SELECT user_id, bot FROM members WHERE user_id > ? ORDER BY user_id LIMIT ?",
    cursor,
    limit,
  ).map((r) => ({ id: r.user_id, bot: r.bot === null ? null : r.bot === 1 }));
}

/** Pushes to all these members (ascending); returns the bots still owed the updates. */
export async function pushToMembers(
  env: Env,
  sql: SqlStorage,
  members: PagedMember[],
  updates: unknown[],
  senderDevice?: string,
): Promise<number[]> {
  if (members.length < CONNECTED_PUSH_MIN)
    return pushToAccounts(
      env,
      members.map((m) => m.id),
      updates,
      senderDevice,
    );
  const unknown = members.filter((m) => m.bot === null).map((m) => m.id);
  const newBots = new Set(unknown.length > 0 ? await directoryOf(env).botsAmong(unknown) : []);
  if (unknown.length > 0) rememberMemberKinds(sql, unknown, newBots);
  const people: number[] = [];
  const bots: number[] = [];
  for (const m of members) (m.bot === true || newBots.has(m.id) ? bots : people).push(m.id);
  return pushToConnected(env, people, bots, updates, senderDevice);
}

/** Records the kind of members just asked about (a member who left meanwhile has no row to mark). */
export function rememberMemberKinds(sql: SqlStorage, asked: number[], bots: Set<number>): void {
  if (asked.length === 0) return;
  run(
    sql,
    "UPDATE members SET bot = 0 WHERE bot IS NULL AND user_id IN (SELECT value FROM json_each(?))",
    JSON.stringify(asked.filter((id) => !bots.has(id))),
  );
  if (bots.size > 0)
    run(sql, "UPDATE members SET bot = 1 WHERE user_id IN (SELECT value FROM json_each(?))", JSON.stringify([...bots]));
}
