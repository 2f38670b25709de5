/**
 * Files: send* media by upload (multipart InputFile / attach://), by file_id or
 * by URL, sendMediaGroup, and getFile. Uploads go through the same upload.* /
 * messages.uploadMedia RPCs a client uses; downloads through upload.getFile.
 */
import type { Message as TgMessage } from "@grammyjs/types";
import * as v from "valibot";
import { randomDecimalId, toHex } from "../../../protocol/binary.ts";
import { type FileRef, fileIdOf, parseFileId } from "../../../protocol/bot-api/convert.ts";
import { ChatId, int, json, str } from "../../../protocol/bot-api/params.ts";
import { Errors } from "../../../protocol/errors.ts";
import { fileGuard } from "../../../protocol/file-guard.ts";
import { AUDIO_DURATION_MAX, type MediaRef } from "../../../protocol/model/media.ts";
import { MAX_PART_SIZE, SMALL_FILE_MAX } from "../../../protocol/rpc/upload.ts";
import { type BotContext, botMethod } from "../context.ts";
import { badRequest } from "../errors.ts";
import { fetchFileUrl } from "../file-url.ts";
import { Common, Entities, formatted, internalMarkup, Markup, present, replyTo, resolveChat } from "./messages.ts";

/** Telegram's limits for bots: 50 MB uploads, 20 MB for getFile downloads (file-url.ts: 20 MB by URL). */
export const MAX_UPLOAD = 50 * 1024 * 1024;
export const MAX_DOWNLOAD = 20 * 1024 * 1024;

export type Kind = "photo" | "document" | "video" | "audio" | "voice" | "animation" | "sticker" | "video_note";

const DEFAULT_MIME: Record<Kind, string> = {
  photo: "image/jpeg",
  document: "application/octet-stream",
  video: "video/mp4",
  audio: "audio/mpeg",
  voice: "audio/ogg",
  animation: "video/mp4",
  sticker: "image/webp",
  video_note: "video/mp4",
};

/** Uploads bytes as the bot, in Telegram-style parts. */
async function upload(ctx: BotContext, bytes: Uint8Array, name: string, mime: string): Promise<MediaRef> {
  if (bytes.length === 0) throw badRequest("file must be non-empty");
  if (bytes.length > MAX_UPLOAD) throw Errors.badRequest("FILE_TOO_BIG");
  const fileId = randomDecimalId();
  const parts = Math.max(1, Math.ceil(bytes.length / MAX_PART_SIZE));
  const big = bytes.length > SMALL_FILE_MAX;
  for (let i = 0; i < parts; i++) {
    const part = bytes.slice(i * MAX_PART_SIZE, (i + 1) * MAX_PART_SIZE);
    if (big) await ctx.call("upload.saveBigFilePart", { file_id: fileId, file_part: i, file_total_parts: parts }, part);
    else await ctx.call("upload.saveFilePart", { file_id: fileId, file_part: i }, part);
  }
  const sha256 = toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
  return ctx.call("messages.uploadMedia", { file_id: fileId, parts, name, mime_type: mime, sha256 });
}

const mimeOk = (m: string) => /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i.test(m);

/** An InputFile parameter: `attach://<field>` (multipart), a file_id, or an HTTP URL to fetch. */
export async function inputFile(ctx: BotContext, value: string, kind: Kind) {
  if (value.startsWith("attach://")) {
    const file = ctx.files.get(value.slice(9));
    if (!file) throw Errors.badRequest("MEDIA_EMPTY");
    const mime = file.type && mimeOk(file.type) ? file.type : DEFAULT_MIME[kind];
    return upload(ctx, new Uint8Array(await file.arrayBuffer()), file.name || kind, mime);
  }
  const ref = parseFileId(value);
  if (ref) return ref;
  if (/^https?:\/\//i.test(value)) {
    const got = await fetchFileUrl(value, ctx.env.DEV_MODE === "1");
    return upload(ctx, got.bytes, got.name || kind, mimeOk(got.type) ? got.type : DEFAULT_MIME[kind]);
  }
  throw Errors.badRequest("FILE_ID_INVALID");
}

/** Shapes the sent message's media as the method's kind (sendPhoto answers with `photo` …). */
function asKind(msg: TgMessage, kind: Kind): TgMessage {
  const m = msg as unknown as Record<string, unknown>;
  const file = (m.photo as Record<string, unknown>[] | undefined)?.at(-1) ?? m.document ?? m.video ?? m.audio;
  if (!file || m[kind]) return msg;
  for (const k of ["photo", "document", "video", "audio"]) delete m[k];
  const f = file as { file_id: string; file_unique_id: string; file_size?: number; width?: number; height?: number };
  const base = { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.file_size };
  const dims = { width: f.width ?? 0, height: f.height ?? 0 };
  if (kind === "photo") m.photo = [{ ...base, ...dims }];
  else if (kind === "sticker") m.sticker = { ...base, ...dims, type: "regular", is_animated: false, is_video: false };
  else if (kind === "voice" || kind === "audio") m[kind] = { ...file, duration: 0 };
  else if (kind === "video_note") m.video_note = { ...base, length: dims.width, duration: 0 };
  else m[kind] = { ...file, ...(kind === "document" ? {} : { ...dims, duration: 0 }) };
  return msg;
}

