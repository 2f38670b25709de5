/**
 * The BotFather account: the built-in bot users talk to to manage their bots. Created on first use
 * (its dialog runs in its BotObject, durable-objects/bot-father.ts).
 */
import { botObjectOf, directoryOf, userObjectOf } from "./objects.ts";

export const BOT_FATHER_USERNAME = "BotFather";

/** The BotFather's user id, creating the account on first use. */
export async function ensureBotFather(env: Env): Promise<number> {
  const dir = directoryOf(env);
  const existing = await dir.resolveUsername(BOT_FATHER_USERNAME);
  if (existing !== null) return existing;
  const id = await dir.createUser(null, "BotFather", true);
  await userObjectOf(env, id).init({ id, first_name: "BotFather", bot: true });
  try {
    await userObjectOf(env, id).updateUsername(BOT_FATHER_USERNAME);
  } catch {
    // Someone created it at the same moment: theirs wins.
    return (await dir.resolveUsername(BOT_FATHER_USERNAME)) ?? id;
  }
  const father = botObjectOf(env, id);
  await father.create(id, id);
  await father.makeBotFather();
  return id;
}
