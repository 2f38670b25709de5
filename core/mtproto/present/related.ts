/** The users and chats an answer must name beside its messages and updates, read from the core. */
import type { Chat } from "../../../protocol/model/chat.ts";
import type { Message } from "../../../protocol/model/message.ts";
import type { Peer } from "../../../protocol/model/peer.ts";
import type { Update } from "../../../protocol/model/update.ts";
import { mentioned } from "../../rpc/chat-refs.ts";
import type { MtContext } from "../context.ts";
import { selfId } from "./peers.ts";
import { chatsIn, messagesIn, type Related, userIdsOf } from "./updates.ts";

/**
 * The messages' users and chats, `moreUserIds` and `moreChannels`, as the caller sees them: each chat
 * alone (no member list), and one the caller may no longer see is left out, as our own protocol does.
 */
export async function relatedOf(
  ctx: MtContext,
  messages: Message[],
  knownChats: Chat[] = [],
  moreUserIds: number[] = [],
  moreChannels: number[] = [],
): Promise<Related> {
  const peers: Peer[] = [...new Set([...userIdsOf(messages), ...moreUserIds])].map((id) => ({ _: "user", id }));
  const seen = new Set(knownChats.map((c) => `${c._}:${c.id}`));
  for (const p of [...messages.map((m) => m.peer_id), ...moreChannels.map((id) => ({ _: "channel", id }) as Peer)]) {
    const key = `${p._}:${p.id}`;
    if (p._ === "user" || seen.has(key)) continue;
    seen.add(key);
    peers.push(p);
  }
  const { users, chats } = await mentioned(ctx.rpc.env, selfId(ctx), [], peers);
  return { users, chats: [...knownChats, ...chats] };
}

/** Users an update names outside any message (who pressed a bot's button), so the client knows them. */
const usersNamedIn = (updates: Update[]) =>
  updates.flatMap((u) => (u._ === "updateBotCallbackQuery" ? [u.user_id] : []));

/**
 * Channels an update names without a message (updateChannel: joined, added, removed): a member added to
 * a channel learns it (and its access hash) from the update's chats, as from Telegram; a client given
 * only the id would take it for a user's.
 */
const channelsNamedIn = (updates: Update[]) => updates.flatMap((u) => (u._ === "updateChannel" ? [u.channel_id] : []));

export const relatedOfUpdates = (ctx: MtContext, updates: Update[]): Promise<Related> =>
  relatedOf(ctx, messagesIn(updates), chatsIn(updates), usersNamedIn(updates), channelsNamedIn(updates));
