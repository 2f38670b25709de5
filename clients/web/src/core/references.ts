/**
 * Messages a chat shows but has not loaded: the message a reply quotes and the pinned message, when
 * they are older than the loaded history (right after a reload). Fetched by id (messages.getMessages)
 * and by the pinned filter (messages.search), kept apart from the history so paging is unchanged.
 */
import type { Message } from "../../../../protocol/model/message.ts";
import { client } from "./session.ts";
import { app, type PeerKey, peerOf } from "./state.ts";
import { mergeEntities } from "./updates.ts";

const asked = new Map<PeerKey, Set<number>>();
const pinnedAsked = new Set<PeerKey>();

function remember(key: PeerKey, messages: Message[]): void {
  if (!messages.length) return;
  app.set((s) => ({
    known: { ...s.known, [key]: { ...s.known[key], ...Object.fromEntries(messages.map((m) => [m.id, m])) } },
  }));
}

/** After a page of history: fetch the quoted messages it lacks, and (once per chat) the pinned one. */
export async function loadReferences(key: PeerKey): Promise<void> {
  const s = app.get();
  const loaded = new Set(s.histories[key]?.messages.map((m) => m.id) ?? []);
  const seen = asked.get(key) ?? new Set<number>();
  asked.set(key, seen);
  const missing = [
    ...new Set(
      (s.histories[key]?.messages ?? [])
        .map((m) => m.reply_to?.reply_to_msg_id)
        .filter((id): id is number => !!id && !loaded.has(id) && !s.known[key]?.[id] && !seen.has(id)),
    ),
  ].slice(0, 100);
  for (const id of missing) seen.add(id);
  const calls: Promise<void>[] = [];
  if (missing.length)
    calls.push(
      client()
        .call("messages.getMessages", { peer: peerOf(key), id: missing })
        .then((r) => {
          mergeEntities(r.users, r.chats);
          remember(key, r.messages);
        }),
    );
  if (!pinnedAsked.has(key)) {
    pinnedAsked.add(key);
    calls.push(
      client()
        .call("messages.search", { peer: peerOf(key), filter: "pinned", limit: 1 })
        .then((r) => {
          mergeEntities(r.users, r.chats);
          remember(key, r.messages);
        }),
    );
  }
  await Promise.all(calls).catch((e) => console.warn("loading quoted or pinned messages failed", e));
}

/** A pin or unpin of a message known here (not in the loaded history). */
export function patchKnown(key: PeerKey, id: number, patch: Partial<Message>): void {
  app.set((s) => {
    const m = s.known[key]?.[id];
    return m ? { known: { ...s.known, [key]: { ...s.known[key], [id]: { ...m, ...patch } } } } : {};
  });
}
