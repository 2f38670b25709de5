/**
 * upload.* and messages.uploadMedia: files go up as Telegram-style parts
 * (whole KiB, at most 512 KiB, all but the last the same size) and come down
 * by offset/limit; `upload.getUploadState` (ours) lets a client resume.
 */
import * as v from "valibot";
import { AccessHash, MediaId, MediaRef } from "../model/media.ts";
import { method } from "./define.ts";

/**
 * The longest a signed file URL lives (seconds). URLs are bearer tokens that outlive a logout of the
 * device that asked for them, so this is how long a revoked device's URLs keep working at most.
 */
export const FILE_URL_MAX_TTL_SECONDS = 3600;

/** Telegram's limits: a part is at most 512 KiB; 8192 of them make 4 GiB. */
export const MAX_PART_SIZE = 512 * 1024;
export const MAX_PARTS = 8192;
/** Files above this must go up with upload.saveBigFilePart (as in Telegram). */
export const SMALL_FILE_MAX = 10 * 1024 * 1024;
/** Most bytes one upload.getFile returns (a frame is at most 1 MiB). */
export const MAX_GET_FILE_LIMIT = 512 * 1024;

/** Client-chosen id of an upload in progress, unique per user (Telegram: a random long). */
export const FileId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "FILE_ID_INVALID"));
const PartIndex = v.pipe(
  v.number(),
  v.integer("FILE_PART_INVALID"),
  v.minValue(0, "FILE_PART_INVALID"),
  v.maxValue(MAX_PARTS - 1, "FILE_PART_INVALID"),
);
const PartCount = v.pipe(
  v.number(),
  v.integer("FILE_PARTS_INVALID"),
  v.minValue(1, "FILE_PARTS_INVALID"),
  v.maxValue(MAX_PARTS, "FILE_PARTS_INVALID"),
);
const Sha256Hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, "CHECKSUM_INVALID"));

export const UploadState = v.object({
  /** Indices of the parts the server holds (staged or already in R2). */
  parts: v.array(v.number()),
  /** Declared by saveBigFilePart; null for small files. */
  total_parts: v.nullable(v.number()),
  /** The size every part but the last has, once the server knows it. */
  part_size: v.nullable(v.number()),
  bytes: v.number(),
});
export type UploadState = v.InferOutput<typeof UploadState>;

export const uploadMethods = {
  "upload.saveFilePart": method({
    params: v.object({ file_id: FileId, file_part: PartIndex }),
    result: v.boolean(),
    auth: true,
    errors: [
      "400 FILE_PART_EMPTY",
      "400 FILE_PART_TOO_BIG",
      "400 FILE_PART_INVALID",
      "400 FILE_PART_SIZE_INVALID",
      "400 FILE_PART_MISMATCH",
      "400 FILE_ID_INVALID",
      "400 FILE_PARTS_INVALID",
      "500 MEDIA_UNAVAILABLE",
    ],
    blob: "in",
  }),
  "upload.saveBigFilePart": method({
    params: v.object({ file_id: FileId, file_part: PartIndex, file_total_parts: PartCount }),
    result: v.boolean(),
    auth: true,
    errors: [
      "400 FILE_PART_EMPTY",
      "400 FILE_PART_TOO_BIG",
      "400 FILE_PART_INVALID",
      "400 FILE_PART_SIZE_INVALID",
      "400 FILE_PART_MISMATCH",
      "400 FILE_ID_INVALID",
      "400 FILE_PARTS_INVALID",
      "500 MEDIA_UNAVAILABLE",
    ],
    blob: "in",
  }),
  "upload.getUploadState": method({
    params: v.object({ file_id: FileId }),
    result: UploadState,
    auth: true,
    errors: ["400 FILE_ID_INVALID", "500 MEDIA_UNAVAILABLE"],
  }),
  "messages.uploadMedia": method({
    params: v.object({
      file_id: FileId,
      /** How many parts the file has (Telegram's InputFile.parts). */
      parts: PartCount,
      name: v.optional(v.pipe(v.string(), v.maxLength(255, "FILE_NAME_INVALID"))),
      mime_type: v.optional(
        v.pipe(v.string(), v.regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i, "MIME_TYPE_INVALID"), v.maxLength(127)),
        "application/octet-stream",
      ),
      /** Hex SHA-256 of the whole file; the server refuses a mismatch with CHECKSUM_INVALID. */
      sha256: v.optional(Sha256Hex),
    }),
    result: MediaRef,
    auth: true,
    errors: [
      "400 FILE_ID_INVALID",
      "400 FILE_PARTS_INVALID",
      "400 FILE_PART_<index>_MISSING",
      "400 CHECKSUM_INVALID",
      "500 MEDIA_UNAVAILABLE",
    ],
  }),
  "upload.getFile": method({
    params: v.object({
      media_id: MediaId,
      access_hash: AccessHash,
      offset: v.pipe(v.number(), v.integer("OFFSET_INVALID"), v.minValue(0, "OFFSET_INVALID")),
      limit: v.pipe(
        v.number(),
        v.integer("LIMIT_INVALID"),
        v.minValue(1, "LIMIT_INVALID"),
        v.maxValue(MAX_GET_FILE_LIMIT, "LIMIT_INVALID"),
      ),
      /** A stored thumbnail of the media instead of the media itself. */
      thumb_size: v.optional(v.picklist(["s", "m", "x"], "THUMB_SIZE_INVALID")),
    }),
    /** The bytes ride as the frame's blob; fewer than `limit` only at the end of the file. */
    result: v.object({ size: v.number(), mime_type: v.string() }),
    auth: true,
    errors: [
      "400 MEDIA_INVALID",
      "403 MEDIA_ACCESS_DENIED",
      "400 THUMB_SIZE_INVALID",
      "400 OFFSET_INVALID",
      "500 MEDIA_MISSING",
      "500 MEDIA_UNAVAILABLE",
    ],
    blob: "out",
  }),
  /** Signed file URLs live at most FILE_URL_MAX_TTL_SECONDS: the bound on a revoked device's URLs. */
  "upload.getFileUrl": method({
    params: v.object({
      media_id: MediaId,
      access_hash: AccessHash,
      ttl_seconds: v.optional(
        v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(FILE_URL_MAX_TTL_SECONDS)),
        FILE_URL_MAX_TTL_SECONDS,
      ),
    }),
    /** `url` is a path on the gateway (GET, supports Range) valid until `expires` (unix seconds). */
    result: v.object({ url: v.string(), expires: v.number() }),
    auth: true,
    errors: ["400 MEDIA_INVALID", "403 MEDIA_ACCESS_DENIED", "500 MEDIA_UNAVAILABLE"],
  }),
};
