/** Everything the app shows, in one store: who is signed in, chats, messages, typing, uploads. */
import type { Chat, Dialog } from "../../../../protocol/model/chat.ts";
import type { Message } from "../../../../protocol/model/message.ts";
import type { Peer } from "../../../../protocol/model/peer.ts";
import type { DraftMessage } from "../../../../protocol/model/update.ts";
import type { User } from "../../../../protocol/model/user.ts";
import type { ConnectionState } from "../../../sdk/index.ts";
import type { PendingMessage } from "./outbox.ts";
import { createStore } from "./store.ts";

/** "user:5", "chat:7", "channel:9": the key a peer is stored under. */
export type PeerKey = string;
export const keyOf = (p: Peer): PeerKey => `${p._}:${p.id}`;
export function peerOf(key: PeerKey): Peer {
  const [kind, id] = key.split(":");
  return { _: kind as Peer["_"], id: Number(id) };
}

export interface History {
  /** Ascending by id. */
  messages: Message[];
  hasOlder: boolean;
  loadingOlder: boolean;
  loaded: boolean;
}

/** A file on its way up: shown as a bubble with a progress bar until the message arrives. */
export interface Upload {
  id: string;
  peer: PeerKey;
  name: string;
  size: number;
  sent: number;
  previewUrl?: string;
  error?: string;
  cancel: () => void;
}

export interface AppState {
  phase: "boot" | "signed-out" | "signed-in";
  connection: ConnectionState;
  devMode: boolean;
  messageLengthMax: number;
  self: User | null;
  users: Record<number, User>;
  chats: Record<number, Chat>;
  dialogs: Record<PeerKey, Dialog>;
  /** Pinned dialogs, in pin order (core/dialog-settings.ts). */
  pins: PeerKey[];
  /** The chat list shows the archive instead of the main list. */
  archiveOpen: boolean;
  /** Last message per dialog, for the list. */
  tops: Record<PeerKey, Message>;
  histories: Record<PeerKey, History>;
  active: PeerKey | null;
  /** Who is typing where, until when (ms). */
  typing: Record<PeerKey, { userId: number; until: number }>;
  uploads: Upload[];
  /** Messages typed and not yet confirmed (core/outbox.ts). */
  outbox: PendingMessage[];
  /** Messages a chat shows but has not loaded (quoted, pinned): core/references.ts. */
  known: Record<PeerKey, Record<number, Message>>;
  /** A message found by search, scrolled to and highlighted for a moment (core/search.ts). */
  focus: { key: PeerKey; id: number } | null;
  /** Cloud drafts by chat (core/drafts.ts). */
  drafts: Record<PeerKey, DraftMessage>;
  /** A message being forwarded: the forward picker is open. */
  forwarding: { from: PeerKey; ids: number[] } | null;
  toast: string | null;
}

export const app = createStore<AppState>({
  phase: "boot",
  connection: "connecting",
  devMode: false,
  messageLengthMax: 4096,
  self: null,
  users: {},
  chats: {},
  dialogs: {},
  pins: [],
  archiveOpen: false,
  tops: {},
  histories: {},
  active: null,
  typing: {},
  uploads: [],
  outbox: [],
  drafts: {},
  known: {},
  focus: null,
  forwarding: null,
  toast: null,
});

export function peerTitle(s: AppState, key: PeerKey): string {
  const p = peerOf(key);
  if (p._ === "user") {
    const u = s.users[p.id];
    if (u?.self) return "Saved Messages";
    return u ? [u.first_name, u.last_name].filter(Boolean).join(" ") : `User ${p.id}`;
  }
  return s.chats[p.id]?.title ?? `Chat ${p.id}`;
}

export function showToast(text: string): void {
  app.set({ toast: text });
  setTimeout(() => {
    if (app.get().toast === text) app.set({ toast: null });
  }, 4000);
}
