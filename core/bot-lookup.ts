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

export async function directoryAs(env: Env, botId: number, userIds: number[], peers: Peer[]): Promise<Directory> {
  const bot = { kind: "bot", userId: botId } as const;
  const ids = new Set<number>([botId, ...userIds]);
  const chats = new Map<string, Peer>();
  for (const p of peers) {
    if (p._ === "user") ids.add(p.id);
    else chats.set(`${p._}:${p.id}`, p);
  }
  const dir: Directory = { users: new Map<number, User>(), chats: new Map<string, Chat>() };
  const users = (await callCore(env, bot, "users.getUsers", { ids: [...ids] })).result;
  for (const u of users) dir.users.set(u.id, u);
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
