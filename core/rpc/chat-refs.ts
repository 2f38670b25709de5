/**
 * From what a client names (a Peer) to the chat object that owns it, and the
 * users and chats a list of messages mentions (sent beside them, as Telegram does).
 */

import { Errors } from "../../protocol/errors.ts";
import type { Chat } from "../../protocol/model/chat.ts";
import type { Message, MessageEntity } from "../../protocol/model/message.ts";
import type { Peer } from "../../protocol/model/peer.ts";
import type { User } from "../../protocol/model/user.ts";
import { chatKeyOf, parseChatKey } from "../chat/keys.ts";
import { logUnlessRefusal } from "../log.ts";
import { chatObjectOf } from "../objects.ts";
import { usersFor } from "./users.ts";

export { chatKeyOf };

/** The chat object a user means by `peer`, with its key. */
export function chatOf(env: Env, userId: number, peer: Peer) {
  const key = chatKeyOf(userId, peer);
  return { key, chat: chatObjectOf(env, key) };
}

/** Chat and channel ids stay below 10^12: the Bot API writes a channel as -(10^12 + id), a group as -id. */
export const MAX_CHAT_ID = 999_999_999_999;

/** A fresh random id for a new group or channel (the chat object refuses ids already taken). */
export function newChatId(): number {
  const b = new BigUint64Array(1);
  crypto.getRandomValues(b);
  return Number((b[0] as bigint) % BigInt(MAX_CHAT_ID)) + 1;
}

/** Entities must lie within the text (UTF-16 units, as Telegram counts). */
export function checkEntities(text: string, entities: MessageEntity[] | undefined): void {
  for (const e of entities ?? [])
    if (e.offset + e.length > text.length) throw Errors.badRequest("ENTITY_BOUNDS_INVALID");
}

function userIdsIn(messages: Message[], peers: Peer[]): number[] {
  const ids = new Set<number>();
  for (const p of peers) if (p._ === "user") ids.add(p.id);
  for (const m of messages) {
    if (m.from_id) ids.add(m.from_id);
    if (m.peer_id._ === "user") ids.add(m.peer_id.id);
    if (m.fwd_from?.from_id) ids.add(m.fwd_from.from_id);
    if (m.via_bot_id) ids.add(m.via_bot_id);
    const a = m.action;
    if (a && "users" in a) for (const u of a.users) ids.add(u);
    if (a && "user_id" in a) ids.add(a.user_id);
  }
  return [...ids];
}

/** The users and chats that `messages` and `peers` refer to, as `viewer` may see them. */
export async function mentioned(
  env: Env,
  viewer: number,
  messages: Message[],
  peers: Peer[] = [],
): Promise<{ users: User[]; chats: Chat[] }> {
  const chatKeys = new Set<string>();
  for (const p of [...peers, ...messages.map((m) => m.peer_id)]) if (p._ !== "user") chatKeys.add(`${p._}:${p.id}`);
  const [users, chats] = await Promise.all([
    usersFor(env, viewer, userIdsIn(messages, peers)),
    Promise.all(
      [...chatKeys].map((key) =>
        chatObjectOf(env, key)
          .chatSeenBy(key, viewer)
          // A chat the viewer left refuses: it is shown as missing. Anything else is logged.
          .catch((e) => {
            logUnlessRefusal(`reading ${key}'s full chat`, e);
            return null;
          }),
      ),
    ),
  ]);
  return { users, chats: chats.filter((c): c is Chat => c !== null) };
}

export const isChannelKey = (key: string) => parseChatKey(key).kind === "channel";
