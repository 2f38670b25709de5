/** Node only: upload a file from disk (read lazily, a part at a time, via fs.openAsBlob). */
import { openAsBlob } from "node:fs";
import { basename } from "node:path";
import type { MediaRef } from "../../protocol/model/media.ts";
import type { EdgegramClient } from "./client.ts";
import { type UploadOptions, uploadFile } from "./upload.ts";

export async function uploadPath(client: EdgegramClient, path: string, opts: UploadOptions = {}): Promise<MediaRef> {
  const blob = await openAsBlob(path, opts.mimeType ? { type: opts.mimeType } : {});
  return uploadFile(client, blob, { name: basename(path), ...opts });
}
