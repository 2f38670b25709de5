/**
 * Cloud drafts: what is typed in a chat and not sent is saved to the server (messages.saveDraft) a
 * moment after typing stops, so the user's other devices show it in their chat list and composer;
 * their changes arrive as updateDraftMessage.
 */
import type { DraftMessage, Update } from "../../../../protocol/model/update.ts";
import { client } from "./session.ts";
import { app, keyOf, type PeerKey, peerOf } from "./state.ts";

const SAVE_AFTER_MS = 700;
const pending = new Map<PeerKey, ReturnType<typeof setTimeout>>();
/** Listeners of the open chat's composer: a draft changed on another device. */
const listeners = new Set<(key: PeerKey, text: string) => void>();

function setLocal(key: PeerKey, draft: DraftMessage | null): void {
  app.set((s) => {
    const drafts = { ...s.drafts };
    if (draft) drafts[key] = draft;
    else delete drafts[key];
    return { drafts };
  });
}

/** Every draft of the account (at start and after a reconnect). */
export async function loadDrafts(): Promise<void> {
  const { drafts } = await client().call("messages.getAllDrafts", {});
  app.set({ drafts: Object.fromEntries(drafts.map((d) => [keyOf(d.peer), d.draft])) });
}

/** The composer's text changed: kept here at once, saved to the cloud once typing pauses. */
export function draftChanged(key: PeerKey, text: string): void {
  setLocal(key, text ? { message: text, date: Math.floor(Date.now() / 1000) } : null);
  clearTimeout(pending.get(key));
  pending.set(
    key,
    setTimeout(() => {
      pending.delete(key);
      void client()
        .call("messages.saveDraft", { peer: peerOf(key), message: text })
        .catch((e) => console.warn("saving the draft failed; the next change tries again", e));
    }, SAVE_AFTER_MS),
  );
}

/** The text was sent: the draft goes at once (no pending save may bring it back). */
export function draftSent(key: PeerKey): void {
  clearTimeout(pending.get(key));
  pending.delete(key);
  if (!app.get().drafts[key]) return;
  setLocal(key, null);
  void client()
    .call("messages.saveDraft", { peer: peerOf(key), message: "" })
    .catch((e) => console.warn("clearing the draft failed", e));
}

export function onDraftFromElsewhere(fn: (key: PeerKey, text: string) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function applyDraftUpdate(u: Extract<Update, { _: "updateDraftMessage" }>): void {
  const key = keyOf(u.peer);
  // A save of our own still waiting wins: it is newer than what another device sent.
  if (pending.has(key)) return;
  setLocal(key, u.draft);
  for (const fn of listeners) fn(key, u.draft?.message ?? "");
}
