/** Messenger actions: dialogs, opening a chat, paging history, sending, editing, reacting, creating chats. */
import type { MessageEntity } from "../../../../protocol/model/message.ts";
import type { User } from "../../../../protocol/model/user.ts";
import { errorText } from "../ui/errors.ts";
import { folderOf } from "./dialog-settings.ts";
import { loadDrafts } from "./drafts.ts";
import { startNotifications } from "./notifications.ts";
import { flush, loadOutbox } from "./outbox.ts";
import { loadReferences } from "./references.ts";
import { seenUpTo } from "./seen.ts";
import { client } from "./session.ts";
import { app, type History, keyOf, type PeerKey, peerOf, showToast } from "./state.ts";
import { followUnreadInTitle } from "./unread-title.ts";
import { applyOwn, catchUp, mergeEntities, onPushed, setPts, setReactions, upsertMessage } from "./updates.ts";

const PAGE = 40;
let started = false;

/** After sign-in (or on reload when signed in): dialogs, pts, live updates, catch-up on every reconnect. */
export async function startMessenger(): Promise<void> {
  if (started) return;
  started = true;
  const c = client();
  c.onUpdates(onPushed);
  let wasConnected = true;
  loadOutbox();
  followUnreadInTitle();
  startNotifications(openChat);
  c.onState((state) => {
    if (state === "connected" && !wasConnected) void catchUp().catch((e) => console.warn("catch-up failed", e));
    if (state === "connected") void flush();
    wasConnected = state === "connected";
  });
  const state = await c.call("updates.getState", {});
  setPts(state.pts);
  await reloadDialogs();
  await loadDrafts().catch((e) => console.warn("loading drafts failed", e));
  void flush();
  void c.call("account.updateStatus", { offline: false }).catch(() => undefined);
  document.addEventListener("visibilitychange", () => {
    void c.call("account.updateStatus", { offline: document.visibilityState !== "visible" }).catch(() => undefined);
    const active = app.get().active;
    if (active && document.visibilityState === "visible") void markRead(active);
  });
}

export async function reloadDialogs(): Promise<void> {
  const r = await client().call("messages.getDialogs", { limit: 100 });
  mergeEntities(r.users, r.chats);
  const tops = Object.fromEntries(r.messages.map((m) => [keyOf(m.peer_id), m]));
  const pins = r.dialogs.filter((d) => d.pinned).map((d) => keyOf(d.peer));
  app.set({ dialogs: Object.fromEntries(r.dialogs.map((d) => [keyOf(d.peer), d])), tops, pins });
}

/** A folder's dialog keys (0: the main list, 1: the archive): pinned ones first in pin order, then newest first. */
export function sortedDialogs(s: ReturnType<typeof app.get>, folder = 0): PeerKey[] {
  const date = (k: PeerKey) => s.tops[k]?.date ?? 0;
  const pinned = s.pins.filter((k) => s.dialogs[k]?.pinned && folderOf(s.dialogs[k]) === folder);
  const rest = Object.keys(s.dialogs).filter((k) => !s.dialogs[k]?.pinned && folderOf(s.dialogs[k]) === folder);
  return [...pinned, ...rest.sort((a, b) => date(b) - date(a))];
}

export function openChat(key: PeerKey | null): void {
  app.set({ active: key });
  if (!key) return;
  if (!app.get().histories[key]?.loaded) void loadOlder(key);
  void markRead(key);
}

/** Opens (or creates locally) the private chat with a user found by search. */
export function openUser(user: User): void {
  mergeEntities([user], []);
  openChat(`user:${user.id}`);
}

export async function loadOlder(key: PeerKey): Promise<void> {
  const h: History = app.get().histories[key] ?? { messages: [], hasOlder: true, loadingOlder: false, loaded: false };
  if (h.loadingOlder || (h.loaded && !h.hasOlder)) return;
  setHistory(key, { ...h, loadingOlder: true });
  try {
    const offset = h.messages[0]?.id ?? 0;
    const r = await client().call("messages.getHistory", { peer: peerOf(key), offset_id: offset, limit: PAGE });
    mergeEntities(r.users, r.chats);
    const cur = app.get().histories[key] ?? h;
    let msgs = cur.messages;
    for (const m of r.messages) msgs = upsertMessage(msgs, m);
    setHistory(key, { messages: msgs, hasOlder: r.messages.length === PAGE, loadingOlder: false, loaded: true });
    void loadReferences(key);
  } catch (e) {
    setHistory(key, { ...h, loadingOlder: false, loaded: true, hasOlder: false });
    showToast(errorText(e));
  }
}

function setHistory(key: PeerKey, h: History): void {
  app.set((s) => ({ histories: { ...s.histories, [key]: h } }));
}

