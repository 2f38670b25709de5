/** What a bot asks of its sticker sets, as the core hands it to the store (durable-objects/sticker-sets.ts). */
import type { InputSticker, MaskPosition, StickerFile, StickerType } from "../protocol/model/sticker.ts";

/** A sticker to store: the caller's input with its file as the media service described it. */
export type NewSticker = Omit<InputSticker, "media_id" | "access_hash"> & { file: StickerFile };

export interface NewSet {
  user_id: number;
  name: string;
  title: string;
  type: StickerType;
  needs_repainting: boolean;
  stickers: NewSticker[];
}

/** One change to a set by its bot (a set is named, or found from one of its stickers). */
export type SetEdit =
  | { _: "add"; name: string; sticker: NewSticker }
  | { _: "replace"; name: string; old: string; sticker: NewSticker }
  | { _: "remove"; sticker: string }
  | { _: "move"; sticker: string; position: number }
  | { _: "change"; sticker: string; emoji?: string[]; keywords?: string[]; mask_position?: MaskPosition | null }
  | { _: "rename"; name: string; title: string }
  | { _: "thumb"; name: string; thumb: StickerFile | null; thumb_custom_emoji_id: string | null }
  | { _: "delete"; name: string };