const Caption = {
  caption: v.optional(str()),
  parse_mode: v.optional(v.string()),
  caption_entities: Entities,
};

/** sendVoice / sendAudio: the length the bot gives (Telegram does not probe it either), clamped to what a message may say. */
const audioOf = (kind: Kind, duration: number | undefined) =>
  kind === "voice" || kind === "audio"
    ? {
        audio: {
          ...(kind === "voice" ? { voice: true } : {}),
          duration: Math.min(Math.max(duration ?? 0, 0), AUDIO_DURATION_MAX),
        },
      }
    : {};

export function sendMedia(kind: Kind) {
  return botMethod(
    v.object({ ...Common, ...Caption, [kind]: str(), duration: v.optional(int("duration")) }),
    async (ctx, p) => {
      const params = p as typeof p & Record<Kind, string>;
      const peer = await resolveChat(ctx, p.chat_id);
      const media = await inputFile(ctx, params[kind], kind);
      const body = formatted(p.caption ?? "", p.parse_mode, p.caption_entities);
      const markup = internalMarkup(p.reply_markup);
      const sent = await ctx.call("messages.sendMedia", {
        peer,
        media: { media_id: media.media_id, access_hash: media.access_hash, ...audioOf(kind, p.duration) },
        message: body.message,
        ...(body.entities.length ? { entities: body.entities } : {}),
        ...replyTo(p),
        ...(markup ? { reply_markup: markup } : {}),
        random_id: randomDecimalId(),
      });
      return asKind(await present(ctx, sent.message), kind);
    },
  );
}

const InputMedia = v.looseObject({
  type: v.picklist(["photo", "video", "document", "audio", "animation"], "unsupported input media type"),
  media: v.string(),
  caption: v.optional(v.string()),
  parse_mode: v.optional(v.string()),
  caption_entities: v.optional(v.array(v.looseObject({ type: v.string(), offset: v.number(), length: v.number() }))),
});

/** Telegram's album rules and wording: 2–10 items; photos and videos mix, documents and audio only with their own kind. */
function checkAlbum(types: string[]): void {
  if (types.length === 0) throw badRequest("there are no messages to send");
  if (types.length > 10) throw badRequest("too many messages to send as an album");
  if (types.length < 2) throw badRequest("media group must include 2-10 items");
  for (const t of types)
    if (t === "animation")
      throw badRequest("can't parse InputMedia: type \"animation\" can't be used in sendMediaGroup");
  for (const kind of ["document", "audio"])
    if (types.includes(kind) && types.some((t) => t !== kind))
      throw badRequest(`${kind} can't be mixed with other media types`);
}

