/**
 * The users and chats a Bot API conversion needs, looked up as the bot sees them (a chat it left
 * converts untitled rather than failing the update).
 */
import type { Directory } from "../protocol/bot-api/convert.ts";
import type { Chat } from "../protocol/model/chat.ts";
import type { Peer } from "../protocol/model/peer.ts";
import type { User } from "../protocol/model/user.ts";
import { logUnlessRefusal } from "./log.ts";
import { callCore } from "./rpc/call.ts";

/** users.getUsers' limit (protocol/rpc/users.ts). */
const USERS_PER_CALL = 200;

export async function directoryAs(env: Env, botId: number, userIds: number[], peers: Peer[]): Promise<Directory> {
  const bot = { kind: "bot", userId: botId } as const;
  const ids = new Set<number>([botId, ...userIds]);
  const chats = new Map<string, Peer>();
  for (const p of peers) {
    if (p._ === "user") ids.add(p.id);
    else chats.set(`${p._}:${p.id}`, p);
  }
  const dir: Directory = { users: new Map<number, User>(), chats: new Map<string, Chat>() };
  // users.getUsers takes 200 ids a call; a batch of updates (200 invited at once and the message saying so)
  // may name more, and must not fail the bot's delivery over and over for it.
  const all = [...ids];
  for (let i = 0; i < all.length; i += USERS_PER_CALL) {
    const users = (await callCore(env, bot, "users.getUsers", { ids: all.slice(i, i + USERS_PER_CALL) })).result;
    for (const u of users) dir.users.set(u.id, u);
  }
  for (const [key, peer] of chats) {
    try {
      const full = (await callCore(env, bot, "messages.getFullChat", { peer })).result;
      dir.chats.set(key, full.chat);
    } catch (e) {
      // Left or removed (a refusal): the update still converts, with an untitled chat.
      logUnlessRefusal(`reading ${key} for bot ${botId}`, e);
    }
  }
  return dir;
}
