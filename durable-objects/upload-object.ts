/**
 * UploadObject: one resumable upload (one per user and client file id), in
 * the media worker. Client parts are staged as SQLite BLOBs (≤512 KiB, under
 * the 2 MB row limit, one row write each); as soon as a run of them fills one
 * 8 MiB R2 part it is streamed into an R2 multipart part and their rows give
 * way to their sizes and hashes in that part's row. Everything that matters is in SQLite, so a restart of any
 * worker loses nothing; an alarm aborts what is abandoned. Once the file is
 * committed to R2 only the upload row and its summary stay (for a day).
 */
import { DurableObject } from "cloudflare:workers";
import { accessHashOf, newMediaId } from "../core/media/keys.ts";
import { admitPart, groupOf, groupRange, partsPerGroup, R2_PART_SIZE } from "../core/media/part-rules.ts";
import { type MediaRecord, objectKey, putRecord, refOf } from "../core/media/records.ts";
import { makeThumbnails } from "../core/media/thumbnails.ts";
import { toHex } from "../protocol/binary.ts";
import { Errors } from "../protocol/errors.ts";
import type { MediaRef } from "../protocol/model/media.ts";
import type { UploadState } from "../protocol/rpc/upload.ts";
import { run } from "./sql.ts";
import {
  createUpload,
  finishedSummary,
  footprint,
  getUpload,
  maxPartIndex,
  migrateUpload,
  partIndices,
  partOf,
  r2PartDone,
  r2Parts,
  recordFinished,
  recordR2Part,
  stagedBytes,
  stagedIn,
  storePart,
  totals,
  type UploadRow,
} from "./upload-store.ts";

const DEFAULT_TTL_MS = 24 * 60 * 60_000;
/** How stale the upload's `touched` may get while parts arrive (its idle limit is hours, not minutes). */
const TOUCH_EVERY_MS = 60_000;
/** A finished upload answers a retried messages.uploadMedia with the same ref for this long. */
const FINISHED_KEEP_MS = 24 * 60 * 60_000;

export interface FinishOptions {
  parts: number;
  name?: string;
  mime_type: string;
  sha256?: string;
}

export class UploadObject extends DurableObject<MediaEnv> {
  private readonly sql: SqlStorage;
  /** R2 part uploads in flight, by group: a part that completes a group twice never uploads it twice. */
  private readonly flushing = new Map<number, Promise<void>>();
  private creatingMultipart: Promise<R2MultipartUpload> | null = null;
  private finishing: Promise<MediaRef> | null = null;

  constructor(ctx: DurableObjectState, env: MediaEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrateUpload(this.sql);
  }

  private get ttl(): number {
    return Number(this.env.UPLOAD_TTL_MS) || DEFAULT_TTL_MS;
  }

  /** Stores one client part; returns once it is durable (and, if it completed an R2 part, once that is in R2). */
  async savePart(
    userId: number,
    fileId: string,
    index: number,
    total: number | null,
    bytes: Uint8Array,
  ): Promise<void> {
    const sha256 = toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
    // From here on no await until the part is stored: the checks and the write see one state.
    let up = getUpload(this.sql);
    if (up && up.user_id !== userId) throw Errors.badRequest("FILE_ID_INVALID");
    if (up?.ref) {
      // A late resend of a part of the finished file (its reply was lost) is acknowledged; its bytes
      // are not needed any more and its hash is gone. Anything else under a finished id is refused.
      const done = finishedSummary(this.sql);
      if (done && index < done.parts && up.total_parts === total) return;
      throw Errors.badRequest("FILE_ID_INVALID");
    }
    if (up && up.total_parts !== total) throw Errors.badRequest("FILE_PARTS_INVALID");
    const partSize = up?.part_size ?? null;
    const existing = partOf(this.sql, index, partSize);
    if (existing) {
      // A resend (after a lost reply or a restart) is fine; different bytes under the same index are not.
      if (existing.sha256 !== sha256) throw Errors.badRequest("FILE_PART_MISMATCH");
    } else {
      const verdict = admitPart(
        {
          total,
          partSize: up?.part_size ?? null,
          maxIndex: maxPartIndex(this.sql, partSize),
          sizeOf: (i) => partOf(this.sql, i, partSize)?.size,
        },
        index,
        bytes.length,
      );
      if ("error" in verdict) throw Errors.badRequest(verdict.error);
      const first = !up;
      this.ctx.storage.transactionSync(() => {
        if (!up) createUpload(this.sql, { userId, fileId, mediaId: newMediaId(), total, now: Date.now() });
        storePart(this.sql, index, sha256, bytes, verdict.partSize, Math.min(TOUCH_EVERY_MS, this.ttl / 10));
      });
      // Set once: when it fires it looks at `touched` and waits again while the upload is in use.
      if (first) await this.ctx.storage.setAlarm(Date.now() + this.ttl);
    }
    up = getUpload(this.sql) as UploadRow;
    if (up.part_size !== null) await this.flushIfFull(up, groupOf(index, up.part_size));
  }

