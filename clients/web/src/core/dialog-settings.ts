/**
 * Mute, pin, archive and delete in the web client: the calls, and the updates every device of the user gets
 * for them (this one too: the server pushes the change everywhere, so all tabs converge the same way).
 */
import type { Dialog } from "../../../../protocol/model/chat.ts";
import type { Update } from "../../../../protocol/model/update.ts";
import { errorText } from "../ui/errors.ts";
import { client } from "./session.ts";
import { type AppState, app, keyOf, type PeerKey, peerOf, showToast } from "./state.ts";
import { applyOwn } from "./updates.ts";

/** Telegram's "muted forever". */
export const MUTE_FOREVER = 2147483647;

export const isMuted = (d: Dialog | undefined): boolean => (d?.notify_settings?.mute_until ?? 0) > Date.now() / 1000;

export const folderOf = (d: Dialog | undefined): number => d?.folder_id ?? 0;

async function guarded(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    showToast(errorText(e));
    return false;
  }
}

function patch(s: AppState, key: PeerKey, fn: (d: Dialog) => Dialog): Partial<AppState> {
  const d = s.dialogs[key];
  return d ? { dialogs: { ...s.dialogs, [key]: fn(d) } } : {};
}

function setPinned(key: PeerKey, pinned: boolean): void {
  app.set((s) => ({
    ...patch(s, key, ({ pinned: _, ...d }) => (pinned ? { ...d, pinned } : d)),
    pins: pinned ? [key, ...s.pins.filter((k) => k !== key)] : s.pins.filter((k) => k !== key),
  }));
}

function setMuteUntil(key: PeerKey, until: number): void {
  app.set((s) =>
    patch(s, key, ({ notify_settings, ...d }) => {
      const { mute_until: _, ...rest } = notify_settings ?? {};
      const next = until > 0 ? { ...rest, mute_until: until } : rest;
      return Object.keys(next).length > 0 ? { ...d, notify_settings: next } : d;
    }),
  );
}

function setFolder(key: PeerKey, folder: number): void {
  // Moving between folders unpins, as on the server.
  app.set((s) => ({
    ...patch(s, key, ({ folder_id: _, pinned: __, ...d }) => (folder ? { ...d, folder_id: folder } : d)),
    pins: s.pins.filter((k) => k !== key),
  }));
}

export async function togglePin(key: PeerKey): Promise<void> {
  const pinned = !app.get().dialogs[key]?.pinned;
  if (await guarded(() => client().call("messages.toggleDialogPin", { peer: peerOf(key), pinned })))
    setPinned(key, pinned);
}

/** Mutes for `seconds` (Infinity: forever); 0 unmutes. */
export async function mute(key: PeerKey, seconds: number): Promise<void> {
  const until = seconds === 0 ? 0 : seconds === Infinity ? MUTE_FOREVER : Math.floor(Date.now() / 1000) + seconds;
  const peer = peerOf(key);
  if (await guarded(() => client().call("account.updateNotifySettings", { peer, settings: { mute_until: until } })))
    setMuteUntil(key, until);
}

export async function archive(key: PeerKey, archived: boolean): Promise<void> {
  const folder_id: 0 | 1 = archived ? 1 : 0;
  const folder_peers = [{ peer: peerOf(key), folder_id }];
  if (await guarded(() => client().call("folders.editPeerFolders", { folder_peers }))) {
    setFolder(key, folder_id);
    // The archive's last chat left it: back to the main list.
    const s = app.get();
    if (s.archiveOpen && !Object.values(s.dialogs).some((d) => folderOf(d) === 1)) app.set({ archiveOpen: false });
  }
}

/** Deletes a private chat's history for the user (`forBoth`: for the other side too), then its dialog. */
export async function deleteChat(key: PeerKey, forBoth: boolean): Promise<void> {
  const ok = await guarded(async () => {
    for (;;) {
      const r = await client().call("messages.deleteHistory", { peer: peerOf(key), revoke: forBoth });
      applyOwn(r.updates);
      if (r.offset === 0) return;
    }
  });
  if (!ok) return;
  app.set((s) => {
    const { [key]: _d, ...dialogs } = s.dialogs;
    const { [key]: _t, ...tops } = s.tops;
    const { [key]: _h, ...histories } = s.histories;
    return {
      dialogs,
      tops,
      histories,
      pins: s.pins.filter((k) => k !== key),
      active: s.active === key ? null : s.active,
    };
  });
}

type SettingsUpdate = Extract<
  Update,
  { _: "updateNotifySettings" | "updateDialogPinned" | "updatePinnedDialogs" | "updateFolderPeers" }
>;

export function applySettingsUpdate(u: SettingsUpdate): void {
  switch (u._) {
    case "updateNotifySettings":
      setMuteUntil(keyOf(u.peer), u.notify_settings.mute_until ?? 0);
      break;
    case "updateDialogPinned":
      setPinned(keyOf(u.peer), u.pinned);
      break;
    case "updatePinnedDialogs": {
      const order = u.order.map(keyOf);
      app.set((s) => {
        const dialogs = { ...s.dialogs };
        for (const [k, d] of Object.entries(dialogs)) {
          if (folderOf(d) !== u.folder_id) continue;
          const { pinned: _, ...rest } = d;
          dialogs[k] = order.includes(k) ? { ...rest, pinned: true } : rest;
        }
        const others = s.pins.filter((k) => folderOf(s.dialogs[k]) !== u.folder_id);
        return { dialogs, pins: [...order, ...others] };
      });
      break;
    }
    case "updateFolderPeers":
      for (const f of u.folder_peers) setFolder(keyOf(f.peer), f.folder_id);
      break;
  }
}
