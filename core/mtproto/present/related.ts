/** The users and chats an answer must name beside its messages and updates, read from the core. */
import type { Chat } from "../../../protocol/model/chat.ts";
import type { Message } from "../../../protocol/model/message.ts";
import type { Update } from "../../../protocol/model/update.ts";
import type { User } from "../../../protocol/model/user.ts";
import type { MtContext } from "../context.ts";
import { core } from "../core-call.ts";
import { chatsIn, messagesIn, type Related, userIdsOf } from "./updates.ts";

export async function relatedOf(
  ctx: MtContext,
  messages: Message[],
  knownChats: Chat[] = [],
  moreUserIds: number[] = [],
): Promise<Related> {
  const ids = [...new Set([...userIdsOf(messages), ...moreUserIds])];
  // 200 ids a call (users.getUsers' limit): a message naming more (a big invite) still brings every user.
  const users: User[] = [];
  for (let i = 0; i < ids.length; i += 200)
    users.push(...(await core(ctx, "users.getUsers", { ids: ids.slice(i, i + 200) })));
  const chats = [...knownChats];
  for (const m of messages) {
    const p = m.peer_id;
    if (p._ === "user" || chats.some((c) => c.id === p.id && c._ === p._)) continue;
    chats.push((await core(ctx, "messages.getFullChat", { peer: p })).chat);
  }
  return { users, chats };
}

/** Users an update names outside any message (who pressed a bot's button), so the client knows them. */
const usersNamedIn = (updates: Update[]) =>
  updates.flatMap((u) => (u._ === "updateBotCallbackQuery" ? [u.user_id] : []));

export const relatedOfUpdates = (ctx: MtContext, updates: Update[]): Promise<Related> =>
  relatedOf(ctx, messagesIn(updates), chatsIn(updates), usersNamedIn(updates));
