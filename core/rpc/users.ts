/** users.* and contacts.resolveUsername / contacts.search. */

import { Errors } from "../../protocol/errors.ts";
import type { User } from "../../protocol/model/user.ts";
import { botFatherReady, isBotFatherName } from "../bot-father-account.ts";
import { botObjectOf, directoryOf, userObjectOf } from "../objects.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

/** Users as `viewerId` sees them, skipping ids that do not exist. */
export async function usersFor(env: Env, viewerId: number, ids: number[]): Promise<User[]> {
  const dir = directoryOf(env);
  const found = await Promise.all(
    ids.map(async (id) => ((await dir.exists(id)) ? userObjectOf(env, id).getUser(viewerId) : null)),
  );
  return found.filter((u): u is User => u !== null);
}

export const usersHandlers: HandlerTable<
  "users.getFullUser" | "users.getUsers" | "contacts.resolveUsername" | "contacts.search"
> = {
  async "users.getFullUser"(ctx, p) {
    const [user] = await usersFor(ctx.env, userIdOf(ctx), [p.id]);
    if (!user) throw Errors.badRequest("USER_ID_INVALID");
    const about = await userObjectOf(ctx.env, p.id).getAbout();
    const full = about ? { user, about } : { user };
    if (!user.bot) return full;
    const bot = botObjectOf(ctx.env, p.id);
    const [description, short] = await Promise.all([bot.text("description", ""), bot.text("short_description", "")]);
    return { ...full, bot_info: { description: description ?? "", short_description: short ?? "" } };
  },
  async "users.getUsers"(ctx, p) {
    return usersFor(ctx.env, userIdOf(ctx), p.ids);
  },
  async "contacts.resolveUsername"(ctx, p) {
    // BotFather is there from the start, even if this isolate has not made sure of it yet.
    const id =
      (await directoryOf(ctx.env).resolveUsername(p.username)) ??
      (isBotFatherName(p.username) ? await botFatherReady(ctx.env) : null);
    if (id === null) throw Errors.badRequest("USERNAME_NOT_OCCUPIED");
    const [user] = await usersFor(ctx.env, userIdOf(ctx), [id]);
    if (!user) throw Errors.badRequest("USERNAME_NOT_OCCUPIED");
    return { user };
  },
  async "contacts.search"(ctx, p) {
    if (p.q.length >= 3 && "botfather".startsWith(p.q.toLowerCase())) await botFatherReady(ctx.env);
    const ids = await directoryOf(ctx.env).search(p.q, p.limit);
    return { users: await usersFor(ctx.env, userIdOf(ctx), ids) };
  },
};
