/**
 * Sticker sets by a bot: upload, create, edit, delete, view, and a supergroup's set — onto the core's
 * stickers.* / messages.getStickerSet / channels.setStickers; sendSticker names a set sticker's set.
 */
import type { Message as TgMessage } from "@grammyjs/types";
import * as v from "valibot";
import { fileIdOf, parseFileId } from "../../../protocol/bot-api/convert.ts";
import { bool, ChatId, int, json, str } from "../../../protocol/bot-api/params.ts";
import { tgSticker, tgStickerSet } from "../../../protocol/bot-api/stickers.ts";
import { Errors } from "../../../protocol/errors.ts";
import type { MediaRef } from "../../../protocol/model/media.ts";
import type { InputSticker } from "../../../protocol/model/sticker.ts";
import { type BotContext, botMethod } from "../context.ts";
import { badRequest } from "../errors.ts";
import { inputFile, sendMedia } from "./files.ts";
import { resolveChat } from "./messages.ts";

const Format = v.picklist(["static", "animated", "video"], "sticker_format must be one of static, animated, video");
const Mask = v.looseObject({ point: v.string(), x_shift: v.number(), y_shift: v.number(), scale: v.number() });
const TgInputSticker = v.looseObject({
  sticker: v.string(),
  format: Format,
  emoji_list: v.array(v.string()),
  mask_position: v.optional(Mask),
  keywords: v.optional(v.array(v.string())),
});
type TgInputSticker = v.InferOutput<typeof TgInputSticker>;

/** A sticker's file_id as the media it names. */
function mediaOf(fileId: string): string {
  const ref = parseFileId(fileId);
  if (!ref) throw Errors.badRequest("FILE_ID_INVALID");
  return ref.media_id;
}

/** A sticker file's type by its first bytes: PNG, WEBP, TGS (gzip) or WEBM; "" for anything else. */
function sniffedType(head: Uint8Array): string {
  const at = (i: number, bytes: number[]) => bytes.every((b, k) => head[i + k] === b);
  if (at(0, [0x89, 0x50, 0x4e, 0x47])) return "image/png";
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return "image/webp";
  if (at(0, [0x1f, 0x8b])) return "application/x-tgsticker";
  if (at(0, [0x1a, 0x45, 0xdf, 0xa3])) return "video/webm";
  return "";
}

/**
 * Bot libraries often send sticker files as application/octet-stream (Telegram looks at the bytes):
 * an attached file without a precise type gets the one its bytes show, so the core's format check
 * sees what the file is.
 */
async function typedAttachment(ctx: BotContext, value: string): Promise<void> {
  const field = value.startsWith("attach://") ? value.slice(9) : null;
  const file = field === null ? undefined : ctx.files.get(field);
  if (!file || (file.type && file.type !== "application/octet-stream")) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffedType(bytes.subarray(0, 12));
  if (type) ctx.files.set(field as string, new File([bytes], file.name, { type }));
}

/** An uploaded or attached sticker file, typed by its bytes when the request did not say. */
async function stickerUpload(ctx: BotContext, value: string) {
  await typedAttachment(ctx, value);
  return inputFile(ctx, value, "sticker");
}

/** An InputSticker's file (file_id, attach:// or URL) as the core takes it. */
async function inputSticker(ctx: BotContext, s: TgInputSticker): Promise<InputSticker> {
  const file = await stickerUpload(ctx, s.sticker);
  return {
    media_id: file.media_id,
    access_hash: file.access_hash,
    format: s.format,
    emoji: s.emoji_list,
    ...(s.keywords ? { keywords: s.keywords } : {}),
    ...(s.mask_position ? { mask_position: s.mask_position as InputSticker["mask_position"] & object } : {}),
  };
}

/** The user a set is for must exist (Telegram: the set belongs to them). */
async function requireUser(ctx: BotContext, userId: number): Promise<void> {
  const [u] = await ctx.call("users.getUsers", { ids: [userId] });
  if (!u) throw Errors.badRequest("USER_ID_INVALID");
}

