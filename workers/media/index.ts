/**
 * The media worker: resumable uploads into R2, media references with access
 * hashes, reads by offset and signed Range downloads. The gateway reaches it
 * through the `MEDIA` service binding (entrypoint `MediaService`) and passes
 * the signed-in user's id; it is never exposed to clients directly.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import { accessHashMatches, signDownload } from "../../core/media/keys.ts";
import { addGrant, type MediaAccess, type MediaRecord, objectKey, refOf, thumbKey } from "../../core/media/records.ts";
import { meteredEnv } from "../../core/metered-bindings.ts";
import { uploadObjectOf } from "../../core/objects.ts";
import { setMetering, takeUsage, type Usage } from "../../core/usage-meter.ts";
import { meteredObject } from "../../durable-objects/metered-object.ts";
import { type FinishOptions, UploadObject as UploadObjectClass } from "../../durable-objects/upload-object.ts";
import { Errors } from "../../protocol/errors.ts";
import type { InputMediaRef, MediaRef } from "../../protocol/model/media.ts";
import { MAX_PART_SIZE, type UploadState } from "../../protocol/rpc/upload.ts";
import { serveDownload } from "./download.ts";
import { cachedGrants, cachedRecord, grantAdded } from "./record-cache.ts";

// Metered for the usage meter (off unless the bench switches it on).
export const UploadObject = meteredObject(UploadObjectClass);
export type UploadObject = UploadObjectClass;

export class MediaService extends WorkerEntrypoint<MediaEnv> {
  constructor(ctx: ExecutionContext, env: MediaEnv) {
    super(ctx, meteredEnv(env));
  }

  /**
   * The usage meter of this isolate, for the gateway's development route only (this worker is reachable
   * only through the gateway's service binding): "on"/"off" switch it and reset, "take" reads and resets.
   */
  devUsage(op: "on" | "off" | "take"): Usage {
    if (op !== "take") setMetering(op === "on");
    return takeUsage();
  }

  async savePart(userId: number, fileId: string, part: number, totalParts: number | null, bytes: Uint8Array) {
    if (bytes.length === 0) throw Errors.badRequest("FILE_PART_EMPTY");
    if (bytes.length > MAX_PART_SIZE) throw Errors.badRequest("FILE_PART_TOO_BIG");
    await uploadObjectOf(this.env, userId, fileId).savePart(userId, fileId, part, totalParts, bytes);
  }

  async uploadState(userId: number, fileId: string): Promise<UploadState> {
    return uploadObjectOf(this.env, userId, fileId).uploadState(userId);
  }

  async finishUpload(userId: number, fileId: string, opts: FinishOptions): Promise<MediaRef> {
    return uploadObjectOf(this.env, userId, fileId).finish(userId, opts);
  }

  /** What one upload keeps in its object's SQLite (rows per table, bytes): for tests and measurements. */
  async uploadFootprint(userId: number, fileId: string): Promise<{ rows: Record<string, number>; bytes: number }> {
    return uploadObjectOf(this.env, userId, fileId).footprint();
  }

  async cancelUpload(userId: number, fileId: string): Promise<void> {
    await uploadObjectOf(this.env, userId, fileId).cancel(userId);
  }

  /**
   * The access facts of a media, once its access hash checks out (else 400 MEDIA_INVALID, no oracle).
   * The chats may be this isolate's remembered subset; `fresh` reads them all from KV. The owner as
   * `reader` needs no chats: they are left out, which saves a KV list (billed as a write) per download.
   */
  async describe(mediaId: string, accessHash: string, fresh = false, reader?: number): Promise<MediaAccess> {
    const rec = await this.checked(mediaId, accessHash);
    return {
      owner: rec.owner,
      chats: rec.owner === reader ? [] : await cachedGrants(this.env.MEDIA_KV, mediaId, fresh),
      size: rec.size,
      mime_type: rec.mime_type,
    };
  }

  /** Bytes [offset, offset+limit) of a media or one of its thumbnails; the caller has authorised the reader. */
  async readRange(
    mediaId: string,
    offset: number,
    limit: number,
    thumb?: "s" | "m" | "x",
  ): Promise<{ bytes: Uint8Array; size: number; mime_type: string }> {
    const rec = await cachedRecord(this.env.MEDIA_KV, mediaId);
    if (!rec) throw Errors.badRequest("MEDIA_INVALID");
    let size = rec.size;
    let mime = rec.mime_type;
    if (thumb) {
      const t = rec.thumbnails.find((x) => x.type === thumb);
      if (!t) throw Errors.badRequest("THUMB_SIZE_INVALID");
      size = t.size;
      mime = "image/jpeg";
    }
    if (offset > size) throw Errors.badRequest("OFFSET_INVALID");
    const length = Math.min(limit, size - offset);
    if (length === 0) return { bytes: new Uint8Array(), size, mime_type: mime };
    const key = thumb ? thumbKey(mediaId, thumb) : objectKey(mediaId);
    const obj = await this.env.MEDIA_BUCKET.get(key, { range: { offset, length } });
    if (!obj) throw Errors.internal("MEDIA_MISSING");
    return { bytes: new Uint8Array(await obj.arrayBuffer()), size, mime_type: mime };
  }

  /** A signed download path, valid for `ttlSeconds`; the caller has authorised the reader. */
  async downloadUrl(mediaId: string, ttlSeconds: number): Promise<{ url: string; expires: number }> {
    const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
    return { url: `/files/${await signDownload(this.env.MEDIA_SECRET, mediaId, expires)}`, expires };
  }

  /**
   * For messages.sendMedia: the full reference of a media the caller may attach.
   * The access hash must match and the caller must own the media.
   */
  async resolveForMessage(userId: number, ref: InputMediaRef): Promise<MediaRef> {
    const rec = await this.checked(ref.media_id, ref.access_hash);
    if (rec.owner !== userId) throw Errors.forbidden("MEDIA_ACCESS_DENIED");
    return refOf(rec, ref.access_hash);
  }

  /**
   * The full reference of a media anyone may attach (a sticker in a public set): the access hash must
   * match; the caller (the core, having found it in a set) has authorised the sender.
   */
  async resolveShared(ref: InputMediaRef): Promise<MediaRef> {
    return refOf(await this.checked(ref.media_id, ref.access_hash), ref.access_hash);
  }

  /** Members of `chatKey` may read the media from now on (a message carrying it went there). */
  async grantToChat(mediaId: string, chatKey: string): Promise<void> {
    if (!(await cachedRecord(this.env.MEDIA_KV, mediaId))) throw Errors.badRequest("MEDIA_INVALID");
    await addGrant(this.env.MEDIA_KV, mediaId, chatKey);
    grantAdded(mediaId, chatKey);
  }

  override async fetch(request: Request): Promise<Response> {
    return serveDownload(request, this.env);
  }

  private async checked(mediaId: string, accessHash: string): Promise<MediaRecord> {
    const rec = await cachedRecord(this.env.MEDIA_KV, mediaId);
    if (!rec || !(await accessHashMatches(this.env.MEDIA_SECRET, mediaId, rec.owner, accessHash))) {
      throw Errors.badRequest("MEDIA_INVALID");
    }
    return rec;
  }
}

export default {
  fetch: (request, env) => serveDownload(request, meteredEnv(env)),
} satisfies ExportedHandler<MediaEnv>;