export const fileMethods = {
  sendphoto: sendMedia("photo"),
  senddocument: sendMedia("document"),
  sendvideo: sendMedia("video"),
  sendaudio: sendMedia("audio"),
  sendvoice: sendMedia("voice"),
  sendanimation: sendMedia("animation"),
  sendvideonote: sendMedia("video_note"),
  /** An album: messages.sendMultiMedia, all items or none, sharing one media_group_id. */
  sendmediagroup: botMethod(v.object({ ...Common, media: json(v.array(InputMedia), "media") }), async (ctx, p) => {
    checkAlbum(p.media.map((m) => m.type));
    const peer = await resolveChat(ctx, p.chat_id);
    const files: { media_id: string; access_hash: string }[] = [];
    for (const item of p.media) files.push(await inputFile(ctx, item.media, item.type));
    const sent = await ctx.call("messages.sendMultiMedia", {
      peer,
      multi_media: p.media.map((item, i) => {
        const body = formatted(item.caption ?? "", item.parse_mode, item.caption_entities);
        const file = files[i] as (typeof files)[number];
        return {
          media: { media_id: file.media_id, access_hash: file.access_hash },
          message: body.message,
          ...(body.entities.length ? { entities: body.entities } : {}),
          random_id: randomDecimalId(),
        };
      }),
      ...replyTo(p),
    });
    const out: TgMessage[] = [];
    for (const [i, m] of sent.messages.entries())
      out.push(asKind(await present(ctx, m), (p.media[i] as { type: Kind }).type));
    return out;
  }),
  /** Replaces a message's file (and caption) by upload, file_id or URL: messages.editMessage with media. */
  editmessagemedia: botMethod(
    v.object({
      chat_id: v.optional(ChatId),
      message_id: v.optional(int("message_id")),
      inline_message_id: v.optional(v.string()),
      media: json(InputMedia, "input media"),
      reply_markup: Markup,
    }),
    async (ctx, p) => {
      if (p.inline_message_id !== undefined) throw Errors.badRequest("METHOD_NOT_SUPPORTED");
      if (p.chat_id === undefined) throw badRequest("chat_id is empty");
      if (p.message_id === undefined) throw badRequest("message identifier is not specified");
      const peer = await resolveChat(ctx, p.chat_id);
      // Telegram checks the message before taking the file: a wrong message costs no upload.
      const [old] = (await ctx.call("messages.getMessages", { peer, id: [p.message_id] })).messages;
      if (!old) throw badRequest("message to edit not found");
      if (!old.out) throw badRequest("message can't be edited");
      const file = await inputFile(ctx, p.media.media, p.media.type);
      const body = formatted(p.media.caption ?? "", p.media.parse_mode, p.media.caption_entities);
      const markup = internalMarkup(p.reply_markup);
      const sent = await ctx.call("messages.editMessage", {
        peer,
        id: p.message_id,
        media: { media_id: file.media_id, access_hash: file.access_hash },
        message: body.message,
        entities: body.entities,
        // Telegram drops the old inline keyboard unless the edit repeats it.
        reply_markup: markup ?? null,
      });
      return asKind(await present(ctx, sent.message), p.media.type);
    },
  ),
  getfile: botMethod(v.object({ file_id: str() }), async (ctx, p) => {
    const ref = parseFileId(p.file_id);
    if (!ref) throw Errors.badRequest("FILE_ID_INVALID");
    const head = await ctx.call("upload.getFile", { ...ref, offset: 0, limit: 1024 });
    if (head.size > MAX_DOWNLOAD) throw Errors.badRequest("FILE_TOO_BIG");
    return {
      file_id: fileIdOf(ref),
      file_unique_id: ref.thumb_size ? `${ref.media_id}_${ref.thumb_size}` : ref.media_id,
      file_size: head.size,
      file_path: filePathOf(ref, head.mime_type),
    };
  }),
};

/** Extensions for the types bots send most; others get none, as Telegram's paths sometimes have. */
const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "video/mp4": "mp4",
  "video/webm": "webm",
  "video/quicktime": "mov",
  "audio/mpeg": "mp3",
  "audio/ogg": "oga",
  "audio/mp4": "m4a",
  "application/pdf": "pdf",
  "application/zip": "zip",
  "application/json": "json",
  "text/plain": "txt",
};

/**
 * getFile's file_path in Telegram's shape (`photos/<name>.jpg`, `documents/<name>.pdf` …); the name
 * is the file_id, so the download needs nothing stored.
 */
function filePathOf(ref: FileRef, mime: string): string {
  const dir = ref.thumb_size
    ? "thumbnails"
    : mime.startsWith("image/") && mime !== "image/gif"
      ? "photos"
      : mime.startsWith("video/")
        ? "videos"
        : mime.startsWith("audio/")
          ? "music"
          : "documents";
  const ext = EXTENSIONS[mime];
  return `${dir}/${fileIdOf(ref)}${ext ? `.${ext}` : ""}`;
}

/** The file a file_path names: its last segment is the file_id, with or without an extension. */
function fileOfPath(filePath: string): FileRef | null {
  const name = filePath.slice(filePath.lastIndexOf("/") + 1);
  return parseFileId(name) ?? parseFileId(name.replace(/\.[A-Za-z0-9]{1,5}$/, ""));
}

/** Streams a file to the bot (the /file/bot<token>/<file_path> download), in upload.getFile chunks. */
export async function downloadResponse(ctx: BotContext, filePath: string): Promise<Response> {
  const ref = fileOfPath(filePath);
  if (!ref) throw Errors.notFound("FILE_NOT_FOUND");
  const head = await ctx.callWithBlob("upload.getFile", { ...ref, offset: 0, limit: MAX_PART_SIZE });
  const { size, mime_type } = head.result;
  let offset = head.blob?.length ?? 0;
  const firstChunk = head.blob ?? new Uint8Array();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(firstChunk);
      if (offset >= size) controller.close();
    },
    async pull(controller) {
      const next = await ctx.callWithBlob("upload.getFile", { ...ref, offset, limit: MAX_PART_SIZE });
      const chunk = next.blob ?? new Uint8Array();
      offset += chunk.length;
      controller.enqueue(chunk);
      if (chunk.length === 0 || offset >= size) controller.close();
    },
  });
  return new Response(stream, {
    headers: { "content-type": mime_type, "content-length": String(size), ...fileGuard(mime_type) },
  });
}