const readPending = new Set<PeerKey>();
export async function markRead(key: PeerKey): Promise<void> {
  const s = app.get();
  const d = s.dialogs[key];
  if (!d || document.visibilityState !== "visible") return;
  // Up to the newest message from the other side that was on screen (core/seen.ts): reading our own
  // messages means nothing, and one scrolled out of view is not read.
  const top = s.tops[key];
  const newestIn = Math.max(top && !top.out ? top.id : 0, s.histories[key]?.messages.findLast((m) => !m.out)?.id ?? 0);
  const lastIn = Math.min(newestIn, seenUpTo(key));
  if (!lastIn || d.read_inbox_max_id >= lastIn) return;
  if (readPending.has(key)) return;
  readPending.add(key);
  const stillUnread = (s.histories[key]?.messages ?? []).filter((m) => !m.out && !m.action && m.id > lastIn).length;
  app.set((st) => ({
    dialogs: { ...st.dialogs, [key]: { ...d, unread_count: stillUnread, read_inbox_max_id: lastIn } },
  }));
  try {
    applyOwn((await client().call("messages.readHistory", { peer: peerOf(key), max_id: lastIn })).updates);
  } catch {
    // read state is refreshed with the dialogs; nothing the user must act on
  } finally {
    readPending.delete(key);
  }
  // More was seen while we were marking: mark that too.
  if (seenUpTo(key) > lastIn) void markRead(key);
}

export function randomId(): string {
  const b = crypto.getRandomValues(new Uint8Array(8));
  b[0] = (b[0] as number) & 0x7f;
  return BigInt(`0x${[...b].map((x) => x.toString(16).padStart(2, "0")).join("")}`).toString();
}

async function guarded<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    showToast(errorText(e));
    return undefined;
  }
}

export async function editText(key: PeerKey, id: number, text: string, entities: MessageEntity[]): Promise<boolean> {
  const r = await guarded(() =>
    client().call("messages.editMessage", { peer: peerOf(key), id, message: text, entities }),
  );
  if (r) applyOwn(r.updates);
  return !!r;
}

export async function deleteMessage(key: PeerKey, id: number, revoke: boolean): Promise<void> {
  const r = await guarded(() => client().call("messages.deleteMessages", { peer: peerOf(key), id: [id], revoke }));
  if (r) applyOwn(r.updates);
}

export async function react(key: PeerKey, id: number, emoji: string | null): Promise<void> {
  const r = await guarded(() =>
    client().call("messages.sendReaction", { peer: peerOf(key), msg_id: id, reaction: emoji ? [emoji] : [] }),
  );
  if (r) {
    applyOwn(r.updates);
    // What came back is what everyone sees; which one is the viewer's is known here.
    const u = r.updates.find((x) => x._ === "updateMessageReactions" || x._ === "updateChannelMessageReactions");
    if (u && "reactions" in u) setReactions(key, id, u.reactions, emoji);
  }
}

export async function pin(key: PeerKey, id: number, unpin: boolean): Promise<void> {
  const r = await guarded(() => client().call("messages.updatePinnedMessage", { peer: peerOf(key), id, unpin }));
  if (r) applyOwn(r.updates);
}

export async function forward(from: PeerKey, ids: number[], to: PeerKey): Promise<void> {
  const r = await guarded(() =>
    client().call("messages.forwardMessages", {
      from_peer: peerOf(from),
      to_peer: peerOf(to),
      id: ids,
      random_id: ids.map(randomId),
    }),
  );
  if (r) applyOwn(r.updates);
  app.set({ forwarding: null });
  if (r) openChat(to);
}

let lastTypingSent = 0;
/** Tells the other side we are typing, at most every 4 s (the indicator lasts ~6 s). */
export function typing(key: PeerKey): void {
  if (Date.now() - lastTypingSent < 4000) return;
  lastTypingSent = Date.now();
  void client()
    .call("messages.setTyping", { peer: peerOf(key), action: "sendMessageTypingAction" })
    .catch(() => undefined);
}

export function stopTyping(key: PeerKey): void {
  if (!lastTypingSent) return;
  lastTypingSent = 0;
  void client()
    .call("messages.setTyping", { peer: peerOf(key), action: "sendMessageCancelAction" })
    .catch(() => undefined);
}

export async function createGroup(kind: "group" | "channel", title: string, users: number[]): Promise<void> {
  const r = await guarded(() =>
    kind === "group"
      ? client().call("messages.createChat", { title, users })
      : client().call("channels.createChannel", { title, megagroup: false }),
  );
  if (!r) return;
  mergeEntities([], [r.chat]);
  if (kind === "channel" && users.length)
    await guarded(() => client().call("channels.inviteToChannel", { channel_id: r.chat.id, users }));
  applyOwn(r.updates);
  const key = `${r.chat._}:${r.chat.id}`;
  await reloadDialogs().catch(() => undefined);
  openChat(key);
}
