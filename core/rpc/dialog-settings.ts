/** Mute, pin and archive: the caller's own dialog settings, kept in their UserObject (dialog-settings.ts there). */
import type { Peer } from "../../protocol/model/peer.ts";
import { chatKeyOf } from "../chat/keys.ts";
import { userObjectOf } from "../objects.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

const refOf = (uid: number, peer: Peer) => ({ chatKey: chatKeyOf(uid, peer), peer });

export const dialogSettingsHandlers: HandlerTable<
  | "account.updateNotifySettings"
  | "account.getNotifySettings"
  | "messages.toggleDialogPin"
  | "messages.reorderPinnedDialogs"
  | "folders.editPeerFolders"
> = {
  async "account.updateNotifySettings"(ctx, p) {
    const uid = userIdOf(ctx);
    await userObjectOf(ctx.env, uid).updateNotifySettings(refOf(uid, p.peer), p.settings);
    return true;
  },
  async "account.getNotifySettings"(ctx, p) {
    const uid = userIdOf(ctx);
    return await userObjectOf(ctx.env, uid).notifySettings(chatKeyOf(uid, p.peer));
  },
  async "messages.toggleDialogPin"(ctx, p) {
    const uid = userIdOf(ctx);
    await userObjectOf(ctx.env, uid).toggleDialogPin(refOf(uid, p.peer), p.pinned);
    return true;
  },
  async "messages.reorderPinnedDialogs"(ctx, p) {
    const uid = userIdOf(ctx);
    const order = p.order.map((peer) => refOf(uid, peer));
    await userObjectOf(ctx.env, uid).reorderPinnedDialogs(p.folder_id, order, p.force);
    return true;
  },
  async "folders.editPeerFolders"(ctx, p) {
    const uid = userIdOf(ctx);
    const moves = p.folder_peers.map((f) => ({ ...refOf(uid, f.peer), folder: f.folder_id }));
    await userObjectOf(ctx.env, uid).editPeerFolders(moves);
    return true;
  },
};
