/**
 * The BotFather account: the built-in bot users talk to to manage their bots. Made sure of at a
 * client's first contact and on first use, so it exists from a fresh server's first start (its
 * dialog runs in its BotObject, durable-objects/bot-father.ts).
 */
import { botObjectOf, directoryOf, userObjectOf } from "./objects.ts";

const BOT_FATHER_USERNAME = "BotFather";

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

/** Whether a username names BotFather (usernames are matched without regard to case). */
export const isBotFatherName = (username: string) => username.toLowerCase() === BOT_FATHER_USERNAME.toLowerCase();

let pending: Promise<number> | null = null;
/**
 * Makes sure BotFather exists (one directory look when it does): the gateway calls this when a client
 * first comes, so it is there from a fresh server's first start. Concurrent callers share one attempt;
 * a failure is logged and the next call tries again.
 */
export function botFatherReady(env: Env): Promise<number> {
  pending ??= ensureBotFather(env)
    .catch((e: unknown) => {
      console.error("BotFather could not be created", e);
      throw e;
    })
    .finally(() => {
      pending = null;
    });
  return pending;
}
