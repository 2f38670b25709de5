/**
 * Applies server updates to the store and keeps the user's pts: a pushed
 * update that skips ahead, or a reconnect, fetches exactly what was missed
 * with updates.getDifference, so nothing is shown twice or lost.
 */

import type { Chat } from "../../../../protocol/model/chat.ts";
import type { Message, MessageReactions } from "../../../../protocol/model/message.ts";
import type { Peer } from "../../../../protocol/model/peer.ts";
import type { Update } from "../../../../protocol/model/update.ts";
import type { User } from "../../../../protocol/model/user.ts";
import { markRead, reloadDialogs } from "./chats.ts";
import { applySettingsUpdate } from "./dialog-settings.ts";
import { applyDraftUpdate } from "./drafts.ts";
import { notifyNewMessage } from "./notifications.ts";
import { applyPollUpdate } from "./polls.ts";
import { patchKnown } from "./references.ts";
import { client } from "./session.ts";
import { type AppState, app, type History, keyOf, type PeerKey } from "./state.ts";

const TYPING_MS = 6000;
let pts = 0;
let syncing: Promise<void> | null = null;

export function setPts(value: number): void {
  pts = value;
}

/** Pushed by the server: apply in order, or catch up first when there is a gap. */
export function onPushed(raw: unknown[]): void {
  const updates = raw as Update[];
  for (const u of updates) {
    if ("pts_count" in u && !isChannelUpdate(u)) {
      if (u.pts <= pts) continue; // already applied (e.g. returned by our own call)
      if (u.pts - u.pts_count > pts) {
        void catchUp();
        return;
      }
      pts = u.pts;
    }
    apply(u);
  }
}

/** Updates returned by our own mutation: the same rules as pushed ones. */
export const applyOwn = (updates: Update[]): void => onPushed(updates);

export function catchUp(): Promise<void> {
  syncing ??= difference().finally(() => {
    syncing = null;
  });
  return syncing;
}

async function difference(): Promise<void> {
  for (;;) {
    const d = await client().call("updates.getDifference", { pts });
    if (d._ === "updates.differenceEmpty") return;
    if (d._ === "updates.differenceTooLong") {
      pts = d.state.pts;
      await reloadDialogs();
      return;
    }
    mergeEntities(d.users, d.chats);
    for (const u of d.updates) {
      if ("pts_count" in u && !isChannelUpdate(u)) pts = Math.max(pts, u.pts);
      apply(u);
    }
    if (d._ === "updates.difference") {
      pts = d.state.pts;
      return;
    }
    pts = d.intermediate_state.pts;
  }
}

const isChannelUpdate = (u: Update) => u._.includes("Channel");

export function mergeEntities(users: User[], chats: Chat[]): void {
  if (!users.length && !chats.length) return;
  app.set((s) => ({
    users: { ...s.users, ...Object.fromEntries(users.map((u) => [u.id, u])) },
    chats: { ...s.chats, ...Object.fromEntries(chats.map((c) => [c.id, c])) },
  }));
}

function peerOfMessage(m: Message): PeerKey {
  return keyOf(m.peer_id);
}

function updateHistory(s: AppState, key: PeerKey, fn: (msgs: Message[]) => Message[]): Partial<AppState> {
  const h = s.histories[key];
  if (!h) return {};
  return { histories: { ...s.histories, [key]: { ...h, messages: fn(h.messages) } satisfies History } };
}

/** Inserts or replaces a message by id, keeping ascending order. */
export function upsertMessage(msgs: Message[], m: Message): Message[] {
  const i = msgs.findIndex((x) => x.id === m.id);
  if (i >= 0) return msgs.map((x) => (x.id === m.id ? m : x));
  const out = [...msgs, m];
  if (msgs.length && (msgs[msgs.length - 1] as Message).id > m.id) out.sort((a, b) => a.id - b.id);
  return out;
}

const wanted = new Set<number>();
let fetchTimer: ReturnType<typeof setTimeout> | null = null;

