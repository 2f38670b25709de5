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

/** POSTs multipart form data (files and text fields) to /bot<token>/<method>, as bot libraries upload. */
export async function botMultipart(
  token: string,
  method: string,
  fields: Record<string, string | File>,
): Promise<{ ok: boolean; result?: Loose; description?: string; error_code?: number }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const res = await SELF.fetch(`${API}/bot${token}/${method}`, { method: "POST", body: form });
  return (await res.json()) as { ok: boolean; result?: Loose; description?: string; error_code?: number };
}

export async function botFetch(path: string, init?: RequestInit): Promise<BotApiReply> {
  const res = await SELF.fetch(`${API}${path}`, init);
  return { status: res.status, body: (await res.json()) as BotApiReply["body"] };
}
