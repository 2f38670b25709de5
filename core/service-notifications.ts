/**
 * The service account (Telegram's 777000, here "Edgegram") and what it tells people: sign-in codes
 * go as its messages to the devices an account already has signed in, as Telegram's do.
 */
import { directoryOf, userObjectOf } from "./objects.ts";
import { chatOf } from "./rpc/chat-refs.ts";

const SERVICE_NAME = "Edgegram";

let known: number | null = null;

/** The service account's id, creating it on first use (its profile is made idempotently). */
export async function serviceAccount(env: Env): Promise<number> {
  if (known !== null) return known;
  const id = await directoryOf(env).systemAccount("service", SERVICE_NAME);
  await userObjectOf(env, id).init({ id, first_name: SERVICE_NAME });
  known = id;
  return id;
}

let rid = 0;

/**
 * Sends a sign-in code as a message from the service account to the account registered with `phone`,
 * if it has a signed-in device; returns whether it did. Whoever asked for the code, the owner hears of it.
 */
export async function sendCodeToDevices(env: Env, phone: string, code: string): Promise<boolean> {
  const userId = await directoryOf(env).userIdByPhone(phone);
  if (userId === null) return false;
  if ((await userObjectOf(env, userId).authKeyIds()).length === 0) return false;
  const from = await serviceAccount(env);
  const { key, chat } = chatOf(env, from, { _: "user", id: userId });
  await chat.send(key, from, {
    text:
      `Login code: ${code}. Do not give this code to anyone, even if they say they are from ${SERVICE_NAME}!\n\n` +
      "If you did not request this code to sign in on another device, ignore this message.",
    random_id: `${Date.now()}${String(++rid % 1000).padStart(3, "0")}`,
  });
  return true;
}
