/** The media worker's bindings, and the stub helper for its upload objects. */
import type { UploadObject } from "../../durable-objects/upload-object.ts";

export interface MediaEnv {
  UPLOADS: DurableObjectNamespace<UploadObject>;
  MEDIA_BUCKET: R2Bucket;
  /** Media records (owner, size, hash, thumbnails) and chat grants. */
  MEDIA_KV: KVNamespace;
  /** 64 hex chars: the root of access hashes and download-URL signatures (a Worker secret). */
  MEDIA_SECRET: string;
  /** Milliseconds an upload may sit idle before it is aborted (default one day). */
  UPLOAD_TTL_MS?: string;
}

/** One upload object per (user, client file id): another user's file id names another object. */
export const uploadObjectOf = (env: MediaEnv, userId: number, fileId: string) =>
  env.UPLOADS.get(env.UPLOADS.idFromName(`upload:${userId}:${fileId}`));