  uploadState(userId: number): UploadState {
    const up = getUpload(this.sql);
    if (!up || up.user_id !== userId) return { parts: [], total_parts: null, part_size: null, bytes: 0 };
    const done = up.ref ? finishedSummary(this.sql) : null;
    if (done) {
      const parts = Array.from({ length: done.parts }, (_, i) => i);
      return { parts, total_parts: up.total_parts, part_size: up.part_size, bytes: done.bytes };
    }
    const parts = partIndices(this.sql, up.part_size);
    return {
      parts,
      total_parts: up.total_parts,
      part_size: up.part_size,
      bytes: totals(this.sql).bytes,
    };
  }

  /** Rows and SQLite bytes this upload keeps (tests, and the state-growth measurement). */
  footprint(): { rows: Record<string, number>; bytes: number } {
    return footprint(this.sql);
  }

  /** Assembles the file in R2, verifies its size and SHA-256, and mints its reference. Idempotent. */
  finish(userId: number, opts: FinishOptions): Promise<MediaRef> {
    const up = getUpload(this.sql);
    if (!up || up.user_id !== userId) return Promise.reject(Errors.badRequest("FILE_ID_INVALID"));
    if (up.ref) return Promise.resolve(JSON.parse(up.ref) as MediaRef);
    this.finishing ??= this.assemble(up, opts).finally(() => {
      this.finishing = null;
    });
    return this.finishing;
  }

  /** Drops the upload now: aborts the R2 multipart upload and forgets every part. */
  async cancel(userId: number): Promise<void> {
    const up = getUpload(this.sql);
    if (!up || up.user_id !== userId || up.ref) return;
    await this.discard(up);
  }

  override async alarm(): Promise<void> {
    const up = getUpload(this.sql);
    if (!up) return this.forget();
    const idleUntil = up.touched + (up.ref ? FINISHED_KEEP_MS : this.ttl);
    if (Date.now() < idleUntil) return this.ctx.storage.setAlarm(idleUntil);
    if (up.ref) return this.forget();
    await this.discard(up);
  }

  /** Deletes every row (and the alarm); the tables come back empty for a later upload under the same id. */
  private async forget(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    migrateUpload(this.sql);
  }

  // ------------------------------------------------------------ R2 assembly

  private async discard(up: UploadRow): Promise<void> {
    if (up.r2_upload_id) {
      await this.env.MEDIA_BUCKET.resumeMultipartUpload(objectKey(up.media_id), up.r2_upload_id)
        .abort()
        .catch(() => undefined); // already aborted or completed
    }
    await this.forget();
  }

  private multipart(up: UploadRow): Promise<R2MultipartUpload> {
    const current = getUpload(this.sql);
    if (current?.r2_upload_id) {
      return Promise.resolve(this.env.MEDIA_BUCKET.resumeMultipartUpload(objectKey(up.media_id), current.r2_upload_id));
    }
    this.creatingMultipart ??= this.env.MEDIA_BUCKET.createMultipartUpload(objectKey(up.media_id)).then((mpu) => {
      run(this.sql, "UPDATE upload SET r2_upload_id = ?", mpu.uploadId);
      return mpu;
    });
    return this.creatingMultipart.finally(() => {
      this.creatingMultipart = null;
    });
  }

  /** Uploads group `k` as R2 part k+1 when all its client parts are staged and full-size. */
  private async flushIfFull(up: UploadRow, k: number): Promise<void> {
    const partSize = up.part_size as number;
    const { from, to } = groupRange(k, partSize);
    const staged = stagedIn(this.sql, from, to);
    if (staged.n !== partsPerGroup(partSize) || staged.bytes !== R2_PART_SIZE) return;
    await this.flushGroup(up, k);
  }

