/**
 * Files as Telegram clients see them: a core MediaRef as TL's `photo` (the stored thumbnails as
 * photoSizes s/m/x and the original as "y") or `document` (name, image size, thumbnails). TL names a
 * file by a 64-bit id; ours is a string, so the `file_reference` (opaque bytes clients hand back) carries
 * the media id and its media-service hash, and the TL access hash is the viewer's own MAC of the id.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { fromBase64Url, utf8 } from "../../../protocol/binary.ts";
import type { MediaRef } from "../../../protocol/model/media.ts";
import type { TlConstructors, TlTypes } from "../../../protocol/mtproto/gen/api-types.ts";
import { type AccessHashEnv, accessHash } from "../access-hash.ts";
import { THIS_DC } from "../this-dc.ts";

/** The thumbnail types the core stores (boxes of 100, 320 and 800 px). */
export type StoredThumb = "s" | "m" | "x";
/** The size type the original of a photo is presented as. */
export const ORIGINAL_SIZE = "y";

/** TL's id of a file: the first 8 bytes of SHA-256 of the media id, signed as TL's long. */
export function tlFileId(mediaId: string): bigint {
  const h = sha256(utf8(mediaId));
  return new DataView(h.buffer, h.byteOffset, 8).getBigInt64(0, true);
}

export function fileReference(media: { media_id: string; access_hash: string }): Uint8Array {
  return utf8(`${media.media_id}.${media.access_hash}`);
}

/** The media a file_reference names, or null if it is not one of ours (or does not match the TL id). */
export function parseFileReference(ref: Uint8Array, id: bigint): { media_id: string; access_hash: string } | null {
  const m = /^([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{16,128})$/.exec(new TextDecoder().decode(ref));
  if (!m || tlFileId(m[1] as string) !== BigInt.asIntN(64, id)) return null;
  return { media_id: m[1] as string, access_hash: m[2] as string };
}

/** Shown as a photo: a still image with known dimensions (GIFs are documents, as on Telegram). */
export const isPhoto = (m: MediaRef): m is MediaRef & { w: number; h: number } =>
  m.mime_type.startsWith("image/") && m.mime_type !== "image/gif" && !!m.w && !!m.h;

const sizesOf = (m: MediaRef): TlTypes["PhotoSize"][] =>
  m.thumbnails
    .filter((t): t is typeof t & { type: StoredThumb } => t.type !== "i")
    .sort((a, b) => a.w * a.h - b.w * b.h)
    .map((t) => ({ _: "photoSize", type: t.type, w: t.w, h: t.h, size: t.size }));

export function tlPhoto(env: AccessHashEnv, viewer: number, m: MediaRef, date: number): TlConstructors["photo"] {
  const id = tlFileId(m.media_id);
  const original: TlTypes["PhotoSize"] = {
    _: "photoSize",
    type: ORIGINAL_SIZE,
    w: m.w ?? 0,
    h: m.h ?? 0,
    size: m.size,
  };
  return {
    _: "photo",
    id,
    accessHash: accessHash(env, viewer, "file", id),
    fileReference: fileReference(m),
    date,
    // Thumbnails no larger than the original, smallest first, then the original, as Telegram orders them.
    sizes: [...sizesOf(m).filter((s) => s._ === "photoSize" && s.w * s.h < original.w * original.h), original],
    dcId: THIS_DC,
  };
}

export function tlDocument(env: AccessHashEnv, viewer: number, m: MediaRef, date: number): TlConstructors["document"] {
  const id = tlFileId(m.media_id);
  const attributes: TlTypes["DocumentAttribute"][] = [];
  if (m.w && m.h) attributes.push({ _: "documentAttributeImageSize", w: m.w, h: m.h });
  attributes.push({ _: "documentAttributeFilename", fileName: m.name ?? "file" });
  if (m.audio) attributes.push(tlAudioAttribute(m.audio));
  const thumbs = sizesOf(m);
  return {
    _: "document",
    id,
    accessHash: accessHash(env, viewer, "file", id),
    fileReference: fileReference(m),
    date,
    mimeType: m.mime_type,
    size: BigInt(m.size),
    ...(thumbs.length ? { thumbs } : {}),
    dcId: THIS_DC,
    attributes,
  };
}

/** The sender's audio description as TL's attribute (the waveform's bytes as they were packed). */
function tlAudioAttribute(a: NonNullable<MediaRef["audio"]>): TlTypes["DocumentAttribute"] {
  return {
    _: "documentAttributeAudio",
    ...(a.voice ? { voice: true } : {}),
    duration: a.duration,
    ...(a.title ? { title: a.title } : {}),
    ...(a.performer ? { performer: a.performer } : {}),
    ...(a.waveform ? { waveform: fromBase64Url(a.waveform) } : {}),
  };
}

/** A file as a message's media: messageMediaPhoto or messageMediaDocument (flagged `voice` for a voice note). */
export function tlFileMedia(env: AccessHashEnv, viewer: number, m: MediaRef, date: number): TlTypes["MessageMedia"] {
  if (isPhoto(m)) return { _: "messageMediaPhoto", photo: tlPhoto(env, viewer, m, date) };
  return {
    _: "messageMediaDocument",
    ...(m.audio?.voice ? { voice: true } : {}),
    document: tlDocument(env, viewer, m, date),
  };
}
