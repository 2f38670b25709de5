/** photos.*: profile photos, kept in each user's UserObject; the media is granted to every reader. */
import { Errors } from "../../protocol/errors.ts";
import { directoryOf, userObjectOf } from "../objects.ts";
import { type HandlerTable, userIdOf } from "./context.ts";
import { mediaOf, PROFILE_PHOTO_GRANT } from "./upload.ts";

export const photosHandlers: HandlerTable<
  "photos.uploadProfilePhoto" | "photos.getUserPhotos" | "photos.deletePhotos"
> = {
  async "photos.uploadProfilePhoto"(ctx, p) {
    const uid = userIdOf(ctx);
    const media = mediaOf(ctx.env);
    // The caller's own upload only; a still image, as Telegram's profile photos are.
    const ref = await media.resolveForMessage(uid, p);
    if (!ref.mime_type.startsWith("image/") || ref.mime_type === "image/gif" || !ref.w || !ref.h)
      throw Errors.badRequest("PHOTO_INVALID");
    await media.grantToChat(ref.media_id, PROFILE_PHOTO_GRANT);
    const photo = { media_id: ref.media_id, access_hash: p.access_hash, date: Math.floor(Date.now() / 1000) };
    const thumbnails = ref.thumbnails.filter((t) => t.type !== "i");
    await userObjectOf(ctx.env, uid).addProfilePhoto({
      ...photo,
      sizes: { w: ref.w, h: ref.h, size: ref.size, thumbnails },
    });
    return { photo };
  },
  async "photos.getUserPhotos"(ctx, p) {
    userIdOf(ctx);
    if (!(await directoryOf(ctx.env).exists(p.user_id))) throw Errors.badRequest("USER_ID_INVALID");
    return userObjectOf(ctx.env, p.user_id).profilePhotos(p.offset, p.limit);
  },
  async "photos.deletePhotos"(ctx, p) {
    return userObjectOf(ctx.env, userIdOf(ctx)).deleteProfilePhotos(p.id);
  },
};
