/** The bot itself: getMe, logOut/close, getUpdates, webhooks and commands (state in its BotObject). */

import * as v from "valibot";
import { tgUser } from "../../../protocol/bot-api/convert.ts";
import { bool, int, json, str } from "../../../protocol/bot-api/params.ts";
import { botMethod } from "../context.ts";
import { badRequest } from "../errors.ts";
import { longPoll } from "../long-poll.ts";

const UPDATE_TYPES = [
  "message",
  "edited_message",
  "channel_post",
  "edited_channel_post",
  "callback_query",
  "my_chat_member",
  "chat_member",
  "message_reaction",
  "message_reaction_count",
  "inline_query",
  "chosen_inline_result",
  "shipping_query",
  "pre_checkout_query",
  "poll",
  "poll_answer",
  "chat_join_request",
  "chat_boost",
  "removed_chat_boost",
  "business_connection",
  "business_message",
  "edited_business_message",
  "deleted_business_messages",
  "purchased_paid_media",
] as const;
const AllowedUpdates = v.optional(json(v.array(v.string()), "allowed updates"));

const BotCommand = v.object({
  command: v.pipe(
    v.string(),
    v.regex(/^[a-z0-9_]{1,32}$/, "command must contain only lowercase English letters, digits and underscores"),
  ),
  description: v.pipe(
    v.string(),
    v.minLength(1, "command description is empty"),
    v.maxLength(256, "command description is too long"),
  ),
});
const Scope = v.optional(json(v.looseObject({ type: v.string() }), "BotCommandScope"));
const scopeKey = (s: { type: string; chat_id?: unknown; user_id?: unknown } | undefined) =>
  s ? [s.type, s.chat_id ?? "", s.user_id ?? ""].join(":") : "default::";
const Lang = v.optional(v.pipe(v.string(), v.regex(/^([a-z]{2})?$/, "invalid language code specified")), "");

export const botMethods = {
  getme: botMethod(
    v.object({}),
    async (ctx) => {
      const [me] = await ctx.call("users.getUsers", { ids: [ctx.botId] });
      if (!me) throw badRequest("bot not found");
      return {
        ...tgUser(me),
        can_join_groups: true,
        can_read_all_group_messages: !(await (await ctx.bot()).privacy()),
        supports_inline_queries: true,
        can_connect_to_business: false,
        has_main_web_app: false,
      };
    },
    { free: true },
  ),
  logout: botMethod(v.object({}), async () => true),
  close: botMethod(v.object({}), async () => true),

  getupdates: botMethod(
    v.object({
      offset: v.optional(int("offset")),
      limit: v.optional(int("limit")),
      timeout: v.optional(int("timeout")),
      allowed_updates: AllowedUpdates,
    }),
    async (ctx, p) => longPoll(await ctx.bot(), p),
    { free: true },
  ),
  setwebhook: botMethod(
    v.object({
      url: str(),
      secret_token: v.optional(
        v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,256}$/, "secret token contains unallowed characters")),
      ),
      max_connections: v.optional(v.pipe(int("max_connections"), v.minValue(1), v.maxValue(100))),
      allowed_updates: AllowedUpdates,
      drop_pending_updates: v.optional(bool()),
      ip_address: v.optional(v.string()),
      certificate: v.optional(v.unknown()),
    }),
    async (ctx, p) =>
      (await ctx.bot()).setWebhook({
        url: p.url,
        ...(p.secret_token !== undefined ? { secret_token: p.secret_token } : {}),
        ...(p.max_connections !== undefined ? { max_connections: p.max_connections } : {}),
        ...(p.allowed_updates !== undefined ? { allowed_updates: p.allowed_updates } : {}),
        ...(p.drop_pending_updates !== undefined ? { drop_pending_updates: p.drop_pending_updates } : {}),
      }),
    { free: true },
  ),
  deletewebhook: botMethod(
    v.object({ drop_pending_updates: v.optional(bool()) }),
    async (ctx, p) => (await ctx.bot()).deleteWebhook(p.drop_pending_updates ?? false),
    { free: true },
  ),
  getwebhookinfo: botMethod(v.object({}), async (ctx) => (await ctx.bot()).getWebhookInfo(), { free: true }),

  setmycommands: botMethod(
    v.object({
      commands: json(v.pipe(v.array(BotCommand), v.maxLength(100, "too many commands specified")), "commands"),
      scope: Scope,
      language_code: Lang,
    }),
    async (ctx, p) => (await ctx.bot()).setCommands(scopeKey(p.scope), p.language_code, p.commands),
  ),
  getmycommands: botMethod(
    v.object({ scope: Scope, language_code: Lang }),
    async (ctx, p) => (await ctx.bot()).getCommands(scopeKey(p.scope), p.language_code),
    { free: true },
  ),
  deletemycommands: botMethod(v.object({ scope: Scope, language_code: Lang }), async (ctx, p) =>
    (await ctx.bot()).deleteCommands(scopeKey(p.scope), p.language_code),
  ),

  answercallbackquery: botMethod(
    v.object({
      callback_query_id: str(),
      text: v.optional(v.pipe(v.string(), v.maxLength(200, "message is too long"))),
      show_alert: v.optional(bool()),
      url: v.optional(v.string()),
      cache_time: v.optional(int("cache_time")),
    }),
    async (ctx, p) =>
      (await ctx.bot()).answerCallbackQuery(p.callback_query_id, {
        ...(p.text !== undefined ? { text: p.text } : {}),
        ...(p.show_alert !== undefined ? { show_alert: p.show_alert } : {}),
        ...(p.url !== undefined ? { url: p.url } : {}),
        ...(p.cache_time !== undefined ? { cache_time: p.cache_time } : {}),
      }),
  ),
};

export const ALL_UPDATE_TYPES: readonly string[] = UPDATE_TYPES;
