/**
 * A bot's webhook as its BotObject runs it: set, removed and described (setWebhook, deleteWebhook,
 * getWebhookInfo) in the bot's row, and its queue delivered in rounds by the object's alarm, backing off
 * after a failure. The URL rules and a single POST are bot-webhook.ts.
 */
import { logFailure } from "../core/log.ts";
import { allowedUpdates, type BotRow, botRow, botRowOrNull } from "./bot-record.ts";
import { drop, dropAll, pending, pendingCount } from "./bot-updates.ts";
import { backoffMs, checkWebhookUrl, postUpdate } from "./bot-webhook.ts";
import { run } from "./sql.ts";

export interface WebhookParams {
  url: string;
  secret_token?: string;
  max_connections?: number;
  allowed_updates?: string[];
  drop_pending_updates?: boolean;
}

export interface WebhookInfo {
  url: string;
  has_custom_certificate: boolean;
  pending_update_count: number;
  max_connections?: number;
  allowed_updates?: string[];
  last_error_date?: number;
  last_error_message?: string;
}

/** A method call a webhook answered with (bot-webhook.ts Delivery.reply). */
export type WebhookReply = { method: string; params: Record<string, unknown> };

/** Stores the webhook (its URL checked first) and clears its failures; false for an empty URL (a removal). */
export function setWebhook(sql: SqlStorage, p: WebhookParams, devMode: boolean): boolean {
  const r = botRow(sql);
  if (p.url === "") return false;
  const url = checkWebhookUrl(p.url, devMode);
  if (p.drop_pending_updates) dropAll(sql);
  run(
    sql,
    `UPDATE bot SET webhook_url = ?, webhook_secret = ?, max_connections = ?, allowed_updates = ?,
       failures = 0, last_error_date = NULL, last_error_message = NULL WHERE id = 1`,
    url,
    p.secret_token ?? null,
    p.max_connections ?? 40,
    p.allowed_updates ? JSON.stringify(p.allowed_updates) : r.allowed_updates,
  );
  return true;
}

export function deleteWebhook(sql: SqlStorage, dropPending: boolean): void {
  botRow(sql);
  if (dropPending) dropAll(sql);
  run(sql, "UPDATE bot SET webhook_url = NULL, webhook_secret = NULL, failures = 0 WHERE id = 1");
}

export function webhookInfo(sql: SqlStorage): WebhookInfo {
  const r = botRow(sql);
  const info: WebhookInfo = {
    url: r.webhook_url ?? "",
    has_custom_certificate: false,
    pending_update_count: pendingCount(sql),
  };
  if (r.webhook_url) {
    info.max_connections = r.max_connections;
    if (r.allowed_updates) info.allowed_updates = JSON.parse(r.allowed_updates) as string[];
  }
  if (r.last_error_date) info.last_error_date = r.last_error_date;
  if (r.last_error_message) info.last_error_message = r.last_error_message;
  return info;
}

/** Whether queued updates should start leaving now: a webhook is set and not backing off (it keeps its retry time). */
export const deliversNow = (r: BotRow): boolean => Boolean(r.webhook_url) && r.failures <= 0;

/**
 * Delivers pending updates by webhook, up to max_connections at once, in id order, until none are left;
 * runs the replies through `runReply`. Returns when to try again after a failure (recorded in the row),
 * or null when the queue is empty or no webhook is set.
 */
export async function deliverPending(
  sql: SqlStorage,
  runReply: (botId: number, reply: WebhookReply) => Promise<void>,
): Promise<number | null> {
  for (;;) {
    const r = botRowOrNull(sql);
    if (!r?.webhook_url) return null;
    const batch = pending(sql, r.max_connections, allowedUpdates(sql), Date.now());
    if (batch.length === 0) return null;
    const results = await Promise.all(batch.map((u) => postUpdate(r.webhook_url as string, r.webhook_secret, u)));
    const delivered = batch.filter((_, i) => results[i]?.error === null).map((u) => u.update_id);
    drop(sql, delivered);
    for (const d of results) if (d.reply) await runReply(r.bot_id, d.reply);
    const error = results.find((d) => d.error !== null)?.error;
    if (error) {
      const failures = r.failures + 1;
      run(
        sql,
        "UPDATE bot SET failures = ?, last_error_date = ?, last_error_message = ? WHERE id = 1",
        failures,
        Math.floor(Date.now() / 1000),
        error,
      );
      return Date.now() + backoffMs(failures);
    }
    if (r.failures > 0) run(sql, "UPDATE bot SET failures = 0 WHERE id = 1");
  }
}

/** A webhook answered with a method call: run it as the bot through the Bot API worker. */
export async function runWebhookReply(env: Env, botId: number, reply: WebhookReply): Promise<void> {
  const api = env.BOT_API;
  if (!api) return;
  // Like Telegram, the outcome of a webhook reply is not reported to the bot; a failure is logged
  // (not retried: the reply answered one update, and the webhook already acknowledged it).
  await api
    .runAsBot(botId, reply.method, reply.params)
    .catch((e) => logFailure(`bot ${botId}'s webhook reply ${reply.method}`, e));
}
