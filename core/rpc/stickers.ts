/**
 * Sticker sets: bots make and edit them (stickers.*), anyone signed in views them, supergroup admins
 * pick one for their members. Sets live in the DirectoryObject (durable-objects/sticker-sets.ts); the
 * files stay in the media service, readable by everyone once in a set.
 */

import { Errors, toRpcError } from "../../protocol/errors.ts";
import type { Chat } from "../../protocol/model/chat.ts";
import type { InputSticker, StickerFile, StickerFormat } from "../../protocol/model/sticker.ts";
import { chatObjectOf, directoryOf } from "../objects.ts";
import type { NewSticker, SetEdit } from "../sticker-edits.ts";
import { type HandlerTable, type RpcContext, userIdOf } from "./context.ts";
import { mediaOf, PROFILE_PHOTO_GRANT } from "./upload.ts";

/** The files each format takes: WEBP or PNG images, TGS (gzipped Lottie) animations, WEBM videos. */
const FORMAT_MIME: Record<StickerFormat, readonly string[]> = {
  static: ["image/webp", "image/png"],
  animated: ["application/x-tgsticker", "application/x-tgs", "application/gzip"],
  video: ["video/webm"],
};

/** One of the caller's uploads as a set keeps it, made readable by anyone (as profile photos are). */
async function stickerFile(ctx: RpcContext, ref: { media_id: string; access_hash: string }): Promise<StickerFile> {
  const media = mediaOf(ctx.env);
  const got = await media.resolveForMessage(userIdOf(ctx), ref);
  // Granted before the set is written: if writing fails, the bot's own file is readable, nothing worse.
  await media.grantToChat(got.media_id, PROFILE_PHOTO_GRANT);
  // Telegram's stickers are 512 px on their longer side; a size the media service could not read is taken as that.
  return {
    media_id: got.media_id,
    access_hash: ref.access_hash,
    size: got.size,
    mime_type: got.mime_type,
    w: got.w ?? 512,
    h: got.h ?? 512,
  };
}

async function newSticker(ctx: RpcContext, s: InputSticker): Promise<NewSticker> {
  const file = await stickerFile(ctx, s);
  if (!FORMAT_MIME[s.format].includes(file.mime_type)) throw Errors.badRequest("STICKER_FILE_INVALID");
  const { media_id: _, access_hash: __, ...rest } = s;
  return { ...rest, file };
}

/**
 * A file the caller may attach to a message: their own upload, or a sticker of any set (sets are
 * public, and on Telegram anyone may send any set's sticker).
 */
export async function attachableMedia(env: Env, userId: number, ref: { media_id: string; access_hash: string }) {
  const media = mediaOf(env);
  try {
    return await media.resolveForMessage(userId, ref);
  } catch (e) {
    if (toRpcError(e).text !== "MEDIA_ACCESS_DENIED") throw e;
    if ((await directoryOf(env).setStickers([ref.media_id])).length === 0) throw e;
    return media.resolveShared(ref);
  }
}

/** A supergroup the caller is in (CHANNEL_PRIVATE otherwise); basic groups and broadcasts are refused. */
async function supergroup(ctx: RpcContext, channelId: number): Promise<{ key: string; chat: Chat }> {
  const key = `channel:${channelId}`;
  const { chat } = await chatObjectOf(ctx.env, key).fullChat(key, userIdOf(ctx));
  if (chat._ !== "channel" || !chat.megagroup) throw Errors.badRequest("CHANNEL_INVALID");
  return { key, chat };
}

const mayChangeInfo = (chat: Chat) =>
  chat._ === "channel" && !chat.left && (!!chat.creator || !!chat.admin_rights?.change_info);

export const stickersHandlers: HandlerTable<
  | "stickers.createStickerSet"
  | "stickers.addStickerToSet"
  | "stickers.replaceSticker"
  | "stickers.removeStickerFromSet"
  | "stickers.changeStickerPosition"
  | "stickers.changeSticker"
  | "stickers.renameStickerSet"
  | "stickers.setStickerSetThumb"
  | "stickers.deleteStickerSet"
  | "messages.getStickerSet"
  | "messages.getSetStickers"
  | "channels.setStickers"
  | "channels.getStickers"
> = {
  async "stickers.createStickerSet"(ctx, p) {
    const stickers: NewSticker[] = [];
    for (const s of p.stickers) stickers.push(await newSticker(ctx, s));
    return directoryOf(ctx.env).createStickerSet(userIdOf(ctx), { ...p, stickers });
  },
  async "stickers.addStickerToSet"(ctx, p) {
    const sticker = await newSticker(ctx, p.sticker);
    return edited(ctx, { _: "add", name: p.name, sticker });
  },
  async "stickers.replaceSticker"(ctx, p) {
    const sticker = await newSticker(ctx, p.sticker);
    return edited(ctx, { _: "replace", name: p.name, old: p.old_sticker, sticker });
  },
  async "stickers.removeStickerFromSet"(ctx, p) {
    return edited(ctx, { _: "remove", sticker: p.sticker });
  },
  async "stickers.changeStickerPosition"(ctx, p) {
    return edited(ctx, { _: "move", sticker: p.sticker, position: p.position });
  },
  async "stickers.changeSticker"(ctx, p) {
    return edited(ctx, { _: "change", ...p });
  },
  async "stickers.renameStickerSet"(ctx, p) {
    return edited(ctx, { _: "rename", name: p.name, title: p.title });
  },
  async "stickers.setStickerSetThumb"(ctx, p) {
    const thumb = p.thumb ? await stickerFile(ctx, p.thumb) : null;
    if (thumb && !thumb.mime_type.startsWith("image/") && !thumb.mime_type.startsWith("video/"))
      throw Errors.badRequest("STICKER_THUMB_INVALID");
    const emoji = p.thumb_custom_emoji_id || null;
    return edited(ctx, { _: "thumb", name: p.name, thumb, thumb_custom_emoji_id: emoji });
  },
  async "stickers.deleteStickerSet"(ctx, p) {
    await directoryOf(ctx.env).editStickerSet(userIdOf(ctx), { _: "delete", name: p.name });
    return true as const;
  },
  async "messages.getStickerSet"(ctx, p) {
    userIdOf(ctx);
    return directoryOf(ctx.env).stickerSet(p.name);
  },
  async "messages.getSetStickers"(ctx, p) {
    userIdOf(ctx);
    return p.ids.length ? directoryOf(ctx.env).setStickers(p.ids) : [];
  },
  async "channels.setStickers"(ctx, p) {
    const { key, chat } = await supergroup(ctx, p.channel_id);
    if (!mayChangeInfo(chat)) throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
    await directoryOf(ctx.env).setChatStickerSet(key, p.name);
    return true as const;
  },
  async "channels.getStickers"(ctx, p) {
    const key = `channel:${p.channel_id}`;
    const { chat } = await chatObjectOf(ctx.env, key).fullChat(key, userIdOf(ctx));
    const supergroup = chat._ === "channel" && !!chat.megagroup;
    return {
      name: supergroup ? await directoryOf(ctx.env).chatStickerSet(key) : null,
      can_set: supergroup && mayChangeInfo(chat),
    };
  },
};

/** Runs an edit as the calling bot; the set after it. */
async function edited(ctx: RpcContext, edit: SetEdit) {
  const set = await directoryOf(ctx.env).editStickerSet(userIdOf(ctx), edit);
  if (!set) throw Errors.internal();
  return set;
}
