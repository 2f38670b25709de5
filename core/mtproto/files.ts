/**
 * Files over MTProto, on the core's uploads: parts go to the media service's resumable R2 uploads
 * (upload.saveFilePart / saveBigFilePart, keyed by the user and Telegram's file id), an InputFile is
 * finished into a MediaRef (messages.uploadMedia, messages.sendMedia) and read back by upload.getFile
 * with Telegram's offset/limit rules. Reads go through the core's access check (owner or chat member).
 */
import { toBase64Url } from "../../protocol/binary.ts";
import { Errors, RpcError } from "../../protocol/errors.ts";
import {
  AUDIO_DURATION_MAX,
  type InputMediaRef,
  type MediaRef,
  WAVEFORM_BYTES_MAX,
} from "../../protocol/model/media.ts";
import type { InputMedia } from "../../protocol/model/message-media.ts";
import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import { MAX_GET_FILE_LIMIT } from "../../protocol/rpc/upload.ts";
import { dispatchRpc } from "../rpc/dispatch.ts";
import { checkAccessHash } from "./access-hash.ts";
import type { MtAdapterTable, MtContext } from "./context.ts";
import { core } from "./core-call.ts";
import { answerUpdates, replyToOf } from "./messages.ts";
import { ORIGINAL_SIZE, parseFileReference, tlFileMedia } from "./present/files.ts";
import { coreEntities, coreReplyMarkup } from "./present/messages.ts";
import { corePeerOf, selfId } from "./present/peers.ts";
import { peerPhotoRef } from "./profile-photos.ts";

/** upload.getFile's largest limit, as Telegram's (1 MiB; the core reads it in two halves). */
const GET_FILE_LIMIT_MAX = 1024 * 1024;
const STORED_THUMBS = new Set(["s", "m", "x"]);

/** Telegram's file ids are random longs; the core's are strings. */
const fileIdOf = (id: bigint) => BigInt.asUintN(64, id).toString();

const MIME_BY_EXTENSION: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  mp4: "video/mp4",
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  pdf: "application/pdf",
  txt: "text/plain",
  zip: "application/zip",
};
const mimeOfName = (name: string) => MIME_BY_EXTENSION[name.split(".").pop()?.toLowerCase() ?? ""];

/** Finishes an uploaded InputFile into the core's MediaRef. */
async function finish(ctx: MtContext, file: TlTypes["InputFile"], mime: string, name?: string): Promise<MediaRef> {
  if (file._ !== "inputFile" && file._ !== "inputFileBig") throw Errors.badRequest("MEDIA_INVALID");
  const fileName = name ?? file.name;
  return core(ctx, "messages.uploadMedia", {
    file_id: fileIdOf(file.id),
    parts: file.parts,
    mime_type: mime,
    ...(fileName ? { name: fileName.slice(0, 255) } : {}),
  });
}

/** A file the caller was shown (photo or document): the core's reference, its TL hash checked for this viewer. */
function sentFile(ctx: MtContext, input: { id: bigint; accessHash: bigint; fileReference: Uint8Array }): InputMediaRef {
  const ref = parseFileReference(input.fileReference, input.id);
  if (!ref || !checkAccessHash(ctx.rpc.env, selfId(ctx), "file", input.id, input.accessHash))
    throw Errors.badRequest("FILE_REFERENCE_INVALID");
  return ref;
}

const pollOption = (bytes: Uint8Array) => {
  const s = new TextDecoder().decode(bytes);
  // Ids the core gave come back as they went out; a client's own bytes (Telethon sends b"\0", b"\1" …) are encoded.
  return /^[0-9A-Za-z_-]{1,16}$/.test(s) ? s : toBase64Url(bytes).slice(0, 16) || "0";
};
/** A poll answer's option bytes (layer 227 also has answers without them, which clients do not send). */
const optionOf = (a: TlTypes["PollAnswer"] | undefined) =>
  a && "option" in a ? (a.option as Uint8Array) : new Uint8Array();
const plain = (t: TlTypes["TextWithEntities"] | string) => (typeof t === "string" ? t : t.text);

/** A documentAttributeAudio as the core's audio attribute (the waveform's packed bytes kept as they are). */
function audioOf(attributes: TlTypes["DocumentAttribute"][]): MediaRef["audio"] {
  const a = attributes.find((x) => x._ === "documentAttributeAudio");
  if (a?._ !== "documentAttributeAudio") return undefined;
  return {
    ...(a.voice ? { voice: true } : {}),
    duration: Math.min(AUDIO_DURATION_MAX, Math.max(0, Math.round(a.duration))),
    ...(a.title ? { title: a.title.slice(0, 256) } : {}),
    ...(a.performer ? { performer: a.performer.slice(0, 256) } : {}),
    // A waveform longer than Telegram's packing is dropped rather than failing the send.
    ...(a.waveform?.length && a.waveform.length <= WAVEFORM_BYTES_MAX ? { waveform: toBase64Url(a.waveform) } : {}),
  };
}

