/** bots.*: a bot is a user with `bot: true` plus a BotObject holding its token, queue and settings. */
import { randomU64 } from "../../protocol/binary.ts";
import { chatIdOf, tgMessage, tgUser } from "../../protocol/bot-api/convert.ts";
import { Errors } from "../../protocol/errors.ts";
import type { Message } from "../../protocol/model/message.ts";
import type { Peer } from "../../protocol/model/peer.ts";
import type { User } from "../../protocol/model/user.ts";
import { ensureBotFather } from "../bot-father-account.ts";
import { directoryAs } from "../bot-lookup.ts";
import { chatKeyOf } from "../chat/keys.ts";
import { logFailure } from "../log.ts";
import { botObjectOf, directoryOf, userObjectOf } from "../objects.ts";
import { type Actor, callCore } from "./call.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

/** How long a user's button press waits for the bot's answerCallbackQuery (Telegram waits a few seconds too). */
const CALLBACK_WAIT_MS = 10_000;

/** Message `id` as `actor` sees it (the user who pressed a button, or the bot that sent it). */
async function messageAs(env: Env, actor: Actor, peer: Peer, id: number): Promise<Message> {
  const out = (await callCore(env, actor, "messages.getMessages", { peer, id: [id] })).result;
  const m = out.messages.find((x) => x.id === id);
  if (!m) throw Errors.badRequest("MESSAGE_ID_INVALID");
  return m;
}

export const botsHandlers: HandlerTable<
  | "bots.createBot"
  | "bots.revokeToken"
  | "bots.setPrivacy"
  | "bots.getBotFather"
  | "messages.getBotCallbackAnswer"
  | "messages.setBotCallbackAnswer"
> = {
  async "bots.createBot"(ctx, p) {
    const ownerId = userIdOf(ctx);
    const dir = directoryOf(ctx.env);
    if ((await dir.resolveUsername(p.username)) !== null) throw Errors.badRequest("USERNAME_OCCUPIED");
    const botId = await dir.createUser(null, p.first_name, true);
    const account = userObjectOf(ctx.env, botId);
    await account.init({ id: botId, first_name: p.first_name, bot: true });
    const user = await account.updateUsername(p.username);
    const token = await botObjectOf(ctx.env, botId).create(botId, ownerId);
    return { user, token };
  },
  async "bots.revokeToken"(ctx, p) {
    const bot = botObjectOf(ctx.env, p.bot_id);
    if ((await bot.ownerId()) === null) throw Errors.badRequest("BOT_ID_INVALID");
    return { token: await bot.revokeToken(userIdOf(ctx)) };
  },
  async "bots.setPrivacy"(ctx, p) {
    const bot = botObjectOf(ctx.env, p.bot_id);
    if ((await bot.ownerId()) === null) throw Errors.badRequest("BOT_ID_INVALID");
    await bot.setPrivacy(userIdOf(ctx), p.enabled);
    return true;
  },
  async "bots.getBotFather"(ctx) {
    const id = await ensureBotFather(ctx.env);
    return { user: await userObjectOf(ctx.env, id).getUser(userIdOf(ctx)) };
  },
  async "messages.setBotCallbackAnswer"(ctx, p) {
    const bot = botObjectOf(ctx.env, userIdOf(ctx));
    if ((await bot.ownerId()) === null) throw Errors.badRequest("USER_BOT_REQUIRED");
    return bot.answerCallbackQuery(p.query_id, {
      ...(p.message !== undefined ? { text: p.message } : {}),
      ...(p.alert ? { show_alert: true } : {}),
      ...(p.url !== undefined ? { url: p.url } : {}),
      cache_time: p.cache_time,
    });
  },
  async "messages.getBotCallbackAnswer"(ctx, p) {
    const userId = userIdOf(ctx);
    const seen = await messageAs(ctx.env, { kind: "user", userId }, p.peer, p.msg_id);
    const button = seen.reply_markup?.rows.flat().find((b) => "callback_data" in b && b.callback_data === p.data);
    if (!button || seen.from_id === undefined) throw Errors.badRequest("DATA_INVALID");
    const botId = seen.from_id;
    const bot = botObjectOf(ctx.env, botId);
    if ((await bot.ownerId()) === null) throw Errors.badRequest("BOT_INVALID");
    // The bot sees a private chat as the chat with the user who pressed.
    const botPeer: Peer = p.peer._ === "user" ? { _: "user", id: userId } : p.peer;
    const message = await messageAs(ctx.env, { kind: "bot", userId: botId }, botPeer, p.msg_id);
    const dir = await directoryAs(ctx.env, botId, [userId], [botPeer]);
    const from = dir.users.get(userId) as User;
    const queryId = randomU64().toString();
    const chatInstance = String(chatIdOf(botPeer) * 31 + botId);
    // A bot signed in over MTProto gets the press pushed to its sessions (channels keep their own ids).
    await userObjectOf(ctx.env, botId)
      .pushCallbackQuery(
        {
          _: "updateBotCallbackQuery",
          query_id: queryId,
          user_id: userId,
          peer: botPeer,
          msg_id: p.msg_id,
          chat_instance: chatInstance,
          data: p.data,
        },
        chatKeyOf(botId, botPeer),
      )
      .catch((e) => logFailure(`pushing a callback query to bot ${botId}'s sessions`, e));
    const answer = await bot.callbackQuery(
      queryId,
      {
        callback_query: {
          id: queryId,
          from: tgUser(from),
          message: tgMessage(message, dir),
          chat_instance: chatInstance,
          data: p.data,
        },
      },
      CALLBACK_WAIT_MS,
    );
    if (!answer) throw Errors.badRequest("BOT_RESPONSE_TIMEOUT");
    return {
      ...(answer.text !== undefined ? { message: answer.text } : {}),
      ...(answer.show_alert ? { alert: true } : {}),
      ...(answer.url !== undefined ? { url: answer.url } : {}),
      cache_time: answer.cache_time ?? 0,
    };
  },
};
