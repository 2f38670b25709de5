/**
 * BotObject: one per bot. Holds the token hash, the update queue (long
 * polling or webhook delivery with alarm-driven retries), the bot's commands
 * and profile (bot-profile), its flood bucket and the callback queries waiting
 * for an answer, and runs the Bot API worker's internal calls as the bot
 * (`invoke`, which checks the request's token first). Logic lives in bot-updates / bot-webhook /
 * bot-token, and the flood rule in core/flood.
 */

import { DurableObject } from "cloudflare:workers";
import { FloodLimiter } from "../core/flood.ts";
import { logFailure } from "../core/log.ts";
import { callCore } from "../core/rpc/call.ts";
import { Errors, toRpcError } from "../protocol/errors.ts";
import type { Update } from "../protocol/model/update.ts";
import { fatherHandle, fatherSchema } from "./bot-father.ts";
import { botUpdatesFrom } from "./bot-inbox.ts";
import { InlineQueries, inlineSchema } from "./bot-inline.ts";
import { PollWaiters } from "./bot-poll-wait.ts";
import { type BotTextField, botProfileSchema, botSetting, botText, setBotSetting, setBotText } from "./bot-profile.ts";
import { markTaken, takenSchema, untaken } from "./bot-taken-updates.ts";
import { hashSecret, newSecret, secretMatches } from "./bot-token.ts";
import {
  confirm,
  drop,
  dropAll,
  enqueue,
  MAX_POLL_S,
  pending,
  pendingCount,
  type StoredUpdate,
  type UpdateBody,
  updatesSchema,
} from "./bot-updates.ts";
import { backoffMs, checkWebhookUrl, postUpdate } from "./bot-webhook.ts";
import { all, bytesOf, migrate, one, run } from "./sql.ts";

const schema = [
  ...updatesSchema,
  ...fatherSchema,
  ...takenSchema,
  ...botProfileSchema,
  ...inlineSchema,
  "CREATE TABLE IF NOT EXISTS system_bot (kind TEXT NOT NULL)",
  `CREATE TABLE IF NOT EXISTS bot (
     id INTEGER PRIMARY KEY CHECK (id = 1), bot_id INTEGER NOT NULL, owner_id INTEGER NOT NULL,
     token_hash BLOB NOT NULL, created INTEGER NOT NULL, privacy INTEGER NOT NULL DEFAULT 1,
     allowed_updates TEXT, webhook_url TEXT, webhook_secret TEXT, max_connections INTEGER NOT NULL DEFAULT 40,
     webhook_ip TEXT, last_error_date INTEGER, last_error_message TEXT, failures INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS commands (
     scope TEXT NOT NULL, lang TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (scope, lang))`,
];