/** An uploaded photo or document finished into a MediaRef; null for any other kind of InputMedia. */
async function uploadedRef(ctx: MtContext, m: TlTypes["InputMedia"]): Promise<MediaRef | null> {
  if (m._ === "inputMediaUploadedPhoto") {
    const name = m.file._ === "inputFile" || m.file._ === "inputFileBig" ? m.file.name : "";
    const mime = mimeOfName(name);
    return finish(ctx, m.file, mime?.startsWith("image/") ? mime : "image/jpeg");
  }
  if (m._ === "inputMediaUploadedDocument") {
    const named = m.attributes.find((a) => a._ === "documentAttributeFilename");
    const name = named?._ === "documentAttributeFilename" ? named.fileName : undefined;
    return finish(ctx, m.file, m.mimeType || "application/octet-stream", name);
  }
  return null;
}

/** A TL InputMedia as the core's: uploads finished first, sent files by reference, the other kinds mapped. */
async function coreMedia(ctx: MtContext, m: TlTypes["InputMedia"]): Promise<InputMedia> {
  const uploaded = await uploadedRef(ctx, m);
  if (uploaded) {
    const audio = m._ === "inputMediaUploadedDocument" ? audioOf(m.attributes) : undefined;
    return { media_id: uploaded.media_id, access_hash: uploaded.access_hash, ...(audio ? { audio } : {}) };
  }
  switch (m._) {
    case "inputMediaPhoto":
    case "inputMediaDocument":
      if (m.id._ === "inputPhotoEmpty" || m.id._ === "inputDocumentEmpty") throw Errors.badRequest("MEDIA_EMPTY");
      return sentFile(ctx, m.id);
    case "inputMediaDice":
      return { _: "inputMediaDice", emoticon: m.emoticon };
    case "inputMediaGeoPoint":
      if (m.geoPoint._ !== "inputGeoPoint") throw Errors.badRequest("GEO_POINT_INVALID");
      return {
        _: "inputMediaGeoPoint",
        geo_point: {
          lat: m.geoPoint.lat,
          long: m.geoPoint.long,
          ...(m.geoPoint.accuracyRadius !== undefined ? { accuracy_radius: m.geoPoint.accuracyRadius } : {}),
        },
      };
    case "inputMediaContact":
      return {
        _: "inputMediaContact",
        phone_number: m.phoneNumber,
        first_name: m.firstName,
        ...(m.lastName ? { last_name: m.lastName } : {}),
        ...(m.vcard ? { vcard: m.vcard } : {}),
      };
    case "inputMediaPoll": {
      const p = m.poll;
      return {
        _: "inputMediaPoll",
        poll: {
          question: plain(p.question),
          answers: p.answers.map((a) => ({ text: plain(a.text), option: pollOption(optionOf(a)) })),
          ...(p.closed ? { closed: true } : {}),
          ...(p.publicVoters ? { public_voters: true } : {}),
          ...(p.multipleChoice ? { multiple_choice: true } : {}),
          ...(p.quiz ? { quiz: true } : {}),
          ...(p.closePeriod ? { close_period: p.closePeriod } : {}),
          ...(p.closeDate ? { close_date: p.closeDate } : {}),
        },
        ...(m.correctAnswers?.length
          ? { correct_answers: m.correctAnswers.map((i) => pollOption(optionOf(p.answers[i]))) }
          : {}),
        ...(m.solution ? { solution: m.solution } : {}),
      };
    }
    default:
      throw Errors.badRequest("MEDIA_INVALID");
  }
}

/** The core's error for a file nobody may read here becomes Telegram's. */
function asFileError(e: unknown): never {
  if (e instanceof RpcError && ["MEDIA_ACCESS_DENIED", "MEDIA_INVALID", "ACCESS_HASH_INVALID"].includes(e.text))
    throw Errors.badRequest("FILE_REFERENCE_INVALID");
  throw e;
}