/** A supergroup's channel id; other chats are refused as Telegram refuses them. */
async function supergroupOf(ctx: BotContext, chatId: number | string): Promise<number> {
  const peer = await resolveChat(ctx, chatId);
  if (peer._ !== "channel") throw badRequest("method is available only for supergroups");
  return peer.id;
}

async function setChatSet(ctx: BotContext, chatId: number | string, name: string | null) {
  const channelId = await supergroupOf(ctx, chatId);
  try {
    await ctx.call("channels.setStickers", { channel_id: channelId, name });
  } catch (e) {
    const text = (e as { text?: string }).text;
    if (text === "CHANNEL_INVALID") throw badRequest("method is available only for supergroups");
    // tdlib's wording for a bot without the right to change the chat's info.
    if (text === "CHAT_ADMIN_REQUIRED") throw badRequest("not enough rights to change supergroup sticker set");
    throw e;
  }
  return true;
}

/** The plain send, which knows nothing of sets. */
const sendSticker = sendMedia("sticker");

export const stickerMethods = {
  uploadstickerfile: botMethod(
    v.object({ user_id: int("user_id"), sticker: str(), sticker_format: Format }),
    async (ctx, p) => {
      await requireUser(ctx, p.user_id);
      if (!p.sticker.startsWith("attach://")) throw badRequest("sticker file must be uploaded");
      const file = (await stickerUpload(ctx, p.sticker)) as MediaRef;
      return { file_id: fileIdOf(file), file_unique_id: file.media_id, file_size: file.size };
    },
  ),
  createnewstickerset: botMethod(
    v.object({
      user_id: int("user_id"),
      name: str(),
      title: str(),
      stickers: json(v.array(TgInputSticker), "stickers"),
      sticker_type: v.optional(v.picklist(["regular", "mask", "custom_emoji"], "wrong sticker type specified")),
      needs_repainting: v.optional(bool()),
    }),
    async (ctx, p) => {
      await requireUser(ctx, p.user_id);
      if (p.stickers.length === 0) throw badRequest("sticker list must be non-empty");
      const stickers: InputSticker[] = [];
      for (const s of p.stickers) stickers.push(await inputSticker(ctx, s));
      await ctx.call("stickers.createStickerSet", {
        user_id: p.user_id,
        name: p.name,
        title: p.title,
        type: p.sticker_type ?? "regular",
        needs_repainting: p.needs_repainting ?? false,
        stickers,
      });
      return true;
    },
  ),
  addstickertoset: botMethod(
    v.object({ user_id: int("user_id"), name: str(), sticker: json(TgInputSticker, "sticker") }),
    async (ctx, p) => {
      await requireUser(ctx, p.user_id);
      await ctx.call("stickers.addStickerToSet", { name: p.name, sticker: await inputSticker(ctx, p.sticker) });
      return true;
    },
  ),
  replacestickerinset: botMethod(
    v.object({ user_id: int("user_id"), name: str(), old_sticker: str(), sticker: json(TgInputSticker, "sticker") }),
    async (ctx, p) => {
      await requireUser(ctx, p.user_id);
      const old = mediaOf(p.old_sticker);
      const sticker = await inputSticker(ctx, p.sticker);
      await ctx.call("stickers.replaceSticker", { name: p.name, old_sticker: old, sticker });
      return true;
    },
  ),
  getstickerset: botMethod(v.object({ name: str() }), async (ctx, p) =>
    tgStickerSet(await ctx.call("messages.getStickerSet", { name: p.name })),
  ),
  getcustomemojistickers: botMethod(
    v.object({ custom_emoji_ids: json(v.array(v.string()), "custom_emoji_ids") }),
    async (ctx, p) => {
      if (p.custom_emoji_ids.length > 200) throw badRequest("too many custom emoji identifiers specified");
      const ids = p.custom_emoji_ids.filter((id) => /^[A-Za-z0-9_-]{16,64}$/.test(id));
      const found = await ctx.call("messages.getSetStickers", { ids });
      return found.filter((s) => s.type === "custom_emoji").map((s) => tgSticker(s));
    },
  ),
  setstickerpositioninset: botMethod(v.object({ sticker: str(), position: int("position") }), async (ctx, p) => {
    await ctx.call("stickers.changeStickerPosition", { sticker: mediaOf(p.sticker), position: p.position });
    return true;
  }),
  deletestickerfromset: botMethod(v.object({ sticker: str() }), async (ctx, p) => {
    await ctx.call("stickers.removeStickerFromSet", { sticker: mediaOf(p.sticker) });
    return true;
  }),
  setstickeremojilist: botMethod(
    v.object({ sticker: str(), emoji_list: json(v.array(v.string()), "emoji_list") }),
    async (ctx, p) => {
      await ctx.call("stickers.changeSticker", { sticker: mediaOf(p.sticker), emoji: p.emoji_list });
      return true;
    },
  ),
  setstickerkeywords: botMethod(
    v.object({ sticker: str(), keywords: v.optional(json(v.array(v.string()), "keywords")) }),
    async (ctx, p) => {
      await ctx.call("stickers.changeSticker", { sticker: mediaOf(p.sticker), keywords: p.keywords ?? [] });
      return true;
    },
  ),
  setstickermaskposition: botMethod(
    v.object({ sticker: str(), mask_position: v.optional(json(Mask, "mask position")) }),
    async (ctx, p) => {
      const mask = (p.mask_position ?? null) as InputSticker["mask_position"] | null;
      await ctx.call("stickers.changeSticker", { sticker: mediaOf(p.sticker), mask_position: mask });
      return true;
    },
  ),
  setstickersettitle: botMethod(v.object({ name: str(), title: str() }), async (ctx, p) => {
    await ctx.call("stickers.renameStickerSet", { name: p.name, title: p.title });
    return true;
  }),
  setstickersetthumbnail: botMethod(
    v.object({ name: str(), user_id: int("user_id"), thumbnail: v.optional(str()), format: Format }),
    async (ctx, p) => {
      await requireUser(ctx, p.user_id);
      const file = p.thumbnail ? await stickerUpload(ctx, p.thumbnail) : null;
      await ctx.call("stickers.setStickerSetThumb", {
        name: p.name,
        ...(file ? { thumb: { media_id: file.media_id, access_hash: file.access_hash } } : {}),
      });
      return true;
    },
  ),
  setcustomemojistickersetthumbnail: botMethod(
    v.object({ name: str(), custom_emoji_id: v.optional(str()) }),
    async (ctx, p) => {
      const set = await ctx.call("messages.getStickerSet", { name: p.name });
      if (set.type !== "custom_emoji") throw badRequest("STICKERSET_INVALID");
      await ctx.call("stickers.setStickerSetThumb", {
        name: p.name,
        ...(p.custom_emoji_id ? { thumb_custom_emoji_id: p.custom_emoji_id } : {}),
      });
      return true;
    },
  ),
  deletestickerset: botMethod(v.object({ name: str() }), async (ctx, p) => {
    await ctx.call("stickers.deleteStickerSet", { name: p.name });
    return true;
  }),
  setchatstickerset: botMethod(v.object({ chat_id: ChatId, sticker_set_name: str() }), (ctx, p) =>
    setChatSet(ctx, p.chat_id, p.sticker_set_name),
  ),
  deletechatstickerset: botMethod(v.object({ chat_id: ChatId }), (ctx, p) => setChatSet(ctx, p.chat_id, null)),
  /** sendSticker as files.ts sends it; a set's sticker comes back with its set, emoji and type. */
  sendsticker: botMethod(sendSticker.params, async (ctx, p) => {
    const msg = (await sendSticker.run(ctx, p)) as TgMessage;
    const sent = msg.sticker;
    if (!sent) return msg;
    const [inSet] = await ctx.call("messages.getSetStickers", { ids: [sent.file_unique_id] });
    if (inSet) (msg as { sticker: unknown }).sticker = { ...tgSticker(inSet), file_id: sent.file_id };
    return msg;
  }),
};
