/**
 * Mute, pin and archive over MTProto: Telegram's account.*NotifySettings, messages.toggleDialogPin /
 * reorderPinnedDialogs / getPinnedDialogs and folders.editPeerFolders, each the core's own call. The changes reach every
 * session of the account as updates from the user's log (present/updates.ts).
 */
import { Errors } from "../../protocol/errors.ts";
import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import type { MtAdapterTable, MtContext } from "./context.ts";
import { core } from "./core-call.ts";
import { dialogs, peerDialogs } from "./messages.ts";
import { tlNotifySettings } from "./present/notify-settings.ts";
import { corePeerOf } from "./present/peers.ts";

const dialogPeerOf = (ctx: MtContext, p: TlTypes["InputDialogPeer"]) => {
  if (p._ !== "inputDialogPeer") throw Errors.badRequest("PEER_ID_INVALID");
  return corePeerOf(ctx, p.peer);
};

const samePeer = (a: { _: string; id: number }, b: { _: string; id: number }) => a._ === b._ && a.id === b.id;

const FOLDERS = [0, 1] as const;
function folderOf(id: number): 0 | 1 {
  const f = FOLDERS.find((x) => x === id);
  if (f === undefined) throw Errors.badRequest("FOLDER_ID_INVALID");
  return f;
}

export const dialogSettingsAdapters: MtAdapterTable<
  | "account.updateNotifySettings"
  | "account.getNotifySettings"
  | "messages.toggleDialogPin"
  | "messages.reorderPinnedDialogs"
  | "folders.editPeerFolders"
  | "messages.getPinnedDialogs"
> = {
  async "account.updateNotifySettings"(ctx, call) {
    // Settings for all users, groups or channels at once are not kept: accepted, as the defaults stay.
    if (call.peer._ !== "inputNotifyPeer") return true;
    const s = call.settings;
    await core(ctx, "account.updateNotifySettings", {
      peer: corePeerOf(ctx, call.peer.peer),
      settings: {
        ...(s.muteUntil !== undefined ? { mute_until: s.muteUntil } : {}),
        ...(s.silent !== undefined ? { silent: s.silent } : {}),
      },
    });
    return true;
  },
  async "account.getNotifySettings"(ctx, call) {
    if (call.peer._ !== "inputNotifyPeer") return tlNotifySettings(undefined);
    return tlNotifySettings(await core(ctx, "account.getNotifySettings", { peer: corePeerOf(ctx, call.peer.peer) }));
  },
  async "messages.toggleDialogPin"(ctx, call) {
    await core(ctx, "messages.toggleDialogPin", { peer: dialogPeerOf(ctx, call.peer), pinned: !!call.pinned });
    return true;
  },
  async "messages.reorderPinnedDialogs"(ctx, call) {
    await core(ctx, "messages.reorderPinnedDialogs", {
      folder_id: folderOf(call.folderId),
      order: call.order.map((p) => dialogPeerOf(ctx, p)),
      force: !!call.force,
    });
    return true;
  },
  /** The folder's pinned dialogs: the first page of its list holds them all (at most PINNED_MAX, first in order). */
  async "messages.getPinnedDialogs"(ctx, call) {
    const page = await dialogs(ctx, 0, 100, folderOf(call.folderId));
    const pinned = page.dialogs.filter((d) => d.pinned);
    const messages = page.messages.filter((m) =>
      pinned.some((d) => d.top_message === m.id && samePeer(d.peer, m.peer_id)),
    );
    return peerDialogs(ctx, { ...page, dialogs: pinned, messages });
  },
  async "folders.editPeerFolders"(ctx, call) {
    await core(ctx, "folders.editPeerFolders", {
      folder_peers: call.folderPeers.map((f) => ({ peer: corePeerOf(ctx, f.peer), folder_id: folderOf(f.folderId) })),
    });
    // The updateFolderPeers is pushed to every session of the account, this one too.
    const state = await core(ctx, "updates.getState", {});
    return { _: "updates", updates: [], users: [], chats: [], date: state.date, seq: 0 };
  },
};
