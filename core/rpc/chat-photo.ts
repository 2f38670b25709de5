/** messages.editChatPhoto: the image checked and made readable here, the chat's change made by its ChatObject. */
import { Errors } from "../../protocol/errors.ts";
import { chatKeyOf } from "../chat/keys.ts";
import { chatObjectOf } from "../objects.ts";
import { type HandlerTable, userIdOf } from "./context.ts";
import { mediaOf, PROFILE_PHOTO_GRANT } from "./upload.ts";

export const chatPhotoHandlers: HandlerTable<"messages.editChatPhoto"> = {
  async "messages.editChatPhoto"(ctx, p) {
    const uid = userIdOf(ctx);
    if (p.peer._ === "user") throw Errors.badRequest("PEER_ID_INVALID");
    const key = chatKeyOf(uid, p.peer);
    const chat = chatObjectOf(ctx.env, key);
    if (!p.photo) return chat.editPhoto(key, uid, null);
    const media = mediaOf(ctx.env);
    // The caller's own upload only; a still image, as Telegram's chat photos are.
    const ref = await media.resolveForMessage(uid, p.photo);
    if (!ref.mime_type.startsWith("image/") || ref.mime_type === "image/gif" || !ref.w || !ref.h)
      throw Errors.badRequest("PHOTO_INVALID");
    await chat.checkMayEditInfo(key, uid);
    // Like a profile photo, anyone who sees the chat may read it (public channels: anyone signed in).
    await media.grantToChat(ref.media_id, PROFILE_PHOTO_GRANT);
    const thumbnails = ref.thumbnails.filter((t) => t.type !== "i");
    return chat.editPhoto(key, uid, {
      media_id: ref.media_id,
      access_hash: p.photo.access_hash,
      date: Math.floor(Date.now() / 1000),
      sizes: { w: ref.w, h: ref.h, size: ref.size, thumbnails },
    });
  },
};