interface BotRow {
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

export interface GetUpdatesParams {
  offset?: number;
  limit?: number;
  timeout?: number;
  allowed_updates?: string[];
}

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

/** A Bot API request's token, checked by the first internal call the request makes. */
export interface BotCredentials {
  secret: string;
  /** Not counted by the flood limit (polling and introspection). */
  free: boolean;
}

/** What `invoke` answers: the method's result, or why the token was refused (the method did not run). */
export type Invoked = { result: unknown; blob?: Uint8Array } | { denied: { code: number; text: string } };

export interface CallbackAnswer {
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
}

export class BotObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** Telegram allows a bot ~30 requests/s, in bursts. */
  private readonly flood = new FloodLimiter({ kind: "bucket", burst: 30, perSecond: 30 });
  /** Wakes the long poll waiting for updates, if any. */
  private wake: (() => void) | null = null;
  /** Ends the previous long poll when a newer getUpdates arrives (Telegram's 409). */
  private supersede: (() => void) | null = null;
  private readonly callbacks = new Map<string, (a: CallbackAnswer) => void>();
  /** The token's hash and the bot's id, read once (every request checks them); revokeToken forgets them. */
  private credential: { tokenHash: Uint8Array; botId: number } | null = null;
  private readonly inline: InlineQueries;
  /** Keeps conversions of incoming updates in arrival order. */
  private inbox: Promise<void> = Promise.resolve();
  private readonly pollWaiters: PollWaiters; // long polls waiting on hibernatable sockets

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, schema);
    this.inline = new InlineQueries(this.sql);
    this.pollWaiters = new PollWaiters(ctx);
  }

  /** The socket a long poll waits on (the Bot API worker's `longPoll`); nothing else is fetched here. */
  override async fetch(request: Request): Promise<Response> {
    this.row();
    return this.pollWaiters.accept(request, pending(this.sql, 1, this.allowed(), Date.now()).length > 0);
  }

  private row(): BotRow {
    const r = one<BotRow>(this.sql, "SELECT * FROM bot WHERE id = 1");
    if (!r) throw Errors.unauthorized("BOT_TOKEN_INVALID");
    return r;
  }

  private allowed(): string[] | null {
    const a = this.row().allowed_updates;
    return a ? (JSON.parse(a) as string[]) : null;
  }

  // ------------------------------------------------------------ token

  /** Sets the bot up and returns its first token. */
  create(botId: number, ownerId: number): string {
    if (one(this.sql, "SELECT id FROM bot WHERE id = 1")) throw Errors.badRequest("BOT_ALREADY_EXISTS");
    const secret = newSecret();
    run(
      this.sql,
      "INSERT INTO bot (id, bot_id, owner_id, token_hash, created) VALUES (1, ?, ?, ?, ?)",
      botId,
      ownerId,
      hashSecret(secret),
      Date.now(),
    );
    return `${botId}:${secret}`;
  }

  /** Marks this bot as the built-in BotFather: it answers users itself instead of queueing updates. */
  makeBotFather(): void {
    run(this.sql, "DELETE FROM system_bot");
    run(this.sql, "INSERT INTO system_bot (kind) VALUES ('botfather')");
  }

  ownerId(): number | null {
    return one<{ owner_id: number }>(this.sql, "SELECT owner_id FROM bot WHERE id = 1")?.owner_id ?? null;
  }

  /** A new token; the old one stops working at once. Only the owner may do it. */
  revokeToken(ownerId: number): string {
    const r = this.row();
    if (r.owner_id !== ownerId) throw Errors.forbidden("BOT_OWNER_REQUIRED");
    const secret = newSecret();
    run(this.sql, "UPDATE bot SET token_hash = ? WHERE id = 1", hashSecret(secret));
    this.credential = null; // the old token stops working with this very call
    return `${r.bot_id}:${secret}`;
  }

  /** Checks a request's token and takes from the flood bucket (unless `free`). Throws 401 or 420. */
  authorize(secret: string, free = false): number {
    this.credential ??= this.storedCredential();
    if (!this.credential || !secretMatches(secret, this.credential.tokenHash))
      throw Errors.unauthorized("BOT_TOKEN_INVALID");
    if (!free) {
      this.flood.take();
    }
    return this.credential.botId;
  }

  private storedCredential(): { tokenHash: Uint8Array; botId: number } | null {
    const r = one<{ token_hash: ArrayBuffer; bot_id: number }>(
      this.sql,
      "SELECT token_hash, bot_id FROM bot WHERE id = 1",
    );
    return r && { tokenHash: bytesOf(r.token_hash), botId: r.bot_id };
  }

  /**
   * Runs one internal RPC method as this bot (the Bot API worker's calls). With `credentials`, the
   * token is checked and a flood token taken first, in the same call: a sendMessage then costs one
   * hop into the bot's object instead of an authorize hop plus a dispatch hop. A refused token is
   * answered as `denied` (the method never ran); the method's own errors are thrown. Like Telegram's
   * telegram-bot-api, which runs one client per bot, each bot's calls pass through its own object.
   */
  async invoke(
    credentials: BotCredentials | null,
    method: string,
    params: unknown,
    blob?: Uint8Array,
  ): Promise<Invoked> {
    let botId: number;
    try {
      botId = credentials ? this.authorize(credentials.secret, credentials.free) : this.row().bot_id;
    } catch (e) {
      const err = toRpcError(e);
      return { denied: { code: err.code, text: err.text } };
    }
    return callCore(this.env, { kind: "bot", userId: botId }, method, params, blob);
  }

  setPrivacy(ownerId: number, enabled: boolean): void {
    if (this.row().owner_id !== ownerId) throw Errors.forbidden("BOT_OWNER_REQUIRED");
    run(this.sql, "UPDATE bot SET privacy = ? WHERE id = 1", enabled ? 1 : 0);
  }

  privacy(): boolean {
    return this.row().privacy === 1;
  }

  // ------------------------------------------------------------ updates

  /** The account's updates (from UserObject.pushToDevices), converted and queued in order. Resolves once
   * queued, so a crash before that makes the chat's job deliver them again (taken ones are skipped). */
  deliver(updates: Update[]): Promise<void> {
    const r = one<BotRow>(this.sql, "SELECT * FROM bot WHERE id = 1");
    if (!r) return Promise.resolve();
    const isFather = one(this.sql, "SELECT kind FROM system_bot WHERE kind = 'botfather'") !== null;
    // The chain runs one delivery at a time, so a retry waits for the first and then finds it taken.
    const queued = this.inbox.then(async () => {
      const fresh = untaken(this.sql, updates);
      if (fresh.length === 0) return;
      if (isFather) {
        await fatherHandle(this.env, this.sql, r.bot_id, fresh);
        return markTaken(this.sql, fresh, Date.now());
      }
      const bodies = await botUpdatesFrom(this.env, r.bot_id, fresh, r.privacy === 1);
      // No await between the two: they are written together or not at all.
      markTaken(this.sql, fresh, Date.now());
      if (bodies.length) this.enqueue(bodies);
    });
    // A failed conversion does not stop the chain for the next delivery; its sender sees it and retries.
    this.inbox = queued.catch((e) => console.error("bot update conversion failed", e));
    this.ctx.waitUntil(this.inbox);
    return queued;
  }

  /** Queues Bot API updates (already converted) and delivers them by webhook or to a waiting long poll. */
  enqueue(bodies: UpdateBody[]): number {
    const r = one<BotRow>(this.sql, "SELECT * FROM bot WHERE id = 1");
    if (!r) return 0;
    const n = enqueue(this.sql, bodies, this.allowed(), Date.now());
    if (n > 0) {
      this.wake?.();
      this.pollWaiters.wake();
      if (r.webhook_url) this.scheduleDelivery(r);
    }
    return n;
  }

  /** `resumed`: the poll that waited on a socket comes back for its updates (it ends no other poll). */
  async getUpdates(p: GetUpdatesParams, resumed = false): Promise<StoredUpdate[]> {
    if (this.row().webhook_url) throw Errors.conflict("GETUPDATES_WEBHOOK_ACTIVE");
    if (p.allowed_updates)
      run(this.sql, "UPDATE bot SET allowed_updates = ? WHERE id = 1", JSON.stringify(p.allowed_updates));
    confirm(this.sql, p.offset ?? 0);
    const limit = Math.min(100, Math.max(1, p.limit ?? 100));
    const timeoutMs = Math.min(MAX_POLL_S, Math.max(0, p.timeout ?? 0)) * 1000;
    if (!resumed) {
      this.supersede?.();
      this.pollWaiters.terminate();
    }
    let found = pending(this.sql, limit, this.allowed(), Date.now());
    if (found.length > 0 || timeoutMs === 0) return found;
    let superseded = false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const self = () => {
        superseded = true;
        done();
      };
      this.wake = done;
      this.supersede = self;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.wake = null;
      this.supersede = null;
    });
    if (superseded) throw Errors.conflict("GETUPDATES_TERMINATED");
    found = pending(this.sql, limit, this.allowed(), Date.now());
    return found;
  }

  // ------------------------------------------------------------ webhook

  setWebhook(p: WebhookParams): true {
    const r = this.row();
    if (p.url === "") return this.deleteWebhook(p.drop_pending_updates ?? false);
    const url = checkWebhookUrl(p.url, this.env.DEV_MODE === "1");
    if (p.drop_pending_updates) dropAll(this.sql);
    run(
      this.sql,
      `UPDATE bot SET webhook_url = ?, webhook_secret = ?, max_connections = ?, allowed_updates = ?,
         failures = 0, last_error_date = NULL, last_error_message = NULL WHERE id = 1`,
      url,
      p.secret_token ?? null,
      p.max_connections ?? 40,
      p.allowed_updates ? JSON.stringify(p.allowed_updates) : r.allowed_updates,
    );
    this.supersede?.();
    this.pollWaiters.terminate();
    this.scheduleDelivery(this.row());
    return true;
  }

  deleteWebhook(dropPending: boolean): true {
    this.row();
    if (dropPending) dropAll(this.sql);
    run(this.sql, "UPDATE bot SET webhook_url = NULL, webhook_secret = NULL, failures = 0 WHERE id = 1");
    return true;
  }

  getWebhookInfo(): WebhookInfo {
    const r = this.row();
    const info: WebhookInfo = {
      url: r.webhook_url ?? "",
      has_custom_certificate: false,
      pending_update_count: pendingCount(this.sql),
    };
    if (r.webhook_url) {
      info.max_connections = r.max_connections;
      if (r.allowed_updates) info.allowed_updates = JSON.parse(r.allowed_updates) as string[];
    }
    if (r.last_error_date) info.last_error_date = r.last_error_date;
    if (r.last_error_message) info.last_error_message = r.last_error_message;
    return info;
  }

  private scheduleDelivery(r: BotRow): void {
    if (!r.webhook_url || r.failures > 0) return; // a backing-off webhook keeps its retry time
    void this.ctx.storage.setAlarm(Date.now());
  }

  /** Delivers pending updates by webhook, up to max_connections at once, in id order; backs off on failure. */
  override async alarm(): Promise<void> {
    for (;;) {
      const r = one<BotRow>(this.sql, "SELECT * FROM bot WHERE id = 1");
      if (!r?.webhook_url) return;
      const batch = pending(this.sql, r.max_connections, this.allowed(), Date.now());
      if (batch.length === 0) return;
      const results = await Promise.all(batch.map((u) => postUpdate(r.webhook_url as string, r.webhook_secret, u)));
      const delivered = batch.filter((_, i) => results[i]?.error === null).map((u) => u.update_id);
      drop(this.sql, delivered);
      for (const d of results) if (d.reply) await this.runWebhookReply(r.bot_id, d.reply);
      const error = results.find((d) => d.error !== null)?.error;
      if (error) {
        const failures = r.failures + 1;
        run(
          this.sql,
          "UPDATE bot SET failures = ?, last_error_date = ?, last_error_message = ? WHERE id = 1",
          failures,
          Math.floor(Date.now() / 1000),
          error,
        );
        await this.ctx.storage.setAlarm(Date.now() + backoffMs(failures));
        return;
      }
      if (r.failures > 0) run(this.sql, "UPDATE bot SET failures = 0 WHERE id = 1");
    }
  }

  /** A webhook answered with a method call: run it as the bot through the Bot API worker. */
  private async runWebhookReply(botId: number, reply: { method: string; params: Record<string, unknown> }) {
    const api = this.env.BOT_API;
    if (!api) return;
    // Like Telegram, the outcome of a webhook reply is not reported to the bot; a failure is logged
    // (not retried: the reply answered one update, and the webhook already acknowledged it).
    await api
      .runAsBot(botId, reply.method, reply.params)
      .catch((e) => logFailure(`bot ${botId}'s webhook reply ${reply.method}`, e));
  }

  // ------------------------------------------------------------ callback queries

  /** Queues a callback_query update and waits (up to waitMs) for the bot's answerCallbackQuery. */
  async callbackQuery(queryId: string, update: UpdateBody, waitMs: number): Promise<CallbackAnswer | null> {
    const answer = new Promise<CallbackAnswer | null>((resolve) => {
      const timer = setTimeout(() => {
        this.callbacks.delete(queryId);
        resolve(null);
      }, waitMs);
      this.callbacks.set(queryId, (a) => {
        clearTimeout(timer);
        this.callbacks.delete(queryId);
        resolve(a);
      });
    });
    this.enqueue([update]);
    return answer;
  }

  answerCallbackQuery(queryId: string, answer: CallbackAnswer): true {
    const waiter = this.callbacks.get(queryId);
    if (!waiter) throw Errors.badRequest("QUERY_ID_INVALID");
    waiter(answer);
    return true;
  }

  // ------------------------------------------------------------ inline queries (bot-inline.ts)

  /** Answers "@bot query" from the cache, or queues the inline_query update and waits for answerInlineQuery. */
  inlineQuery(
    q: { queryId: string; userId: number; query: string; offset: string },
    update: UpdateBody,
    waitMs: number,
  ) {
    return this.inline.ask(q, () => this.enqueue([update]), waitMs);
  }

  answerInlineQuery(queryId: string, answer: unknown): true {
    return this.inline.answer(queryId, answer);
  }

  /** A result the user was shown, to post it; its chosen_inline_result goes to the bot. */
  chooseInlineResult(queryId: string, userId: number, id: string) {
    return this.inline.result(queryId, userId, id);
  }

  // ------------------------------------------------------------ commands

  setCommands(scope: string, lang: string, commands: unknown[]): true {
    run(
      this.sql,
      "INSERT OR REPLACE INTO commands (scope, lang, body) VALUES (?, ?, ?)",
      scope,
      lang,
      JSON.stringify(commands),
    );
    return true;
  }

  /** The commands for a scope and language, falling back to the scope's default language like Telegram. */
  getCommands(scope: string, lang: string): unknown[] {
    const rows = all<{ lang: string; body: string }>(
      this.sql,
      "SELECT lang, body FROM commands WHERE scope = ? AND lang IN (?, '')",
      scope,
      lang,
    );
    const row = rows.find((r) => r.lang === lang) ?? rows.find((r) => r.lang === "");
    return row ? (JSON.parse(row.body) as unknown[]) : [];
  }

  deleteCommands(scope: string, lang: string): true {
    run(this.sql, "DELETE FROM commands WHERE scope = ? AND lang = ?", scope, lang);
    return true;
  }

  // ------------------------------------------------------------ profile (bot-profile.ts)

  setText(field: BotTextField, lang: string, value: string): true {
    setBotText(this.sql, field, lang, value);
    return true;
  }

  text(field: BotTextField, lang: string): string | null {
    return botText(this.sql, field, lang);
  }

  setSetting(key: string, body: unknown): true {
    setBotSetting(this.sql, key, body);
    return true;
  }

  setting(key: string): unknown | null {
    return botSetting(this.sql, key);
  }
}
