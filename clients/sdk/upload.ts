/**
 * File transfer for the SDK: `uploadFile` cuts a Blob, stream or byte array
 * into 512 KiB parts, sends several at once, retries a part that fails, and
 * resumes an interrupted upload by asking the server which parts it holds;
 * `downloadFile` reads a media back by offset. Runs in Node and browsers
 * (paths on disk: see upload-node.ts).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { randomU64, toHex } from "../../protocol/binary.ts";
import { RpcError } from "../../protocol/errors.ts";
import type { InputMediaRef, MediaRef } from "../../protocol/model/media.ts";
import {
  FILE_URL_MAX_TTL_SECONDS,
  MAX_GET_FILE_LIMIT,
  MAX_PART_SIZE,
  SMALL_FILE_MAX,
} from "../../protocol/rpc/upload.ts";
import type { EdgegramClient } from "./client.ts";
import { NetworkError } from "./network-error.ts";

export type UploadSource = Blob | ReadableStream<Uint8Array> | Uint8Array;

export interface UploadOptions {
  /** Called after each part the server has stored: bytes done (including parts stored before a resume) and total (null for streams). */
  onProgress?: (done: number, total: number | null) => void;
  /** Parts in flight at once (default 4). */
  parallel?: number;
  name?: string;
  mimeType?: string;
  /** The length of a stream source, when known: lets a big stream go up with saveBigFilePart. */
  size?: number;
  /** Continue an upload begun earlier under this file id: only the parts the server lacks are sent. */
  resumeFileId?: string;
  /** Called with the file id before the first part goes out (keep it to resume later). */
  onFileId?: (fileId: string) => void;
  /** Called for every part actually sent (tests and progress UIs). */
  onPartSent?: (index: number) => void;
  /** Attempts per part (and for finalising) before giving up (default 8). */
  retries?: number;
  /** A part not answered within this many ms is sent again (default 60 s). */
  partTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface DownloadOptions {
  onProgress?: (done: number, total: number) => void;
  /** A stored thumbnail instead of the file. */
  thumb?: "s" | "m" | "x";
  signal?: AbortSignal;
}

/** Reads successive parts of a source, in order. */
type PartReader = () => Promise<Uint8Array | null>;

