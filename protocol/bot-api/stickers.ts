/** Sticker sets and their stickers as the Bot API shows them (Sticker, StickerSet). */
import type { Sticker as TgSticker, StickerSet as TgStickerSet } from "@grammyjs/types";
import type { SetSticker, StickerFile, StickerSet } from "../model/sticker.ts";
import { fileIdOf } from "./convert.ts";

function fileOf(f: StickerFile) {
  return { file_id: fileIdOf(f), file_unique_id: f.media_id, file_size: f.size };
}

/** A set's sticker; a custom emoji's id is its file's id, as getCustomEmojiStickers takes it back. */
export function tgSticker(s: SetSticker, needsRepainting = false): TgSticker {
  return {
    ...fileOf(s),
    type: s.type,
    width: s.w,
    height: s.h,
    is_animated: s.format === "animated",
    is_video: s.format === "video",
    ...(s.emoji[0] ? { emoji: s.emoji[0] } : {}),
    set_name: s.set_name,
    ...(s.mask_position ? { mask_position: s.mask_position } : {}),
    ...(s.type === "custom_emoji" ? { custom_emoji_id: s.media_id } : {}),
    ...(needsRepainting ? { needs_repainting: true } : {}),
  };
}

export function tgStickerSet(set: StickerSet): TgStickerSet {
  const thumb = set.thumb ?? set.stickers.find((s) => s.media_id === set.thumb_custom_emoji_id);
  return {
    name: set.name,
    title: set.title,
    sticker_type: set.type,
    stickers: set.stickers.map((s) => tgSticker(s, set.needs_repainting)),
    ...(thumb ? { thumbnail: { ...fileOf(thumb), width: thumb.w, height: thumb.h } } : {}),
  };
}
