/** Users, their presence and authorizations (devices), as the API returns them. */
import * as v from "valibot";
import { Thumbnail } from "./media.ts";

export const UserStatus = v.variant("_", [
  v.object({ _: v.literal("online"), expires: v.number() }),
  v.object({ _: v.literal("offline"), was_online: v.number() }),
  v.object({ _: v.literal("recently") }),
  v.object({ _: v.literal("empty") }),
]);
export type UserStatus = v.InferOutput<typeof UserStatus>;

/** A profile photo's dimensions and stored thumbnails (photos.getUserPhotos lists them; a user's `photo` does not). */
export const ProfilePhotoSizes = v.object({
  w: v.number(),
  h: v.number(),
  size: v.number(),
  thumbnails: v.array(Thumbnail),
});

/** A user's current profile photo: an image anyone signed in may read (its media id and hash). */
export const ProfilePhoto = v.object({
  media_id: v.string(),
  access_hash: v.string(),
  date: v.number(),
  sizes: v.optional(ProfilePhotoSizes),
});
export type ProfilePhoto = v.InferOutput<typeof ProfilePhoto>;

export const User = v.object({
  id: v.number(),
  first_name: v.string(),
  last_name: v.optional(v.string()),
  username: v.optional(v.string()),
  /** Only shown to the user themself and to their contacts. */
  phone: v.optional(v.string()),
  about: v.optional(v.string()),
  bot: v.optional(v.boolean()),
  self: v.optional(v.boolean()),
  contact: v.optional(v.boolean()),
  status: v.optional(UserStatus),
  photo: v.optional(ProfilePhoto),
});
export type User = v.InferOutput<typeof User>;

export const Authorization = v.object({
  /** The auth key id (hex) naming this device; pass it to account.resetAuthorization. */
  hash: v.string(),
  device_model: v.string(),
  app_name: v.string(),
  date_created: v.number(),
  date_active: v.number(),
  current: v.boolean(),
});
export type Authorization = v.InferOutput<typeof Authorization>;

// Field rules shared by handlers and clients.
export const Phone = v.pipe(v.string(), v.regex(/^\+?[0-9]{5,15}$/, "PHONE_NUMBER_INVALID"));
export const Username = v.pipe(v.string(), v.regex(/^[a-zA-Z][a-zA-Z0-9_]{4,31}$/, "USERNAME_INVALID"));
export const FirstName = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "FIRSTNAME_INVALID"),
  v.maxLength(64, "FIRSTNAME_INVALID"),
);
export const LastName = v.pipe(v.string(), v.trim(), v.maxLength(64, "LASTNAME_INVALID"));
