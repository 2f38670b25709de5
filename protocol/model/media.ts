/**
 * Media references: what the media service returns after an upload and what
 * messages carry. `access_hash` is a keyed MAC over the media and its owner;
 * holding it is necessary, never sufficient, to read the bytes.
 */
import * as v from "valibot";

export const MediaId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/, "MEDIA_ID_INVALID"));
export const AccessHash = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,128}$/, "ACCESS_HASH_INVALID"));

/** A thumbnail of a photo: "s"/"m"/"x" are stored sizes; "i" is a tiny inline preview carried in `bytes`. */
export const Thumbnail = v.object({
  type: v.picklist(["i", "s", "m", "x"]),
  w: v.number(),
  h: v.number(),
  size: v.number(),
  /** Base64url bytes of the inline preview (type "i" only). */
  bytes: v.optional(v.string()),
});
export type Thumbnail = v.InferOutput<typeof Thumbnail>;

export const MediaRef = v.object({
  media_id: MediaId,
  access_hash: AccessHash,
  size: v.number(),
  mime_type: v.string(),
  name: v.optional(v.string()),
  /** Hex SHA-256 of the whole file, verified on upload. */
  sha256: v.optional(v.string()),
  w: v.optional(v.number()),
  h: v.optional(v.number()),
  thumbnails: v.array(Thumbnail),
});
export type MediaRef = v.InferOutput<typeof MediaRef>;

/** What a client passes to send an already uploaded file (messages.sendMedia). */
export const InputMediaRef = v.object({ media_id: MediaId, access_hash: AccessHash });
export type InputMediaRef = v.InferOutput<typeof InputMediaRef>;