  private flushGroup(up: UploadRow, k: number): Promise<void> {
    const running = this.flushing.get(k);
    if (running) return running;
    const job = (async () => {
      if (r2PartDone(this.sql, k + 1)) return;
      const { from, to } = groupRange(k, up.part_size as number);
      const staged = stagedIn(this.sql, from, to);
      if (!staged.n) return;
      const mpu = await this.multipart(up);
      const part = await mpu.uploadPart(k + 1, this.stream(from, to, staged.bytes ?? 0));
      recordR2Part(this.sql, part.partNumber, part.etag, from, to);
    })().finally(() => this.flushing.delete(k));
    this.flushing.set(k, job);
    return job;
  }

  /** The staged parts [from, to) as one fixed-length stream, read a part at a time (never the whole run). */
  private stream(from: number, to: number, length: number): ReadableStream {
    const { readable, writable } = new FixedLengthStream(length);
    const writer = writable.getWriter();
    void (async () => {
      try {
        for (let i = from; i < to; i++) {
          const bytes = stagedBytes(this.sql, i);
          if (!bytes) break; // the last group ends early
          await writer.write(bytes);
        }
        await writer.close();
      } catch (e) {
        await writer.abort(e).catch(() => undefined);
      }
    })();
    return readable;
  }

  private async assemble(up: UploadRow, opts: FinishOptions): Promise<MediaRef> {
    if (up.total_parts !== null && opts.parts !== up.total_parts) throw Errors.badRequest("FILE_PARTS_INVALID");
    if (maxPartIndex(this.sql, up.part_size) >= opts.parts) throw Errors.badRequest("FILE_PARTS_INVALID");
    const have = totals(this.sql);
    if (have.n < opts.parts) {
      const present = new Set(partIndices(this.sql, up.part_size));
      let missing = 0;
      while (present.has(missing)) missing++;
      throw Errors.badRequest(`FILE_PART_${missing}_MISSING`);
    }
    const size = have.bytes;
    const bucket = this.env.MEDIA_BUCKET;
    const key = objectKey(up.media_id);
    const partSize = up.part_size ?? size; // one part only: its own size
    await Promise.all(this.flushing.values());
    const fresh = getUpload(this.sql) as UploadRow;
    // A finalisation interrupted after R2 completed (restart, redeploy) finds the object there: only verify.
    const assembledBefore = (await bucket.head(key))?.size === size;
    if (assembledBefore) {
      // R2 completed before an interruption (restart, redeploy): completing again would fail; just verify.
    } else if (!fresh.r2_upload_id && size <= R2_PART_SIZE) {
      await bucket.put(key, this.stream(0, opts.parts, size), { httpMetadata: { contentType: opts.mime_type } });
    } else {
      const groups = Math.ceil(opts.parts / partsPerGroup(partSize));
      for (let k = 0; k < groups; k++) await this.flushGroup({ ...fresh, part_size: partSize }, k);
      const mpu = await this.multipart(fresh);
      await mpu.complete(r2Parts(this.sql));
    }
    const sha256 = await this.verify(key, size, opts.sha256);
    if (!sha256) {
      await bucket.delete(key);
      await this.forget();
      throw Errors.badRequest("CHECKSUM_INVALID");
    }
    const thumbs = await makeThumbnails(bucket, up.media_id, opts.mime_type, size).catch((e) => {
      console.error("thumbnails failed", up.media_id, e);
      return null;
    });
    const rec: MediaRecord = {
      media_id: up.media_id,
      owner: up.user_id,
      size,
      mime_type: opts.mime_type,
      ...(opts.name !== undefined ? { name: opts.name } : {}),
      sha256,
      ...(thumbs ? { w: thumbs.w, h: thumbs.h } : {}),
      thumbnails: thumbs?.thumbnails ?? [],
      created: Date.now(),
    };
    await putRecord(this.env.MEDIA_KV, rec);
    const ref = refOf(rec, await accessHashOf(this.env.MEDIA_SECRET, rec.media_id, rec.owner));
    this.ctx.storage.transactionSync(() => recordFinished(this.sql, JSON.stringify(ref), opts.parts, size, Date.now()));
    await this.ctx.storage.setAlarm(Date.now() + FINISHED_KEEP_MS);
    return ref;
  }

  /** Reads back what R2 stored: the hex SHA-256 when size (and the client's hash, if given) match, else null. */
  private async verify(key: string, size: number, expected?: string): Promise<string | null> {
    const obj = await this.env.MEDIA_BUCKET.get(key);
    if (!obj || obj.size !== size) return null;
    const digest = new crypto.DigestStream("SHA-256");
    await obj.body.pipeTo(digest);
    const actual = toHex(new Uint8Array(await digest.digest));
    return expected === undefined || expected === actual ? actual : null;
  }
}
