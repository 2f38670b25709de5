/** A bot's command lists (setMyCommands) in its BotObject's SQLite, per scope and language. */
import { all, run } from "./sql.ts";

export const commandsSchema = [
  `CREATE TABLE IF NOT EXISTS commands (
     scope TEXT NOT NULL, lang TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (scope, lang))`,
];

export function setCommands(sql: SqlStorage, scope: string, lang: string, commands: unknown[]): void {
  run(
    sql,
    "INSERT OR REPLACE INTO commands (scope, lang, body) VALUES (?, ?, ?)",
    scope,
    lang,
    JSON.stringify(commands),
  );
}

/** The commands for a scope and language, falling back to the scope's default language like Telegram. */
export function getCommands(sql: SqlStorage, scope: string, lang: string): unknown[] {
  const rows = all<{ lang: string; body: string }>(
    sql,
    "SELECT lang, body FROM commands WHERE scope = ? AND lang IN (?, '')",
    scope,
    lang,
  );
  const row = rows.find((r) => r.lang === lang) ?? rows.find((r) => r.lang === "");
  return row ? (JSON.parse(row.body) as unknown[]) : [];
}

export function deleteCommands(sql: SqlStorage, scope: string, lang: string): void {
  run(sql, "DELETE FROM commands WHERE scope = ? AND lang = ?", scope, lang);
}
