/**
 * BotObject: one per bot, a shell over plain modules. Its row (bot-record: token hash, owner, privacy,
 * webhook) and flood bucket (core/flood) guard `invoke`, which runs the Bot API worker's internal calls as
 * the bot once the request's token checks out. Its account's updates come in through bot-inbox, wait in
 * the queue (bot-updates) for a long poll (bot-long-poll) or the webhook (bot-webhook-delivery, by alarm);
 * callback and inline queries wait for the bot's answers (bot-callbacks, bot-inline); commands and
 * profile are bot-commands and bot-profile.
 */

import { DurableObject } from "cloudflare:workers";
import { FloodLimiter } from "../core/flood.ts";
import { callCore } from "../core/rpc/call.ts";
import { Errors, toRpcError } from "../protocol/errors.ts";
import type { Update } from "../protocol/model/update.ts";
import { type CallbackAnswer, CallbackQueries } from "./bot-callbacks.ts";
import { commandsSchema, deleteCommands, getCommands, setCommands } from "./bot-commands.ts";
import { fatherSchema } from "./bot-father.ts";
import { takeUpdates } from "./bot-inbox.ts";
import { InlineQueries, inlineSchema } from "./bot-inline.ts";
import { type GetUpdatesParams, openPoll } from "./bot-long-poll.ts";
import { PollWaiters } from "./bot-poll-wait.ts";
import { type BotTextField, botProfileSchema, botSetting, botText, setBotSetting, setBotText } from "./bot-profile.ts";
import * as record from "./bot-record.ts";
import { takenSchema } from "./bot-taken-updates.ts";
import { secretMatches } from "./bot-token.ts";
import { enqueue, pending, type StoredUpdate, type UpdateBody, updatesSchema } from "./bot-updates.ts";
import * as webhook from "./bot-webhook-delivery.ts";
import { migrate } from "./sql.ts";

export type { CallbackAnswer } from "./bot-callbacks.ts";
export type { GetUpdatesParams } from "./bot-long-poll.ts";
export type { WebhookInfo, WebhookParams } from "./bot-webhook-delivery.ts";

const schema = [
  ...updatesSchema,
  ...fatherSchema,
  ...takenSchema,
  ...botProfileSchema,
  ...inlineSchema,
  ...record.botRecordSchema,
  ...commandsSchema,
];

/** A Bot API request's token, checked by the first internal call the request makes. */
export interface BotCredentials {
  secret: string;
  /** Not counted by the flood limit (polling and introspection). */
  free: boolean;
}

/** What `invoke` answers: the method's result, or why the token was refused (the method did not run). */
export type Invoked = { result: unknown; blob?: Uint8Array } | { denied: { code: number; text: string } };