async function readRange(ctx: MtContext, ref: InputMediaRef, thumb: string, offset: number, limit: number) {
  const thumbSize = STORED_THUMBS.has(thumb) ? (thumb as "s" | "m" | "x") : undefined;
  const parts: Uint8Array[] = [];
  let mime = "application/octet-stream";
  // The core reads at most MAX_GET_FILE_LIMIT a call: a 1 MiB request is two reads.
  for (let at = offset; at < offset + limit; at += MAX_GET_FILE_LIMIT) {
    const out = await dispatchRpc(ctx.rpc, "upload.getFile", {
      ...ref,
      offset: at,
      limit: Math.min(MAX_GET_FILE_LIMIT, offset + limit - at),
      ...(thumbSize ? { thumb_size: thumbSize } : {}),
    }).catch(asFileError);
    mime = (out.result as { mime_type: string }).mime_type;
    const bytes = out.blob ?? new Uint8Array();
    parts.push(bytes);
    if (bytes.length < MAX_GET_FILE_LIMIT) break;
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  return { bytes, mime };
}

const FILE_TYPES: Record<string, TlTypes["storage.FileType"]> = {
  "image/jpeg": { _: "storage.fileJpeg" },
  "image/png": { _: "storage.filePng" },
  "image/gif": { _: "storage.fileGif" },
  "image/webp": { _: "storage.fileWebp" },
  "application/pdf": { _: "storage.filePdf" },
  "audio/mpeg": { _: "storage.fileMp3" },
  "video/mp4": { _: "storage.fileMp4" },
  "video/quicktime": { _: "storage.fileMov" },
};

export const filesAdapters: MtAdapterTable<
  | "upload.saveFilePart"
  | "upload.saveBigFilePart"
  | "messages.uploadMedia"
  | "messages.sendMedia"
  | "messages.sendMultiMedia"
  | "upload.getFile"
> = {
  async "upload.saveFilePart"(ctx, call) {
    const rpc = { ...ctx.rpc, blob: call.bytes };
    await dispatchRpc(rpc, "upload.saveFilePart", { file_id: fileIdOf(call.fileId), file_part: call.filePart });
    return true;
  },
  async "upload.saveBigFilePart"(ctx, call) {
    const rpc = { ...ctx.rpc, blob: call.bytes };
    const params = { file_id: fileIdOf(call.fileId), file_part: call.filePart, file_total_parts: call.fileTotalParts };
    await dispatchRpc(rpc, "upload.saveBigFilePart", params);
    return true;
  },
  async "messages.uploadMedia"(ctx, call) {
    // Uploads only: a file sent before is already a photo or document the client holds.
    const ref = await uploadedRef(ctx, call.media);
    if (!ref) throw Errors.badRequest("MEDIA_INVALID");
    return tlFileMedia(ctx.rpc.env, selfId(ctx), ref, Math.floor(Date.now() / 1000));
  },
  async "messages.sendMedia"(ctx, call) {
    const entities = coreEntities(ctx, call.entities);
    const markup = coreReplyMarkup(call.replyMarkup);
    const peer = corePeerOf(ctx, call.peer);
    const sent = await core(ctx, "messages.sendMedia", {
      peer,
      media: await coreMedia(ctx, call.media),
      message: call.message,
      random_id: BigInt.asIntN(64, call.randomId).toString(),
      ...(entities?.length ? { entities } : {}),
      ...(await replyToOf(ctx, peer, call.replyTo)),
      ...(markup ? { reply_markup: markup } : {}),
    });
    return answerUpdates(ctx, sent.updates, [{ message: sent.message, randomId: call.randomId }]);
  },
  async "messages.sendMultiMedia"(ctx, call) {
    // An album: files only (clients upload each item first, by messages.uploadMedia, or send them in parts).
    const items = [];
    for (const item of call.multiMedia) {
      const media = await coreMedia(ctx, item.media);
      if ("_" in media) throw Errors.badRequest("MEDIA_INVALID");
      const entities = coreEntities(ctx, item.entities);
      items.push({
        media,
        message: item.message,
        random_id: BigInt.asIntN(64, item.randomId).toString(),
        ...(entities?.length ? { entities } : {}),
      });
    }
    const peer = corePeerOf(ctx, call.peer);
    const sent = await core(ctx, "messages.sendMultiMedia", {
      peer,
      multi_media: items,
      ...(await replyToOf(ctx, peer, call.replyTo)),
    });
    const ids = sent.messages.map((message, i) => ({ message, randomId: call.multiMedia[i]?.randomId ?? 0n }));
    return answerUpdates(ctx, sent.updates, ids);
  },
  async "upload.getFile"(ctx, call) {
    const loc = call.location;
    if (
      loc._ !== "inputPhotoFileLocation" &&
      loc._ !== "inputDocumentFileLocation" &&
      loc._ !== "inputPeerPhotoFileLocation"
    )
      throw Errors.badRequest("LOCATION_INVALID");
    const offset = Number(call.offset);
    // Telegram's rules: a limit of whole KiB (4 KiB unless `precise`) up to 1 MiB; an offset of whole 4 KiB
    // (1 KiB if `precise`); and no request crossing a 1 MiB boundary.
    const unit = call.precise ? 1024 : 4096;
    if (call.limit <= 0 || call.limit % unit !== 0 || call.limit > GET_FILE_LIMIT_MAX)
      throw Errors.badRequest("LIMIT_INVALID");
    if (offset < 0 || offset % unit !== 0 || !Number.isSafeInteger(offset)) throw Errors.badRequest("OFFSET_INVALID");
    if (Math.floor(offset / GET_FILE_LIMIT_MAX) !== Math.floor((offset + call.limit - 1) / GET_FILE_LIMIT_MAX))
      throw Errors.badRequest("LIMIT_INVALID");
    // A profile photo is read whole for both its small and big form (the core keeps no 160 px copy).
    const ref = loc._ === "inputPeerPhotoFileLocation" ? await peerPhotoRef(ctx, loc) : sentFile(ctx, loc);
    const thumb = loc._ === "inputPeerPhotoFileLocation" || loc.thumbSize === ORIGINAL_SIZE ? "" : loc.thumbSize;
    const { bytes, mime } = await readRange(ctx, ref, thumb, offset, call.limit);
    return { _: "upload.file", type: FILE_TYPES[mime] ?? { _: "storage.fileUnknown" }, mtime: 0, bytes };
  },
};
