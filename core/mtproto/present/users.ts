/** The core's User as TL's `user` for one viewer: the access hash in it is the viewer's own. */
import type { User } from "../../../protocol/model/user.ts";
import type { TlConstructors, TlTypes } from "../../../protocol/mtproto/gen/api-types.ts";
import { type AccessHashEnv, accessHash } from "../access-hash.ts";
import { THIS_DC } from "../this-dc.ts";
import { tlFileId } from "./files.ts";

export function tlUserStatus(s: User["status"]): TlTypes["UserStatus"] | undefined {
  switch (s?._) {
    case "online":
      return { _: "userStatusOnline", expires: s.expires };
    case "offline":
      return { _: "userStatusOffline", wasOnline: s.was_online };
    case "recently":
      return { _: "userStatusRecently" };
    default:
      return undefined;
  }
}

export function tlUser(env: AccessHashEnv, viewer: number | null, u: User): TlConstructors["user"] {
  const status = tlUserStatus(u.status);
  return {
    _: "user",
    self: u.self === true || u.id === viewer,
    contact: u.contact ?? false,
    bot: u.bot ?? false,
    // TL ties bot_info_version to the bot flag (bit 14): a bot's user always carries one.
    ...(u.bot ? { botInfoVersion: 1 } : {}),
    id: BigInt(u.id),
    accessHash: accessHash(env, viewer ?? u.id, "user", u.id),
    firstName: u.first_name,
    ...(u.last_name ? { lastName: u.last_name } : {}),
    ...(u.username ? { username: u.username } : {}),
    ...(u.phone ? { phone: u.phone.replace(/^\+/, "") } : {}),
    ...(status ? { status } : {}),
    // The current profile photo, read through inputPeerPhotoFileLocation (core/mtproto/profile-photos.ts).
    ...(u.photo ? { photo: { _: "userProfilePhoto", photoId: tlFileId(u.photo.media_id), dcId: THIS_DC } } : {}),
  };
}
