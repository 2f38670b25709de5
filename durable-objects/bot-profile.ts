/**
 * The bot's profile as Telegram's Bot API sets it: name, description and short description per
 * language, the menu button (default and per private chat) and the default administrator rights it
 * asks for in groups and channels. Rows in the bot's own BotObject, beside its commands.
 */
import { all, one, run } from "./sql.ts";

export const botProfileSchema = [
  `CREATE TABLE IF NOT EXISTS bot_texts (
     field TEXT NOT NULL, lang TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (field, lang))`,
  "CREATE TABLE IF NOT EXISTS bot_settings (key TEXT PRIMARY KEY, body TEXT NOT NULL)",
];

/** The texts a bot sets per language ("" is the default every language falls back to). */
export type BotTextField = "name" | "description" | "short_description";

/** Sets a text for one language; an empty value removes it (the language falls back to the default). */
export function setBotText(sql: SqlStorage, field: BotTextField, lang: string, value: string): void {
  if (value === "") run(sql, "DELETE FROM bot_texts WHERE field = ? AND lang = ?", field, lang);
  else run(sql, "INSERT OR REPLACE INTO bot_texts (field, lang, value) VALUES (?, ?, ?)", field, lang, value);
}

/** The text for `lang`, else the default's, else null. */
export function botText(sql: SqlStorage, field: BotTextField, lang: string): string | null {
  const rows = all<{ lang: string; value: string }>(
    sql,
    "SELECT lang, value FROM bot_texts WHERE field = ? AND lang IN (?, '')",
    field,
    lang,
  );
  return (rows.find((r) => r.lang === lang) ?? rows.find((r) => r.lang === ""))?.value ?? null;
}

/** A stored setting (menu buttons, default rights) as the JSON the Bot API gave; null removes it. */
export function setBotSetting(sql: SqlStorage, key: string, body: unknown): void {
  if (body === null) run(sql, "DELETE FROM bot_settings WHERE key = ?", key);
  else run(sql, "INSERT OR REPLACE INTO bot_settings (key, body) VALUES (?, ?)", key, JSON.stringify(body));
}

export function botSetting(sql: SqlStorage, key: string): unknown | null {
  const row = one<{ body: string }>(sql, "SELECT body FROM bot_settings WHERE key = ?", key);
  return row ? (JSON.parse(row.body) as unknown) : null;
}
