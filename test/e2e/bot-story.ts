/** Bot stories end to end: a person who owns a bot, and waiting for what the bot sends them. */
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
