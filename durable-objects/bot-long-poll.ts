/**
 * getUpdates in a BotObject: the bookkeeping before a poll looks (no polls while a webhook is set; the
 * offset confirms what came before). A poll that waits does so in the Bot API worker, on a hibernatable
 * socket to the object (bot-poll-wait.ts), never in the object: the object always answers at once.
 */
import { Errors } from "../protocol/errors.ts";
import { botRow, setAllowedUpdates } from "./bot-record.ts";
import { confirm } from "./bot-updates.ts";

export interface GetUpdatesParams {
  offset?: number;
  limit?: number;
  timeout?: number;
  allowed_updates?: string[];
}

/**
 * Refuses a poll while a webhook is set (409), keeps the poll's allowed_updates, drops the updates its
 * offset confirms, and says how many updates it takes.
 */
export function openPoll(sql: SqlStorage, p: GetUpdatesParams): { limit: number } {
  if (botRow(sql).webhook_url) throw Errors.conflict("GETUPDATES_WEBHOOK_ACTIVE");
  if (p.allowed_updates) setAllowedUpdates(sql, p.allowed_updates);
  confirm(sql, p.offset ?? 0);
  return { limit: Math.min(100, Math.max(1, p.limit ?? 100)) };
}
