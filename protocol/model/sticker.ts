/**
 * Sticker sets (Telegram's stickerSet): a named, ordered list of uploaded files that anyone signed in
 * may view, owned by one user and edited only by the bot that created it.
 */
import * as v from "valibot";
import { AccessHash, MediaId } from "./media.ts";

export const StickerFormat = v.picklist(["static", "animated", "video"], "STICKER_FORMAT_INVALID");
export type StickerFormat = v.InferOutput<typeof StickerFormat>;
export const StickerType = v.picklist(["regular", "mask", "custom_emoji"], "STICKER_TYPE_INVALID");
export type StickerType = v.InferOutput<typeof StickerType>;

/** Where a mask sits on a face (Telegram's maskCoords). */
export const MaskPosition = v.object({
  point: v.picklist(["forehead", "eyes", "mouth", "chin"], "MASK_POSITION_INVALID"),
  x_shift: v.number(),
  y_shift: v.number(),
  scale: v.number(),
});
export type MaskPosition = v.InferOutput<typeof MaskPosition>;

const Emoji = v.pipe(v.string(), v.minLength(1, "STICKER_EMOJI_INVALID"), v.maxLength(16, "STICKER_EMOJI_INVALID"));
export const EmojiList = v.pipe(
  v.array(Emoji),
  v.minLength(1, "STICKER_EMOJI_INVALID"),
  v.maxLength(20, "STICKER_EMOJI_INVALID"),
);
export const Keywords = v.pipe(
  v.array(v.pipe(v.string(), v.maxLength(64, "STICKER_KEYWORDS_INVALID"))),
  v.maxLength(20, "STICKER_KEYWORDS_INVALID"),
);

/** A sticker to put in a set: a file the caller uploaded, its emoji and search words. */
export const InputSticker = v.object({
  media_id: MediaId,
  access_hash: AccessHash,
  format: StickerFormat,
  emoji: EmojiList,
  keywords: v.optional(Keywords),
  mask_position: v.optional(MaskPosition),
});
export type InputSticker = v.InferOutput<typeof InputSticker>;

/** A stored file as a set shows it (thumbnails and stickers alike). */
export const StickerFile = v.object({
  media_id: MediaId,
  access_hash: AccessHash,
  size: v.number(),
  mime_type: v.string(),
  w: v.number(),
  h: v.number(),
});
export type StickerFile = v.InferOutput<typeof StickerFile>;

export const SetSticker = v.object({
  ...StickerFile.entries,
  format: StickerFormat,
  emoji: v.array(v.string()),
  keywords: v.array(v.string()),
  mask_position: v.optional(MaskPosition),
  /** The set it belongs to, and that set's type. */
  set_name: v.string(),
  type: StickerType,
});
export type SetSticker = v.InferOutput<typeof SetSticker>;

export const StickerSet = v.object({
  name: v.string(),
  title: v.string(),
  type: StickerType,
  /** Custom emoji drawn in the text's colour. */
  needs_repainting: v.boolean(),
  owner_id: v.number(),
  thumb: v.optional(StickerFile),
  thumb_custom_emoji_id: v.optional(v.string()),
  stickers: v.array(SetSticker),
});
export type StickerSet = v.InferOutput<typeof StickerSet>;

/** A set's short name: Telegram's letters, digits and underscores, starting with a letter. */
export const StickerSetName = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "SHORT_NAME_INVALID"),
  v.check((s) => !s.includes("__"), "SHORT_NAME_INVALID"),
);
export const StickerSetTitle = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "STICKERSET_TITLE_INVALID"),
  v.maxLength(64, "STICKERSET_TITLE_INVALID"),
);
