/**
 * Running a group over MTProto: a basic group's title, members and admins, a chat's description and
 * default rights, unpinning everything, and invite links. Each is the core's call; answers in Telegram's
 * shape.
 */
import type { ExportedChatInvite } from "../../protocol/model/invite.ts";
import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import type { MtAdapterTable } from "./context.ts";
import { core } from "./core-call.ts";
import { affected, answerUpdates } from "./messages.ts";
import { coreBannedRights, tlChat } from "./present/chats.ts";
import { basicChatId, corePeerOf, inputUserId, selfId } from "./present/peers.ts";

/** A link's hash as clients send it: the bare hash, or the whole link (`…/+hash`, `…/joinchat/hash`). */
const linkHash = (hash: string) => hash.replace(/^.*\/(\+|joinchat\/)/, "");

function tlInvite(i: ExportedChatInvite): TlTypes["ExportedChatInvite"] {
  return {
    _: "chatInviteExported",
    revoked: i.revoked,
    permanent: i.permanent,
    requestNeeded: i.request_needed,
    link: i.link,
    adminId: BigInt(i.admin_id),
    date: i.date,
    ...(i.expire_date !== undefined ? { expireDate: i.expire_date } : {}),
    ...(i.usage_limit !== undefined ? { usageLimit: i.usage_limit } : {}),
    usage: i.usage,
    requested: i.requested,
    ...(i.title !== undefined ? { title: i.title } : {}),
  };
}

export const groupAdminAdapters: MtAdapterTable<
  | "messages.editChatTitle"
  | "messages.deleteChatUser"
  | "messages.editChatAdmin"
  | "messages.editChatAbout"
  | "messages.editChatDefaultBannedRights"
  | "messages.unpinAllMessages"
  | "messages.exportChatInvite"
  | "messages.checkChatInvite"
  | "messages.importChatInvite"
> = {
  async "messages.editChatTitle"(ctx, call) {
    const r = await core(ctx, "messages.editChatTitle", { chat_id: basicChatId(call.chatId), title: call.title });
    return answerUpdates(ctx, r.updates);
  },
  /** Removing a member, or oneself (leaving: the answer names the group as the leaver now sees it). */
  async "messages.deleteChatUser"(ctx, call) {
    const r = await core(ctx, "messages.deleteChatUser", {
      chat_id: basicChatId(call.chatId),
      user_id: inputUserId(ctx, call.userId),
    });
    return answerUpdates(ctx, r.updates, [], [r.chat]);
  },
  async "messages.editChatAdmin"(ctx, call) {
    return core(ctx, "messages.editChatAdmin", {
      chat_id: basicChatId(call.chatId),
      user_id: inputUserId(ctx, call.userId),
      is_admin: call.isAdmin,
    });
  },
  async "messages.editChatAbout"(ctx, call) {
    return core(ctx, "messages.editChatAbout", { peer: corePeerOf(ctx, call.peer), about: call.about });
  },
  async "messages.editChatDefaultBannedRights"(ctx, call) {
    const r = await core(ctx, "messages.editChatDefaultBannedRights", {
      peer: corePeerOf(ctx, call.peer),
      banned_rights: coreBannedRights(call.bannedRights),
    });
    return answerUpdates(ctx, r.updates);
  },
  async "messages.unpinAllMessages"(ctx, call) {
    const r = await core(ctx, "messages.unpinAllMessages", {
      peer: corePeerOf(ctx, call.peer),
      ...(call.topMsgId ? { top_msg_id: call.topMsgId } : {}),
    });
    const a = affected(r.updates);
    return { _: "messages.affectedHistory", pts: a.pts, ptsCount: a.ptsCount, offset: 0 };
  },
  async "messages.exportChatInvite"(ctx, call) {
    const invite = await core(ctx, "messages.exportChatInvite", {
      peer: corePeerOf(ctx, call.peer),
      ...(call.legacyRevokePermanent ? { legacy_revoke_permanent: true } : {}),
      ...(call.requestNeeded ? { request_needed: true } : {}),
      ...(call.expireDate ? { expire_date: call.expireDate } : {}),
      ...(call.usageLimit ? { usage_limit: call.usageLimit } : {}),
      ...(call.title ? { title: call.title } : {}),
    });
    return tlInvite(invite);
  },
  async "messages.checkChatInvite"(ctx, call) {
    const me = selfId(ctx);
    const env = ctx.rpc.env;
    const c = await core(ctx, "messages.checkChatInvite", { hash: linkHash(call.hash) });
    if (c._ === "chatInviteAlready") return { _: "chatInviteAlready", chat: tlChat(env, me, c.chat) };
    return {
      _: "chatInvite",
      channel: c.channel,
      broadcast: c.broadcast,
      megagroup: c.megagroup,
      requestNeeded: c.request_needed,
      title: c.title,
      ...(c.about ? { about: c.about } : {}),
      photo: { _: "photoEmpty", id: 0n },
      participantsCount: c.participants_count,
      color: 0,
    };
  },
  async "messages.importChatInvite"(ctx, call) {
    const r = await core(ctx, "messages.importChatInvite", { hash: linkHash(call.hash) });
    const updates = await answerUpdates(
      ctx,
      r.updates.length ? r.updates : [{ _: "updateChat", chat: r.chat, pts: 0, pts_count: 0 }],
    );
    return { _: "messages.chatInviteJoinResultOk", updates };
  },
};