export class BotObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** Telegram allows a bot ~30 requests/s, in bursts. */
  private readonly flood = new FloodLimiter({ kind: "bucket", burst: 30, perSecond: 30 });
  /** The token's hash and the bot's id, read once (every request checks them); revokeToken forgets them. */
  private credential: record.BotCredential | null = null;
  /** Long polls waiting on hibernatable sockets (the Bot API worker holds the wait). */
  private readonly polls: PollWaiters;
  private readonly callbacks = new CallbackQueries();
  private readonly inline: InlineQueries;
  /** Keeps conversions of incoming updates in arrival order. */
  private inbox: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, schema);
    this.inline = new InlineQueries(this.sql);
    this.polls = new PollWaiters(ctx);
  }

  /** The socket a long poll waits on (the Bot API worker's `longPoll`); nothing else is fetched here. */
  override async fetch(request: Request): Promise<Response> {
    record.botRow(this.sql);
    const hasPending = pending(this.sql, 1, record.allowedUpdates(this.sql), Date.now()).length > 0;
    return this.polls.accept(request, hasPending);
  }

  // ------------------------------------------------------------ token (bot-record.ts)

  /** Sets the bot up and returns its first token. */
  create(botId: number, ownerId: number): string {
    return record.createBot(this.sql, botId, ownerId, Date.now());
  }

  /** Marks this bot as the built-in BotFather: it answers users itself instead of queueing updates. */
  makeBotFather(): void {
    record.makeBotFather(this.sql);
  }

  ownerId(): number | null {
    return record.ownerIdOf(this.sql);
  }

  /** A new token; the old one stops working at once. Only the owner may do it. */
  revokeToken(ownerId: number): string {
    const token = record.replaceToken(this.sql, ownerId);
    this.credential = null; // the old token stops working with this very call
    return token;
  }

  /** Checks a request's token and takes from the flood bucket (unless `free`). Throws 401 or 420. */
  authorize(secret: string, free = false): number {
    this.credential ??= record.storedCredential(this.sql);
    if (!this.credential || !secretMatches(secret, this.credential.tokenHash))
      throw Errors.unauthorized("BOT_TOKEN_INVALID");
    if (!free) {
      this.flood.take();
    }
    return this.credential.botId;
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
      botId = credentials ? this.authorize(credentials.secret, credentials.free) : record.botRow(this.sql).bot_id;
    } catch (e) {
      const err = toRpcError(e);
      return { denied: { code: err.code, text: err.text } };
    }
    return callCore(this.env, { kind: "bot", userId: botId }, method, params, blob);
  }

  setPrivacy(ownerId: number, enabled: boolean): void {
    record.setPrivacy(this.sql, ownerId, enabled);
  }

  privacy(): boolean {
    return record.botRow(this.sql).privacy === 1;
  }

  // ------------------------------------------------------------ updates (bot-inbox.ts, bot-updates.ts)

  /** The account's updates (from UserObject.pushToDevices), converted and queued in order. Resolves once
   * queued, so a crash before that makes the chat's job deliver them again (taken ones are skipped). */
  deliver(updates: Update[]): Promise<void> {
    const r = record.botRowOrNull(this.sql);
    if (!r) return Promise.resolve();
    const bot = { botId: r.bot_id, privacy: r.privacy === 1, isFather: record.isBotFather(this.sql) };
    // The chain runs one delivery at a time, so a retry waits for the first and then finds it taken.
    const queued = this.inbox.then(() =>
      takeUpdates(this.env, this.sql, bot, updates, (bodies) => {
        this.enqueue(bodies);
      }),
    );
    // A failed conversion does not stop the chain for the next delivery; its sender sees it and retries.
    this.inbox = queued.catch((e) => console.error("bot update conversion failed", e));
    this.ctx.waitUntil(this.inbox);
    return queued;
  }

  /** Queues Bot API updates (already converted) and delivers them by webhook or to a waiting long poll. */
  enqueue(bodies: UpdateBody[]): number {
    const r = record.botRowOrNull(this.sql);
    if (!r) return 0;
    const n = enqueue(this.sql, bodies, record.allowedUpdates(this.sql), Date.now());
    if (n > 0) {
      this.polls.wake();
      this.scheduleDelivery(r);
    }
    return n;
  }

  /**
   * The updates queued now (a poll's `timeout` is waited out by the worker, workers/bot-api/long-poll.ts).
   * `resumed`: the poll that waited on a socket comes back for its updates (it ends no other poll).
   */
  getUpdates(p: GetUpdatesParams, resumed = false): StoredUpdate[] {
    const { limit } = openPoll(this.sql, p);
    if (!resumed) this.polls.terminate();
    return pending(this.sql, limit, record.allowedUpdates(this.sql), Date.now());
  }

  // ------------------------------------------------------------ webhook (bot-webhook-delivery.ts)

  setWebhook(p: webhook.WebhookParams): true {
    if (!webhook.setWebhook(this.sql, p, this.env.DEV_MODE === "1"))
      return this.deleteWebhook(p.drop_pending_updates ?? false);
    this.polls.terminate();
    this.scheduleDelivery(record.botRow(this.sql));
    return true;
  }

  deleteWebhook(dropPending: boolean): true {
    webhook.deleteWebhook(this.sql, dropPending);
    return true;
  }

  getWebhookInfo(): webhook.WebhookInfo {
    return webhook.webhookInfo(this.sql);
  }

  private scheduleDelivery(r: record.BotRow): void {
    if (webhook.deliversNow(r)) void this.ctx.storage.setAlarm(Date.now());
  }

  /** Delivers pending updates by webhook; after a failure, tries again at the backoff's time. */
  override async alarm(): Promise<void> {
    const retryAt = await webhook.deliverPending(this.sql, (botId, reply) =>
      webhook.runWebhookReply(this.env, botId, reply),
    );
    if (retryAt !== null) await this.ctx.storage.setAlarm(retryAt);
  }

  // ------------------------------------------------------------ callback queries (bot-callbacks.ts)

  /** Queues a callback_query update and waits (up to waitMs) for the bot's answerCallbackQuery. */
  async callbackQuery(queryId: string, update: UpdateBody, waitMs: number): Promise<CallbackAnswer | null> {
    return this.callbacks.ask(queryId, () => this.enqueue([update]), waitMs);
  }

  answerCallbackQuery(queryId: string, answer: CallbackAnswer): true {
    return this.callbacks.answer(queryId, answer);
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

  // ------------------------------------------------------------ commands (bot-commands.ts)

  setCommands(scope: string, lang: string, commands: unknown[]): true {
    setCommands(this.sql, scope, lang, commands);
    return true;
  }

  /** The commands for a scope and language, falling back to the scope's default language like Telegram. */
  getCommands(scope: string, lang: string): unknown[] {
    return getCommands(this.sql, scope, lang);
  }

  deleteCommands(scope: string, lang: string): true {
    deleteCommands(this.sql, scope, lang);
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
