/**
 * File transfer over the SDK connection: uploads in Telegram-style parts
 * (progress after each part, cancellable between parts) and downloads by
 * offset/limit with progress. Downloaded files are kept as object URLs.
 */

import { toHex } from "../../../../protocol/binary.ts";
import type { MediaRef } from "../../../../protocol/model/media.ts";
import { client } from "../core/session.ts";

/** Small parts give a smooth progress bar for photos; big files use Telegram's maximum part. */
const partSizeFor = (size: number) => (size <= 4 * 1024 * 1024 ? 64 * 1024 : 512 * 1024);
const SMALL_FILE_MAX = 10 * 1024 * 1024;
const CHUNK = 512 * 1024;

export class Cancelled extends Error {
  constructor() {
    super("cancelled");
  }
}

export interface TransferOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export async function uploadFile(file: File, opts: TransferOptions = {}): Promise<MediaRef> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sha256 = toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
  const fileId = toHex(crypto.getRandomValues(new Uint8Array(12)));
  const partSize = partSizeFor(bytes.length);
  const parts = Math.max(1, Math.ceil(bytes.length / partSize));
  const big = bytes.length > SMALL_FILE_MAX;
  opts.onProgress?.(0, bytes.length);
  for (let i = 0; i < parts; i++) {
    if (opts.signal?.aborted) throw new Cancelled();
    const part = bytes.subarray(i * partSize, (i + 1) * partSize);
    await client().callRaw(
      big ? "upload.saveBigFilePart" : "upload.saveFilePart",
      big ? { file_id: fileId, file_part: i, file_total_parts: parts } : { file_id: fileId, file_part: i },
      part,
    );
    opts.onProgress?.(Math.min(bytes.length, (i + 1) * partSize), bytes.length);
  }
  if (opts.signal?.aborted) throw new Cancelled();
  const { result } = await client().callRaw("messages.uploadMedia", {
    file_id: fileId,
    parts,
    name: file.name || undefined,
    mime_type: /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i.test(file.type) ? file.type : "application/octet-stream",
    sha256,
  });
  return result as MediaRef;
}

const urls = new Map<string, Promise<string>>();
const cacheKey = (m: Pick<MediaRef, "media_id">, thumb?: string) => `${m.media_id}:${thumb ?? "full"}`;

/** Remembers bytes we already have (our own upload) so they are not downloaded again. */
export function seedCache(media: Pick<MediaRef, "media_id">, url: string): void {
  urls.set(cacheKey(media), Promise.resolve(url));
}

export function isCached(media: Pick<MediaRef, "media_id">, thumb?: "s" | "m" | "x"): boolean {
  return urls.has(cacheKey(media, thumb));
}

/** The media (or one of its stored thumbnails) as an object URL, downloaded once. */
export function mediaUrl(media: MediaRef, thumb?: "s" | "m" | "x", opts: TransferOptions = {}): Promise<string> {
  const key = cacheKey(media, thumb);
  let p = urls.get(key);
  if (!p) {
    p = download(media, thumb, opts).then((b) => URL.createObjectURL(b));
    p.catch(() => urls.delete(key));
    urls.set(key, p);
  }
  return p;
}

async function download(media: MediaRef, thumb: "s" | "m" | "x" | undefined, opts: TransferOptions): Promise<Blob> {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  let total = thumb ? (media.thumbnails.find((t) => t.type === thumb)?.size ?? 0) : media.size;
  let mime = media.mime_type;
  for (;;) {
    if (opts.signal?.aborted) throw new Cancelled();
    const { result, blob } = await client().callRaw("upload.getFile", {
      media_id: media.media_id,
      access_hash: media.access_hash,
      offset,
      limit: CHUNK,
      thumb_size: thumb,
    });
    const info = result as { size: number; mime_type: string };
    total = info.size || total;
    mime = info.mime_type || mime;
    chunks.push(blob);
    offset += blob.length;
    opts.onProgress?.(offset, total);
    if (blob.length < CHUNK || offset >= total) break;
  }
  return new Blob(chunks as BlobPart[], { type: mime });
}

/** The tiny inline preview ("i" thumbnail) as a data URL, when it is a browser-decodable image. */
export function inlinePreview(media: MediaRef): string | undefined {
  const t = media.thumbnails.find((x) => x.type === "i" && x.bytes);
  if (!t?.bytes) return undefined;
  const b64 = t.bytes.replace(/-/g, "+").replace(/_/g, "/");
  const head = atob(b64.slice(0, 16));
  const type = head.startsWith("\xff\xd8")
    ? "image/jpeg"
    : head.startsWith("\x89PNG")
      ? "image/png"
      : head.startsWith("RIFF")
        ? "image/webp"
        : null;
  return type ? `data:${type};base64,${b64}` : undefined;
}
