/**
 * Sticker sets: made and edited by bots (stickers.*, Telegram's names), viewed by anyone signed in
 * (messages.getStickerSet), shown by supergroups (channels.setStickers).
 */
import * as v from "valibot";
import { InputMediaRef, MediaId } from "../model/media.ts";
import {
  EmojiList,
  InputSticker,
  Keywords,
  MaskPosition,
  SetSticker,
  StickerSet,
  StickerSetName,
  StickerSetTitle,
  StickerType,
} from "../model/sticker.ts";
import { type DeclaredError, MEDIA_REF, method } from "./define.ts";

/** Stickers a set may hold: Telegram's 120 (200 custom emoji); 50 when it is made. */
export const SET_STICKERS_MAX = 120;
export const SET_CUSTOM_EMOJI_MAX = 200;
export const NEW_SET_STICKERS_MAX = 50;

const UserId = v.pipe(v.number(), v.integer("USER_ID_INVALID"), v.minValue(1, "USER_ID_INVALID"));
const SetName = v.pipe(v.string(), v.minLength(1, "STICKERSET_INVALID"), v.maxLength(64, "STICKERSET_INVALID"));
/** Only the bot that made a set edits it; anyone else learns no more than about a set that does not exist. */
const EDIT: readonly DeclaredError[] = ["400 USER_BOT_REQUIRED", "400 STICKERSET_INVALID"];
/** A file going into a set: the caller's own upload, of the sticker's format. */
const FILE: readonly DeclaredError[] = [...MEDIA_REF, "400 STICKER_FILE_INVALID", "400 STICKER_DOCUMENT_INVALID"];

export const stickersMethods = {
  /** A bot makes a set for `user_id`; its name must end in `_by_<bot username>`. */
  "stickers.createStickerSet": method({
    params: v.object({
      user_id: UserId,
      name: StickerSetName,
      title: StickerSetTitle,
      type: v.optional(StickerType, "regular"),
      needs_repainting: v.optional(v.boolean(), false),
      stickers: v.pipe(
        v.array(InputSticker),
        v.minLength(1, "STICKERS_EMPTY"),
        v.maxLength(NEW_SET_STICKERS_MAX, "STICKERS_TOO_MUCH"),
      ),
    }),
    result: StickerSet,
    auth: true,
    errors: [
      "400 USER_BOT_REQUIRED",
      "400 USER_ID_INVALID",
      "400 SHORT_NAME_INVALID",
      "400 SHORT_NAME_OCCUPIED",
      "400 STICKERS_TOO_MUCH",
      "400 STICKER_MASK_COORDS_NOT_SUPPORTED",
      ...FILE,
    ],
  }),
  "stickers.addStickerToSet": method({
    params: v.object({ name: SetName, sticker: InputSticker }),
    result: StickerSet,
    auth: true,
    errors: [...EDIT, "400 STICKERS_TOO_MUCH", "400 STICKER_MASK_COORDS_NOT_SUPPORTED", ...FILE],
  }),
  /** Puts a new file in place of one of the set's stickers, at its position. */
  "stickers.replaceSticker": method({
    params: v.object({ name: SetName, old_sticker: MediaId, sticker: InputSticker }),
    result: StickerSet,
    auth: true,
    errors: [...EDIT, "400 STICKER_INVALID", "400 STICKER_MASK_COORDS_NOT_SUPPORTED", ...FILE],
  }),
  "stickers.removeStickerFromSet": method({
    params: v.object({ sticker: MediaId }),
    result: StickerSet,
    auth: true,
    errors: [...EDIT, "400 STICKER_INVALID"],
  }),
  /** Moves a sticker to a zero-based position. */
  "stickers.changeStickerPosition": method({
    params: v.object({
      sticker: MediaId,
      position: v.pipe(v.number(), v.integer("POSITION_INVALID"), v.minValue(0, "POSITION_INVALID")),
    }),
    result: StickerSet,
    auth: true,
    errors: [...EDIT, "400 STICKER_INVALID", "400 POSITION_INVALID"],
  }),
  /** Changes a sticker's emoji, search words or mask position (null: none); what is absent stays. */
  "stickers.changeSticker": method({
    params: v.object({
      sticker: MediaId,
      emoji: v.optional(EmojiList),
      keywords: v.optional(Keywords),
      mask_position: v.optional(v.nullable(MaskPosition)),
    }),
    result: StickerSet,
    auth: true,
    errors: [...EDIT, "400 STICKER_INVALID", "400 STICKER_MASK_COORDS_NOT_SUPPORTED"],
  }),
  "stickers.renameStickerSet": method({
    params: v.object({ name: SetName, title: StickerSetTitle }),
    result: StickerSet,
    auth: true,
    errors: EDIT,
  }),
  /** A set's thumbnail: an uploaded file, or (custom emoji sets) one of its emoji; neither: the first sticker. */
  "stickers.setStickerSetThumb": method({
    params: v.object({
      name: SetName,
      thumb: v.optional(InputMediaRef),
      thumb_custom_emoji_id: v.optional(v.string()),
    }),
    result: StickerSet,
    auth: true,
    errors: [...EDIT, "400 STICKER_THUMB_INVALID", "400 CUSTOM_EMOJI_INVALID", ...MEDIA_REF],
  }),
  "stickers.deleteStickerSet": method({
    params: v.object({ name: SetName }),
    result: v.literal(true),
    auth: true,
    errors: EDIT,
  }),
  /** A set by its name, for anyone signed in. */
  "messages.getStickerSet": method({
    params: v.object({ name: SetName }),
    result: StickerSet,
    auth: true,
    errors: ["400 STICKERSET_INVALID"],
  }),
  /** Which of these files are stickers of a set (custom emoji ids are their files' ids); others are left out. */
  "messages.getSetStickers": method({
    params: v.object({ ids: v.pipe(v.array(MediaId), v.maxLength(200, "IDS_TOO_MUCH")) }),
    result: v.array(SetSticker),
    auth: true,
  }),
  /** The set a supergroup offers its members (null: none); its admins only. */
  "channels.setStickers": method({
    params: v.object({
      channel_id: v.pipe(v.number(), v.integer("CHANNEL_INVALID"), v.minValue(1, "CHANNEL_INVALID")),
      name: v.nullable(SetName),
    }),
    result: v.literal(true),
    auth: true,
    errors: ["400 CHANNEL_PRIVATE", "400 CHANNEL_INVALID", "403 CHAT_ADMIN_REQUIRED", "400 STICKERSET_INVALID"],
  }),
  /** A supergroup's set, and whether the caller may change it. */
  "channels.getStickers": method({
    params: v.object({
      channel_id: v.pipe(v.number(), v.integer("CHANNEL_INVALID"), v.minValue(1, "CHANNEL_INVALID")),
    }),
    result: v.object({ name: v.nullable(v.string()), can_set: v.boolean() }),
    auth: true,
    errors: ["400 CHANNEL_PRIVATE"],
  }),
};
