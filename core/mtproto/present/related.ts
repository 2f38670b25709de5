/** The users and chats an answer must name beside its messages and updates, read from the core. */
import { RpcError } from "../../../protocol/errors.ts";
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

/** Channels an update names without a message (updateChannel: joined, added, removed). */
const channelsNamedIn = (updates: Update[]) => updates.flatMap((u) => (u._ === "updateChannel" ? [u.channel_id] : []));

export async function relatedOfUpdates(ctx: MtContext, updates: Update[]): Promise<Related> {
  const related = await relatedOf(ctx, messagesIn(updates), chatsIn(updates), usersNamedIn(updates));
  // A member added to a channel learns it (and its access hash) from the updateChannel's chats, as from
  // Telegram: a client given only the id would take it for a user's. One it may no longer see is left out.
  for (const id of new Set(channelsNamedIn(updates))) {
    if (related.chats.some((c) => c._ === "channel" && c.id === id)) continue;
    const chat = await core(ctx, "messages.getFullChat", { peer: { _: "channel", id } }).then(
      (full) => full.chat,
      (e: unknown) => {
        if (e instanceof RpcError && e.code < 500) return null;
        throw e;
      },
    );
    if (chat) related.chats.push(chat);
  }
  return related;
}