/** Pushed updates name users by id only: fetch the ones we have not seen, in one batch. */
export function ensureUsers(ids: (number | undefined)[]): void {
  const known = app.get().users;
  for (const id of ids) if (id && !known[id]) wanted.add(id);
  if (!wanted.size || fetchTimer) return;
  fetchTimer = setTimeout(() => {
    fetchTimer = null;
    const batch = [...wanted];
    wanted.clear();
    client()
      .call("users.getUsers", { ids: batch })
      .then((users) => mergeEntities(users, []))
      .catch(() => undefined);
  }, 0);
}

const chatsWanted = new Set<PeerKey>();
/** A message in a group or channel we have not seen yet (just added to it): fetch its info. */
function ensureChat(peer: Peer): void {
  if (peer._ === "user" || app.get().chats[peer.id]) return;
  const key = keyOf(peer);
  if (chatsWanted.has(key)) return;
  chatsWanted.add(key);
  client()
    .call("messages.getFullChat", { peer })
    .then((r) => mergeEntities(r.users, [r.chat]))
    .catch(() => undefined)
    .finally(() => chatsWanted.delete(key));
}

export function addMessage(m: Message): void {
  const key = peerOfMessage(m);
  ensureChat(m.peer_id);
  ensureUsers([m.from_id, m.peer_id._ === "user" ? m.peer_id.id : undefined, m.fwd_from?.from_id, m.via_bot_id]);
  const known = app.get().dialogs[key];
  if (!known || m.id > known.top_message) notifyNewMessage(key, m);
  app.set((s) => {
    const d = s.dialogs[key];
    const incoming = !m.out && !m.action;
    const isActiveVisible = s.active === key && document.visibilityState === "visible";
    const isNew = !d || m.id > d.top_message;
    const dialog = {
      ...d,
      peer: m.peer_id as Peer,
      top_message: Math.max(d?.top_message ?? 0, m.id),
      read_inbox_max_id: d?.read_inbox_max_id ?? 0,
      read_outbox_max_id: d?.read_outbox_max_id ?? 0,
      unread_count: (d?.unread_count ?? 0) + (incoming && isNew && !isActiveVisible ? 1 : 0),
    };
    const typing = { ...s.typing };
    if (m.from_id && typing[key]?.userId === m.from_id) delete typing[key];
    return {
      ...updateHistory(s, key, (msgs) => upsertMessage(msgs, m)),
      dialogs: { ...s.dialogs, [key]: dialog },
      tops: isNew || s.tops[key]?.id === m.id ? { ...s.tops, [key]: m } : s.tops,
      typing,
    };
  });
  if (!m.out && app.get().active === key) void markRead(key);
}

function editMessage(m: Message): void {
  const key = peerOfMessage(m);
  app.set((s) => ({
    ...updateHistory(s, key, (msgs) => msgs.map((x) => (x.id === m.id ? m : x))),
    tops: s.tops[key]?.id === m.id ? { ...s.tops, [key]: m } : s.tops,
  }));
}

function deleteMessages(key: PeerKey, ids: number[]): void {
  const gone = new Set(ids);
  app.set((s) => {
    const h = s.histories[key];
    const left = h?.messages.filter((x) => !gone.has(x.id));
    const top = s.tops[key];
    const tops = { ...s.tops };
    if (top && gone.has(top.id)) {
      const prev = left?.[left.length - 1];
      if (prev) tops[key] = prev;
      else delete tops[key];
    }
    return { ...updateHistory(s, key, () => left ?? []), tops };
  });
}

function patchMessage(key: PeerKey, id: number, patch: Partial<Message>): void {
  app.set((s) => updateHistory(s, key, (msgs) => msgs.map((x) => (x.id === id ? { ...x, ...patch } : x))));
}

/**
 * Reactions pushed to every member carry nobody's choice, so the viewer's own (`chosen`) is kept from
 * what was shown; `mine` (the viewer's own sendReaction: an emoji, or null for none) sets it outright.
 */
