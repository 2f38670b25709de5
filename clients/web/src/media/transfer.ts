/**
 * File transfer for the app on the SDK's uploadFile/downloadFile: progress
 * for the bars, cancel through an AbortSignal, and downloaded files kept as
 * object URLs so each is fetched once.
 */
import type { MediaRef } from "../../../../protocol/model/media.ts";
import { downloadFile, uploadFile as sdkUploadFile } from "../../../sdk/index.ts";
import { client } from "../core/session.ts";

export interface TransferOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

const MIME = /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i;

export function uploadFile(file: File, opts: TransferOptions = {}): Promise<MediaRef> {
  opts.onProgress?.(0, file.size);
  return sdkUploadFile(client(), file, {
    name: file.name || undefined,
    mimeType: MIME.test(file.type) ? file.type : "application/octet-stream",
    onProgress: (done, total) => opts.onProgress?.(done, total ?? file.size),
    signal: opts.signal,
  });
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
  const bytes = await downloadFile(client(), media, { thumb, onProgress: opts.onProgress, signal: opts.signal });
  return new Blob([bytes as BlobPart], { type: thumb ? "image/jpeg" : media.mime_type });
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
