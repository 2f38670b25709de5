/** Server-side thumbnails for images (placeholder until a decoder is wired in). */
import type { Thumbnail } from "../../protocol/model/media.ts";

export interface Thumbnails {
  w: number;
  h: number;
  thumbnails: Thumbnail[];
}

export async function makeThumbnails(
  _bucket: R2Bucket,
  _mediaId: string,
  _mimeType: string,
  _size: number,
): Promise<Thumbnails | null> {
  return null;
}