export function setReactions(key: PeerKey, id: number, reactions: MessageReactions, mine?: string | null): void {
  app.set((s) =>
    updateHistory(s, key, (msgs) =>
      msgs.map((x) => {
        if (x.id !== id) return x;
        const had = new Set((x.reactions?.results ?? []).filter((r) => r.chosen).map((r) => r.reaction));
        const results = reactions.results.map((r) => ({
          ...r,
          chosen: mine !== undefined ? r.reaction === mine : had.has(r.reaction) && r.count > 0,
        }));
        return { ...x, reactions: { results } };
      }),
    ),
  );
}

function patchDialog(key: PeerKey, patch: (d: AppState["dialogs"][string]) => Partial<AppState["dialogs"][string]>) {
  app.set((s) => {
    const d = s.dialogs[key];
    return d ? { dialogs: { ...s.dialogs, [key]: { ...d, ...patch(d) } } } : {};
  });
}

function setTyping(key: PeerKey, userId: number, action: string): void {
  app.set((s) => {
    const typing = { ...s.typing };
    if (action === "sendMessageCancelAction") delete typing[key];
    else typing[key] = { userId, until: Date.now() + TYPING_MS };
    return { typing };
  });
}

function apply(u: Update): void {
  switch (u._) {
    case "updateDraftMessage":
      applyDraftUpdate(u);
      break;
    case "updateNewMessage":
    case "updateNewChannelMessage":
      addMessage(u.message);
      break;
    case "updateEditMessage":
    case "updateEditChannelMessage":
      editMessage(u.message);
      break;
    case "updateDeleteMessages":
      deleteMessages(keyOf(u.peer), u.messages);
      break;
    case "updateDeleteChannelMessages":
      deleteMessages(`channel:${u.channel_id}`, u.messages);
      break;
    case "updateReadHistoryInbox":
      patchDialog(keyOf(u.peer), (d) => ({
        read_inbox_max_id: Math.max(d.read_inbox_max_id, u.max_id),
        unread_count: u.still_unread_count,
      }));
      break;
    case "updateReadHistoryOutbox":
      patchDialog(keyOf(u.peer), (d) => ({ read_outbox_max_id: Math.max(d.read_outbox_max_id, u.max_id) }));
      break;
    case "updateMessageReactions":
      setReactions(keyOf(u.peer), u.msg_id, u.reactions);
      break;
    case "updateChannelMessageReactions":
      setReactions(`channel:${u.channel_id}`, u.msg_id, u.reactions);
      break;
    case "updatePinnedMessages":
      for (const id of u.messages) {
        patchMessage(keyOf(u.peer), id, { pinned: u.pinned });
        patchKnown(keyOf(u.peer), id, { pinned: u.pinned });
      }
      break;
    case "updatePinnedChannelMessages":
      for (const id of u.messages) {
        patchMessage(`channel:${u.channel_id}`, id, { pinned: u.pinned });
        patchKnown(`channel:${u.channel_id}`, id, { pinned: u.pinned });
      }
      break;
    case "updateChat":
      mergeEntities([], [u.chat]);
      break;
    case "updateUserTyping":
      setTyping(`user:${u.user_id}`, u.user_id, u.action);
      break;
    case "updateChatUserTyping":
      setTyping(keyOf(u.peer), u.from_id, u.action);
      break;
    case "updateUserStatus":
      app.set((s) => {
        const user = s.users[u.user_id];
        return user ? { users: { ...s.users, [u.user_id]: { ...user, status: u.status } } } : {};
      });
      break;
    case "updateMessagePoll":
      applyPollUpdate(u);
      break;
    case "updateNotifySettings":
    case "updateDialogPinned":
    case "updatePinnedDialogs":
    case "updateFolderPeers":
      applySettingsUpdate(u);
      break;
    case "updateChannelTooLong":
    case "updateChannel":
    case "updateMessagePollVote":
      break;
  }
}
