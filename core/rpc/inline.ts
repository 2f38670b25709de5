/**
 * Inline mode: "@bot query" asks the bot (an inline_query it answers with answerInlineQuery, kept
 * in its BotObject), and the chosen result is posted as the user "via @bot", the bot hearing of the
 * choice (chosen_inline_result).
 */
import { randomU64 } from "../../protocol/binary.ts";
import { tgUser } from "../../protocol/bot-api/convert.ts";
import { Errors } from "../../protocol/errors.ts";
import { MAX_CAPTION_LENGTH } from "../../protocol/model/message.ts";
import type { Peer } from "../../protocol/model/peer.ts";
import type { User } from "../../protocol/model/user.ts";
import { directoryAs } from "../bot-lookup.ts";
import { inlineMessageIdOf, parseInlineMessageId } from "../chat/inline-messages.ts";
import { botObjectOf, chatObjectOf } from "../objects.ts";
import { chatOf, checkEntities } from "./chat-refs.ts";
import { contentOf } from "./content.ts";
import { type HandlerTable, type RpcContext, userIdOf } from "./context.ts";

/** How long "@bot query" waits for the bot's answer (Telegram's clients give up after a few seconds too). */
const INLINE_WAIT_MS = 10_000;

async function botOf(ctx: RpcContext, botId: number) {
  const bot = botObjectOf(ctx.env, botId);
  if ((await bot.ownerId()) === null) throw Errors.badRequest("BOT_INVALID");
  return bot;
}

/** The Bot API's chat_type: where the user typed the query. */
async function chatTypeOf(ctx: RpcContext, uid: number, botId: number, peer: Peer): Promise<string> {
  if (peer._ === "user") return peer.id === botId ? "sender" : "private";
  if (peer._ === "chat") return "group";
  const { key, chat } = chatOf(ctx.env, uid, peer);
  const full = await chat.fullChat(key, uid);
  return full.chat._ === "channel" && full.chat.megagroup ? "supergroup" : "channel";
}

async function userAsBotSees(ctx: RpcContext, botId: number, uid: number) {
  const dir = await directoryAs(ctx.env, botId, [uid], []);
  return tgUser(dir.users.get(uid) as User);
}

export const inlineHandlers: HandlerTable<
  "messages.getInlineBotResults" | "messages.sendInlineBotResult" | "messages.editInlineBotMessage"
> = {
  async "messages.getInlineBotResults"(ctx, p) {
    const uid = userIdOf(ctx);
    const bot = await botOf(ctx, p.bot);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    // Results are for posting: a chat the user may not write in gets none.
    await chat.checkCanPost(key, uid);
    const queryId = randomU64().toString();
    const update = {
      inline_query: {
        id: queryId,
        from: await userAsBotSees(ctx, p.bot, uid),
        query: p.query,
        offset: p.offset,
        chat_type: await chatTypeOf(ctx, uid, p.bot, p.peer),
      },
    };
    const answer = await bot.inlineQuery(
      { queryId, userId: uid, query: p.query, offset: p.offset },
      update,
      INLINE_WAIT_MS,
    );
    if (!answer) throw Errors.badRequest("BOT_RESPONSE_TIMEOUT");
    return { query_id: queryId, ...answer };
  },
  async "messages.sendInlineBotResult"(ctx, p) {
    const uid = userIdOf(ctx);
    const bot = await botOf(ctx, p.bot);
    const { query, result } = await bot.chooseInlineResult(p.query_id, uid, p.id);
    const send = result.send;
    const file = send.content ? undefined : (send.media ?? result.media);
    checkEntities(send.message, send.entities);
    if (!file && !send.content && send.message.trim() === "") throw Errors.badRequest("MESSAGE_EMPTY");
    if (file && send.message.length > MAX_CAPTION_LENGTH) throw Errors.badRequest("MEDIA_CAPTION_TOO_LONG");
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    await chat.checkCanPost(key, uid, file !== undefined);
    let media: Awaited<ReturnType<NonNullable<Env["MEDIA"]>["resolveForMessage"]>> | undefined;
    if (file) {
      const service = ctx.env.MEDIA;
      if (!service) throw Errors.internal("MEDIA_SERVICE_UNAVAILABLE");
      // The bot offered the file, so it is the bot's to attach (as if it sent it itself).
      media = await service.resolveForMessage(p.bot, file);
      await service.grantToChat(media.media_id, key);
    }
    const content = send.content ? (await contentOf(ctx, send.content)).media : undefined;
    const sent = await chat.send(key, uid, {
      text: content ? "" : send.message,
      random_id: p.random_id,
      via_bot: p.bot,
      ...(send.entities?.length && !content ? { entities: send.entities } : {}),
      ...(media ? { media } : {}),
      ...(content ? { media: content } : {}),
      ...(send.reply_markup ? { markup: send.reply_markup } : {}),
      senderDevice: ctx.authKeyId,
    });
    // As on Telegram, a message with an inline keyboard gets an id by which the bot may edit it later.
    const inlineId = send.reply_markup ? { inline_message_id: inlineMessageIdOf(key, sent.message.id) } : {};
    await bot.enqueue([
      {
        chosen_inline_result: {
          result_id: result.id,
          from: await userAsBotSees(ctx, p.bot, uid),
          query,
          ...inlineId,
        },
      },
    ]);
    return sent;
  },
  async "messages.editInlineBotMessage"(ctx, p) {
    const uid = userIdOf(ctx);
    const target = parseInlineMessageId(p.id);
    if (!target) throw Errors.badRequest("MESSAGE_ID_INVALID");
    if (p.message !== undefined) checkEntities(p.message, p.entities);
    await chatObjectOf(ctx.env, target.chatKey).editViaBot(uid, target.msgId, {
      text: p.message,
      entities: p.entities,
      markup: p.reply_markup,
    });
    return true as const;
  },
};