function readerOf(source: UploadSource): { size: number | null; next: PartReader } {
  if (source instanceof Uint8Array) {
    let offset = 0;
    return {
      size: source.length,
      next: async () => {
        if (offset >= source.length) return null;
        const part = source.subarray(offset, offset + MAX_PART_SIZE);
        offset += part.length;
        return part;
      },
    };
  }
  if (source instanceof Blob) {
    let offset = 0;
    return {
      size: source.size,
      next: async () => {
        if (offset >= source.size) return null;
        const part = new Uint8Array(await source.slice(offset, offset + MAX_PART_SIZE).arrayBuffer());
        offset += part.length;
        return part;
      },
    };
  }
  // A stream of unknown length: regroup its chunks into whole parts.
  const reader = source.getReader();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let done = false;
  return {
    size: null,
    next: async () => {
      while (!done && pendingBytes < MAX_PART_SIZE) {
        const r = await reader.read();
        if (r.done) done = true;
        else {
          pending.push(r.value);
          pendingBytes += r.value.length;
        }
      }
      if (pendingBytes === 0) return null;
      const all = new Uint8Array(pendingBytes);
      let o = 0;
      for (const c of pending) {
        all.set(c, o);
        o += c.length;
      }
      const part = all.subarray(0, Math.min(MAX_PART_SIZE, all.length));
      const rest = all.subarray(part.length);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
      return part;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Errors worth another attempt: the network (NetworkError and anything unexpected) or the server, not the request. */
function retryable(e: unknown): boolean {
  return !(e instanceof RpcError) || e.code >= 500 || e.code === 420;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new NetworkError("TIMEOUT", `no answer in ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** Uploads a file and returns its media reference (size and SHA-256 verified by the server). */
export async function uploadFile(
  client: EdgegramClient,
  source: UploadSource,
  opts: UploadOptions = {},
): Promise<MediaRef> {
  const reader = readerOf(source);
  const { next } = reader;
  const size = reader.size ?? opts.size ?? null;
  const totalParts = size === null ? null : Math.max(1, Math.ceil(size / MAX_PART_SIZE));
  const big = totalParts !== null && (size as number) > SMALL_FILE_MAX;
  const fileId = opts.resumeFileId ?? randomU64().toString();
  opts.onFileId?.(fileId);
  const stored = new Set<number>();
  if (opts.resumeFileId) {
    const state = await client.call("upload.getUploadState", { file_id: fileId });
    for (const i of state.parts) stored.add(i);
  }
  const hash = sha256.create();
  const parallel = Math.max(1, opts.parallel ?? 4);
  const retries = opts.retries ?? 8;
  const timeout = opts.partTimeoutMs ?? 60_000;
  let done = 0;
  let index = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;

  const send = async (i: number, bytes: Uint8Array) => {
    for (let attempt = 1; ; attempt++) {
      opts.signal?.throwIfAborted();
      try {
        opts.onPartSent?.(i);
        const call = big
          ? client.call(
              "upload.saveBigFilePart",
              { file_id: fileId, file_part: i, file_total_parts: totalParts as number },
              bytes,
            )
          : client.call("upload.saveFilePart", { file_id: fileId, file_part: i }, bytes);
        await withTimeout(call, timeout);
        break;
      } catch (e) {
        if (attempt >= retries || !retryable(e)) throw e;
        await sleep(Math.min(250 * 2 ** attempt, 5_000));
      }
    }
    done += bytes.length;
    opts.onProgress?.(done, size);
  };

  for (;;) {
    if (failure) break;
    opts.signal?.throwIfAborted();
    const part = await next();
    if (!part) break;
    hash.update(part);
    const i = index++;
    if (stored.has(i)) {
      done += part.length;
      opts.onProgress?.(done, size);
      continue;
    }
    const job: Promise<void> = send(i, part).then(
      () => void inFlight.delete(job),
      (e) => {
        inFlight.delete(job);
        failure ??= e;
      },
    );
    inFlight.add(job);
    if (inFlight.size >= parallel) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  const finish = {
    file_id: fileId,
    parts: Math.max(1, index),
    sha256: toHex(hash.digest()),
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.mimeType !== undefined ? { mime_type: opts.mimeType } : {}),
  };
  // Finalising is idempotent on the server, so a lost or failed answer is simply asked again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTimeout(client.call("messages.uploadMedia", finish), timeout * 5);
    } catch (e) {
      if (attempt >= retries || !retryable(e)) throw e;
      await sleep(Math.min(250 * 2 ** attempt, 5_000));
    }
  }
}

/** Downloads a whole media (or a thumbnail) by upload.getFile, 512 KiB at a time. */
export async function downloadFile(
  client: EdgegramClient,
  ref: InputMediaRef & { size?: number },
  opts: DownloadOptions = {},
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  let total = ref.size ?? 0;
  for (;;) {
    opts.signal?.throwIfAborted();
    const { result, blob } = await client.callWithBlob("upload.getFile", {
      media_id: ref.media_id,
      access_hash: ref.access_hash,
      offset,
      limit: MAX_GET_FILE_LIMIT,
      ...(opts.thumb ? { thumb_size: opts.thumb } : {}),
    });
    total = result.size;
    if (blob.length) chunks.push(blob);
    offset += blob.length;
    opts.onProgress?.(offset, total);
    if (blob.length < MAX_GET_FILE_LIMIT || offset >= total) break;
  }
  const out = new Uint8Array(offset);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** A short-lived signed URL path (append it to the server URL) that serves the media with HTTP Range. */
export async function fileUrl(client: EdgegramClient, ref: InputMediaRef, ttlSeconds = FILE_URL_MAX_TTL_SECONDS) {
  return client.call("upload.getFileUrl", {
    media_id: ref.media_id,
    access_hash: ref.access_hash,
    ttl_seconds: ttlSeconds,
  });
}
