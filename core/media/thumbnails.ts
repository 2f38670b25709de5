/**
 * Server-side thumbnails for photos, with Photon (Rust compiled to wasm,
 * packaged for workerd as @cf-wasm/photon): decodes JPEG/PNG/WebP/GIF,
 * resizes, encodes JPEG. Stored sizes "s" (100 px box), "m" (320), "x" (800,
 * only for larger photos) go to R2; "i" is a ~20 px JPEG carried inline in
 * the reference as a blurred placeholder. Images too big to decode within
 * the object's memory get no thumbnails (the file itself is unaffected).
 */
import { PhotonImage, resize, SamplingFilter } from "@cf-wasm/photon";
import { toBase64Url } from "../../protocol/binary.ts";
import type { Thumbnail } from "../../protocol/model/media.ts";
import { imageSize } from "./image-size.ts";
import { objectKey, thumbKey } from "./records.ts";

/** Decoding is RGBA in memory: 16 MP is 64 MiB, half a Durable Object's 128 MB. */
const MAX_PIXELS = 16_000_000;
const MAX_FILE = 20 * 1024 * 1024;
const DECODABLE = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);
const STORED: { type: "s" | "m" | "x"; box: number }[] = [
  { type: "s", box: 100 },
  { type: "m", box: 320 },
  { type: "x", box: 800 },
];
const INLINE_BOX = 20;

export interface Thumbnails {
  w: number;
  h: number;
  thumbnails: Thumbnail[];
}

/** The size that fits `w`×`h` into a `box`-pixel square, keeping the aspect ratio. */
export function fitInto(w: number, h: number, box: number): { w: number; h: number } {
  const scale = Math.min(1, box / Math.max(w, h));
  return { w: Math.max(1, Math.round(w * scale)), h: Math.max(1, Math.round(h * scale)) };
}

function jpegOf(img: PhotonImage, box: number, quality: number): { w: number; h: number; bytes: Uint8Array } {
  const size = fitInto(img.get_width(), img.get_height(), box);
  const small = resize(img, size.w, size.h, SamplingFilter.Triangle);
  try {
    return { ...size, bytes: small.get_bytes_jpeg(quality) };
  } finally {
    small.free();
  }
}

export async function makeThumbnails(
  bucket: R2Bucket,
  mediaId: string,
  mimeType: string,
  size: number,
): Promise<Thumbnails | null> {
  if (!DECODABLE.has(mimeType) || size > MAX_FILE) return null;
  const obj = await bucket.get(objectKey(mediaId));
  if (!obj) return null;
  const bytes = new Uint8Array(await obj.arrayBuffer());
  const dims = imageSize(bytes);
  if (!dims || dims.w * dims.h > MAX_PIXELS || dims.w === 0 || dims.h === 0) return null;
  const img = PhotonImage.new_from_byteslice(bytes);
  try {
    const w = img.get_width();
    const h = img.get_height();
    const thumbnails: Thumbnail[] = [];
    const inline = jpegOf(img, INLINE_BOX, 40);
    thumbnails.push({
      type: "i",
      w: inline.w,
      h: inline.h,
      size: inline.bytes.length,
      bytes: toBase64Url(inline.bytes),
    });
    for (const s of STORED) {
      // "x" only when it is really larger than "m".
      if (s.type === "x" && Math.max(w, h) <= 320) continue;
      const t = jpegOf(img, s.box, 80);
      await bucket.put(thumbKey(mediaId, s.type), t.bytes, { httpMetadata: { contentType: "image/jpeg" } });
      thumbnails.push({ type: s.type, w: t.w, h: t.h, size: t.bytes.length });
    }
    return { w, h, thumbnails };
  } finally {
    img.free();
  }
}
