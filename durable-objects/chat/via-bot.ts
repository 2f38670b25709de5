/** Messages posted through a bot's inline mode remember the bot ("via @bot"): a column added to older chats on first use. */
import { all, run } from "../sql.ts";

export function initViaBot(sql: SqlStorage): void {
  const cols = all<{ name: string }>(sql, "PRAGMA table_info(messages)");
  if (!cols.some((c) => c.name === "via_bot_id")) sql.exec("ALTER TABLE messages ADD COLUMN via_bot_id INTEGER");
}

export const setViaBot = (sql: SqlStorage, msgId: number, botId: number) =>
  run(sql, "UPDATE messages SET via_bot_id = ? WHERE id = ?", botId, msgId);
