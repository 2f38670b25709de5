/** The core's Chat as TL's `chat` (basic group) or `channel` (its access hash the viewer's own). */
import type { AdminRights, Chat, ChatBannedRights } from "../../../protocol/model/chat.ts";
import type { TlConstructors, TlTypes } from "../../../protocol/mtproto/gen/api-types.ts";
import { type AccessHashEnv, accessHash } from "../access-hash.ts";

export function tlBannedRights(r: ChatBannedRights): TlConstructors["chatBannedRights"] {
  return {
    _: "chatBannedRights",
    viewMessages: r.view_messages ?? false,
    sendMessages: r.send_messages ?? false,
    sendPlain: r.send_plain ?? false,
    sendMedia: r.send_media ?? false,
    sendPhotos: r.send_photos ?? false,
    sendVideos: r.send_videos ?? false,
    sendRoundvideos: r.send_roundvideos ?? false,
    sendAudios: r.send_audios ?? false,
    sendVoices: r.send_voices ?? false,
    sendDocs: r.send_docs ?? false,
    sendStickers: r.send_stickers ?? false,
    sendGifs: r.send_gifs ?? false,
    sendPolls: r.send_polls ?? false,
    embedLinks: r.embed_links ?? false,
    inviteUsers: r.invite_users ?? false,
    pinMessages: r.pin_messages ?? false,
    changeInfo: r.change_info ?? false,
    untilDate: r.until_date ?? 0,
  };
}

/** TL's chatBannedRights as the core's (flags set forbid; none set lifts a restriction). */
export function coreBannedRights(r: TlTypes["ChatBannedRights"]): ChatBannedRights {
  const out: ChatBannedRights = { until_date: r.untilDate ?? 0 };
  const flags: [keyof ChatBannedRights, boolean | undefined][] = [
    ["view_messages", r.viewMessages],
    ["send_messages", r.sendMessages],
    ["send_plain", r.sendPlain],
    ["send_media", r.sendMedia],
    ["send_photos", r.sendPhotos],
    ["send_videos", r.sendVideos],
    ["send_roundvideos", r.sendRoundvideos],
    ["send_audios", r.sendAudios],
    ["send_voices", r.sendVoices],
    ["send_docs", r.sendDocs],
    ["send_stickers", r.sendStickers],
    ["send_gifs", r.sendGifs],
    ["send_polls", r.sendPolls],
    ["embed_links", r.embedLinks],
    ["invite_users", r.inviteUsers],
    ["pin_messages", r.pinMessages],
    ["change_info", r.changeInfo],
  ];
  for (const [k, v] of flags) if (v) (out as unknown as Record<string, boolean>)[k] = true;
  return out;
}

export function tlAdminRights(r: AdminRights): TlConstructors["chatAdminRights"] {
  return {
    _: "chatAdminRights",
    changeInfo: r.change_info,
    deleteMessages: r.delete_messages,
    inviteUsers: r.invite_users,
    pinMessages: r.pin_messages,
    addAdmins: r.add_admins,
    postMessages: true,
    editMessages: true,
    banUsers: r.delete_messages,
  };
}

/** What a basic group's admin may do (the core's admins of basic groups have every right). */
const GROUP_ADMIN: AdminRights = {
  change_info: true,
  delete_messages: true,
  invite_users: true,
  pin_messages: true,
  add_admins: true,
};

export function tlChat(env: AccessHashEnv, viewer: number, c: Chat): TlTypes["Chat"] {
  if (c._ === "chat")
    return {
      _: "chat",
      creator: c.creator ?? false,
      left: c.left ?? false,
      id: BigInt(c.id),
      title: c.title,
      photo: { _: "chatPhotoEmpty" },
      participantsCount: c.participants_count,
      date: c.date,
      version: 1,
      ...(c.admin || c.creator ? { adminRights: tlAdminRights(GROUP_ADMIN) } : {}),
      ...(c.default_banned_rights ? { defaultBannedRights: tlBannedRights(c.default_banned_rights) } : {}),
    };
  return {
    _: "channel",
    creator: c.creator ?? false,
    left: c.left ?? false,
    broadcast: c.broadcast ?? false,
    megagroup: c.megagroup ?? false,
    id: BigInt(c.id),
    accessHash: accessHash(env, viewer, "chat", c.id),
    title: c.title,
    photo: { _: "chatPhotoEmpty" },
    date: c.date,
    participantsCount: c.participants_count,
    ...(c.admin_rights ? { adminRights: tlAdminRights(c.admin_rights) } : {}),
    ...(c.banned_rights ? { bannedRights: tlBannedRights(c.banned_rights) } : {}),
    ...(c.default_banned_rights ? { defaultBannedRights: tlBannedRights(c.default_banned_rights) } : {}),
  };
}
