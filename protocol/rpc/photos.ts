/** photos.*: profile photos (Telegram's names). The newest is the user's avatar, readable by anyone signed in. */
import * as v from "valibot";
import { AccessHash, MediaId } from "../model/media.ts";
import { ProfilePhoto } from "../model/user.ts";
import { method } from "./define.ts";

/** Profile photos kept per user; setting one more drops the oldest. */
export const PROFILE_PHOTOS_MAX = 100;

export const photosMethods = {
  /** Makes an uploaded image (messages.uploadMedia) the caller's profile photo. */
  "photos.uploadProfilePhoto": method({
    params: v.object({ media_id: MediaId, access_hash: AccessHash }),
    result: v.object({ photo: ProfilePhoto }),
    auth: true,
    errors: ["400 MEDIA_INVALID", "400 PHOTO_INVALID", "500 MEDIA_UNAVAILABLE"],
  }),
  /** A user's profile photos, newest first. */
  "photos.getUserPhotos": method({
    params: v.object({
      user_id: v.pipe(v.number(), v.integer("USER_ID_INVALID"), v.minValue(1, "USER_ID_INVALID")),
      offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 100),
    }),
    result: v.object({ photos: v.array(ProfilePhoto), count: v.number() }),
    auth: true,
    errors: ["400 USER_ID_INVALID"],
  }),
  /** Removes some of the caller's profile photos (by media id); answers the ids removed. */
  "photos.deletePhotos": method({
    params: v.object({ id: v.pipe(v.array(MediaId), v.maxLength(100)) }),
    result: v.array(v.string()),
    auth: true,
  }),
};
