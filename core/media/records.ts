/**
 * Media records and grants in KV. A record is written once when an upload is
 * finalised (owner, size, type, hash, thumbnails) and read on every access
 * check; grants say which chats a media was sent into, one key per grant so
 * concurrent grants never overwrite each other.
 */
import type { MediaRef, Thumbnail } from "../../protocol/model/media.ts";

export interface MediaRecord {
  media_id: string;
  owner: number;
  size: number;
  mime_type: string;
  name?: string;
  sha256: string;
  w?: number;
  h?: number;
  thumbnails: Thumbnail[];
  created: number;
}

const recordKey = (mediaId: string) => `media:${mediaId}`;
const grantPrefix = (mediaId: string) => `grant:${mediaId}:`;

/** R2 object keys: the file, and its stored thumbnails. */
export const objectKey = (mediaId: string) => `media/${mediaId}`;
export const thumbKey = (mediaId: string, type: string) => `thumb/${mediaId}/${type}`;

export async function putRecord(kv: KVNamespace, rec: MediaRecord): Promise<void> {
  await kv.put(recordKey(rec.media_id), JSON.stringify(rec));
}

export async function getRecord(kv: KVNamespace, mediaId: string): Promise<MediaRecord | null> {
  return kv.get<MediaRecord>(recordKey(mediaId), "json");
}

export async function addGrant(kv: KVNamespace, mediaId: string, chatKey: string): Promise<void> {
  await kv.put(`${grantPrefix(mediaId)}${chatKey}`, "1");
}

/** Every chat the media was sent into. */
export async function grantsOf(kv: KVNamespace, mediaId: string): Promise<string[]> {
  const prefix = grantPrefix(mediaId);
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix, cursor });
    for (const k of page.keys) out.push(k.name.slice(prefix.length));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}

export function refOf(rec: MediaRecord, accessHash: string): MediaRef {
  return {
    media_id: rec.media_id,
    access_hash: accessHash,
    size: rec.size,
    mime_type: rec.mime_type,
    ...(rec.name !== undefined ? { name: rec.name } : {}),
    sha256: rec.sha256,
    ...(rec.w !== undefined ? { w: rec.w, h: rec.h } : {}),
    thumbnails: rec.thumbnails,
  };
}

/** Who may read a media: its owner, and the members of the chats it was sent into. */
export interface MediaAccess {
  owner: number;
  chats: string[];
  size: number;
  mime_type: string;
}
