/**
 * Finding a message: messages.search across the user's chats, and the jump to one — its chat opens,
 * older pages load until the message is there, and the bubble scrolls into view, highlighted.
 */
import type { Message } from "../../../../protocol/model/message.ts";
import { loadOlder, openChat } from "./chats.ts";
import { client } from "./session.ts";
import { app, keyOf, type PeerKey } from "./state.ts";
import { mergeEntities } from "./updates.ts";

/** Pages of history loaded at most to reach a found message. */
const PAGES_MAX = 40;
const FOCUS_MS = 2500;

export async function searchMessages(q: string): Promise<Message[]> {
  const r = await client().call("messages.search", { q, limit: 20 });
  mergeEntities(r.users, r.chats);
  return r.messages;
}

export async function jumpTo(key: PeerKey, id: number): Promise<void> {
  openChat(key);
  for (let i = 0; i < PAGES_MAX; i++) {
    const h = app.get().histories[key];
    if (h?.messages.some((m) => m.id === id) || (h?.loaded && !h.hasOlder)) break;
    await loadOlder(key);
  }
  app.set({ focus: { key, id } });
  setTimeout(() => {
    if (app.get().focus?.id === id) app.set({ focus: null });
  }, FOCUS_MS);
}

export const peerKeyOf = (m: Message): PeerKey => keyOf(m.peer_id);
