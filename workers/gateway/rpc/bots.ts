/** bots.*: a bot is a user with `bot: true` plus a BotObject holding its token, queue and settings. */
import { botObjectOf, directoryOf, userObjectOf } from "../../../durable-objects/env.ts";
import { Errors } from "../../../protocol/errors.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

export const botsHandlers: HandlerTable<"bots.createBot" | "bots.revokeToken" | "bots.setPrivacy"> = {
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
};
