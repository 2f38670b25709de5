/**
 * A bot's own row in its BotObject's SQLite: its id and owner, its token's hash (bot-token.ts), privacy
 * mode, the update types it takes, its webhook and that webhook's failures; and whether it is BotFather.
 */
import { Errors } from "../protocol/errors.ts";
import { hashSecret, newSecret } from "./bot-token.ts";
import { bytesOf, one, run } from "./sql.ts";

export const botRecordSchema = [
  "CREATE TABLE IF NOT EXISTS system_bot (kind TEXT NOT NULL)",
  `CREATE TABLE IF NOT EXISTS bot (
     id INTEGER PRIMARY KEY CHECK (id = 1), bot_id INTEGER NOT NULL, owner_id INTEGER NOT NULL,
     token_hash BLOB NOT NULL, created INTEGER NOT NULL, privacy INTEGER NOT NULL DEFAULT 1,
     allowed_updates TEXT, webhook_url TEXT, webhook_secret TEXT, max_connections INTEGER NOT NULL DEFAULT 40,
     webhook_ip TEXT, last_error_date INTEGER, last_error_message TEXT, failures INTEGER NOT NULL DEFAULT 0)`,
];

export interface BotRow {
  bot_id: number;
  owner_id: number;
  token_hash: ArrayBuffer;
  privacy: number;
  allowed_updates: string | null;
  webhook_url: string | null;
  webhook_secret: string | null;
  max_connections: number;
  last_error_date: number | null;
  last_error_message: string | null;
  failures: number;
}

/** The token's hash and the bot's id: what every request checks. */
export interface BotCredential {
  tokenHash: Uint8Array;
  botId: number;
}

/** The row, or null while the bot is not set up. */
export const botRowOrNull = (sql: SqlStorage): BotRow | null => one<BotRow>(sql, "SELECT * FROM bot WHERE id = 1");

/** The row; a bot that is not set up has no valid token (401 BOT_TOKEN_INVALID). */
export function botRow(sql: SqlStorage): BotRow {
  const r = botRowOrNull(sql);
  if (!r) throw Errors.unauthorized("BOT_TOKEN_INVALID");
  return r;
}

/** The update types the bot asked for (getUpdates or setWebhook), or null for the default set. */
export function allowedUpdates(sql: SqlStorage): string[] | null {
  const a = botRow(sql).allowed_updates;
  return a ? (JSON.parse(a) as string[]) : null;
}

export function setAllowedUpdates(sql: SqlStorage, allowed: string[]): void {
  run(sql, "UPDATE bot SET allowed_updates = ? WHERE id = 1", JSON.stringify(allowed));
}

/** Sets the bot up and returns its first token; BOT_ALREADY_EXISTS the second time. */
export function createBot(sql: SqlStorage, botId: number, ownerId: number, now: number): string {
  if (one(sql, "SELECT id FROM bot WHERE id = 1")) throw Errors.badRequest("BOT_ALREADY_EXISTS");
  const secret = newSecret();
  run(
    sql,
    "INSERT INTO bot (id, bot_id, owner_id, token_hash, created) VALUES (1, ?, ?, ?, ?)",
    botId,
    ownerId,
    hashSecret(secret),
    now,
  );
  return `${botId}:${secret}`;
}

/** Marks this bot as the built-in BotFather: it answers users itself instead of queueing updates. */
export function makeBotFather(sql: SqlStorage): void {
  run(sql, "DELETE FROM system_bot");
  run(sql, "INSERT INTO system_bot (kind) VALUES ('botfather')");
}

export const isBotFather = (sql: SqlStorage): boolean =>
  one(sql, "SELECT kind FROM system_bot WHERE kind = 'botfather'") !== null;

export function ownerIdOf(sql: SqlStorage): number | null {
  return one<{ owner_id: number }>(sql, "SELECT owner_id FROM bot WHERE id = 1")?.owner_id ?? null;
}

function checkOwner(r: BotRow, ownerId: number): void {
  if (r.owner_id !== ownerId) throw Errors.forbidden("BOT_OWNER_REQUIRED");
}

/** A new token in place of the old one; only the owner may (403 BOT_OWNER_REQUIRED). */
export function replaceToken(sql: SqlStorage, ownerId: number): string {
  const r = botRow(sql);
  checkOwner(r, ownerId);
  const secret = newSecret();
  run(sql, "UPDATE bot SET token_hash = ? WHERE id = 1", hashSecret(secret));
  return `${r.bot_id}:${secret}`;
}

export function storedCredential(sql: SqlStorage): BotCredential | null {
  const r = one<{ token_hash: ArrayBuffer; bot_id: number }>(sql, "SELECT token_hash, bot_id FROM bot WHERE id = 1");
  return r && { tokenHash: bytesOf(r.token_hash), botId: r.bot_id };
}

/** Privacy mode (groups show the bot only commands and mentions); only the owner changes it. */
export function setPrivacy(sql: SqlStorage, ownerId: number, enabled: boolean): void {
  checkOwner(botRow(sql), ownerId);
  run(sql, "UPDATE bot SET privacy = ? WHERE id = 1", enabled ? 1 : 0);
}
