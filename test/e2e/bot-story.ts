/** Bot stories end to end: a person who owns a bot, and waiting for what the bot sends them. */
import { expect } from "vitest";
import type { EdgegramClient } from "../../clients/sdk/index.ts";
import type { Message } from "../../protocol/model/message.ts";
import { type Person, type Server, signUp } from "./story.ts";

let n = 0;
export async function personWithBot(
  srv: Server,
  name: string,
): Promise<{ person: Person; token: string; botId: number }> {
  const person = await signUp(srv, name);
  const username = `e2e${Date.now().toString(36)}${++n}bot`;
  const { user, token } = await person.client.call("bots.createBot", { first_name: `${name}'s bot`, username });
  return { person, token, botId: user.id };
}

/** Resolves with the first pushed message update of `kind` matching `match` (rejects after 15 s). */
export function nextMessage(
  client: EdgegramClient,
  kind: "updateNewMessage" | "updateEditMessage",
  match: (m: Message) => boolean,
): Promise<Message> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${kind} arrived`));
    }, 15_000);
    const off = client.onUpdates((updates) => {
      for (const u of updates as { _: string; message?: Message }[]) {
        if (u._ === kind && u.message && match(u.message)) {
          clearTimeout(timer);
          off();
          resolve(u.message);
        }
      }
    });
  });
}

let rid = 0;
export function say(client: EdgegramClient, toUserId: number, text: string) {
  return client.call("messages.sendMessage", {
    peer: { _: "user", id: toUserId },
    message: text,
    random_id: String(Date.now() * 1000 + (++rid % 1000)),
  });
}

/** The user's side of the story, the same for every bot flavour. */
export async function pressTheButton(who: Awaited<ReturnType<typeof personWithBot>>) {
  const { person, botId } = who;
  const keyboard = nextMessage(person.client, "updateNewMessage", (m) => m.reply_markup !== undefined);
  await say(person.client, botId, "/start");
  const greeting = await keyboard;
  expect(greeting.message).toBe("Welcome! Press the button.");
  expect(greeting.reply_markup?.rows[0]?.[0]).toEqual({ text: "Press me", callback_data: "pressed" });
  const edited = nextMessage(person.client, "updateEditMessage", (m) => m.id === greeting.id);
  const answer = await person.client.call("messages.getBotCallbackAnswer", {
    peer: { _: "user", id: botId },
    msg_id: greeting.id,
    data: "pressed",
  });
  expect(answer.message).toBe("Thanks!");
  const after = await edited;
  expect(after.message).toBe("You pressed it.");
  // An edit that does not repeat the keyboard removes it, as on Telegram.
  expect(after.reply_markup).toBeUndefined();
}
