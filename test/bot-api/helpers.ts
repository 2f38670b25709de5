/** Workerd-side helpers: a person who owns a bot, and raw Bot API calls through the gateway. */
import { SELF } from "cloudflare:test";
import { type Loose, type Person, person } from "../messaging/people.ts";

export type { Loose };

export const API = "http://gateway.test";

export interface BotApiReply<T = Loose> {
  status: number;
  body: { ok: boolean; result?: T; error_code?: number; description?: string; parameters?: { retry_after?: number } };
}

let botCounter = 0;
/** A new user who creates a bot through bots.createBot; returns both. */
export async function ownerWithBot(
  name = "Owner",
): Promise<{ owner: Person; token: string; botId: number; username: string }> {
  const owner = await person(name);
  const username = `t${Date.now().toString(36)}${++botCounter}_bot`;
  const { user, token } = await owner.call<{ user: { id: number }; token: string }>("bots.createBot", {
    first_name: "Test Bot",
    username,
  });
  return { owner, token, botId: user.id, username };
}

/** POSTs JSON to /bot<token>/<method>. */
export async function botCall<T = Loose>(token: string, method: string, params: unknown = {}): Promise<BotApiReply<T>> {
  const res = await SELF.fetch(`${API}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as BotApiReply<T>["body"] };
}

export async function botFetch(path: string, init?: RequestInit): Promise<BotApiReply> {
  const res = await SELF.fetch(`${API}${path}`, init);
  return { status: res.status, body: (await res.json()) as BotApiReply["body"] };
}
