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

/** Longest audio a message may declare (Telegram's int32 seconds, kept sane): a day. */
export const AUDIO_DURATION_MAX = 86_400;
/** Telegram's waveform: 5-bit samples packed little-endian, 100 samples in 63 bytes; base64url here. */
export const WAVEFORM_BYTES_MAX = 128;

/**
 * Telegram's documentAttributeAudio, declared by the sender with the file: a voice note (`voice`) or a
 * track, its length in whole seconds and, for voice notes, the waveform the player draws.
 */
export const AudioAttribute = v.object({
  voice: v.optional(v.boolean("MEDIA_INVALID")),
  duration: v.pipe(
    v.number("MEDIA_INVALID"),
    v.integer("MEDIA_INVALID"),
    v.minValue(0, "MEDIA_INVALID"),
    v.maxValue(AUDIO_DURATION_MAX, "MEDIA_INVALID"),
  ),
  waveform: v.optional(
    v.pipe(
      v.string("MEDIA_INVALID"),
      v.regex(new RegExp(`^[A-Za-z0-9_-]{0,${Math.ceil((WAVEFORM_BYTES_MAX * 4) / 3)}}$`), "MEDIA_INVALID"),
    ),
  ),
  title: v.optional(v.pipe(v.string("MEDIA_INVALID"), v.maxLength(256, "MEDIA_INVALID"))),
  performer: v.optional(v.pipe(v.string("MEDIA_INVALID"), v.maxLength(256, "MEDIA_INVALID"))),
});
export type AudioAttribute = v.InferOutput<typeof AudioAttribute>;

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
  /** Audio the sender described (a voice note's length and waveform); kept with the message, not the upload. */
  audio: v.optional(AudioAttribute),
});
export type MediaRef = v.InferOutput<typeof MediaRef>;

/** What a client passes to send an already uploaded file (messages.sendMedia), with what it knows of the audio. */
export const InputMediaRef = v.object({
  media_id: MediaId,
  access_hash: AccessHash,
  audio: v.optional(AudioAttribute),
});
export type InputMediaRef = v.InferOutput<typeof InputMediaRef>;
