/**
 * This isolate's memory of media records and their grants, so a download read in 512 KiB slices costs one
 * KV read and one KV list rather than three KV operations per slice. Safe to keep: a record never changes
 * once its upload finished, and grants are only ever added, so a remembered grant list is a subset of the
 * truth (a reader it does not admit is checked again against KV: `describe(…, fresh)`).
 */
import { getRecord, grantsOf, type MediaRecord } from "../../core/media/records.ts";

/** Entries kept per isolate; the oldest go first. */
const LIMIT = 2_000;

const records = new Map<string, MediaRecord>();
const grants = new Map<string, string[]>();

function remember<T>(map: Map<string, T>, key: string, value: T): T {
  map.delete(key);
  map.set(key, value);
  if (map.size > LIMIT) map.delete(map.keys().next().value as string);
  return value;
}

export async function cachedRecord(kv: KVNamespace, mediaId: string): Promise<MediaRecord | null> {
  const known = records.get(mediaId);
  if (known) return known;
  const rec = await getRecord(kv, mediaId);
  return rec ? remember(records, mediaId, rec) : null;
}

/** The chats a media was sent into, as remembered unless `fresh`. */
export async function cachedGrants(kv: KVNamespace, mediaId: string, fresh: boolean): Promise<string[]> {
  const known = fresh ? undefined : grants.get(mediaId);
  if (known) return known;
  return remember(grants, mediaId, await grantsOf(kv, mediaId));
}

/** A grant just added here joins the remembered list (other isolates find it by a fresh look). */
export function grantAdded(mediaId: string, chatKey: string): void {
  const known = grants.get(mediaId);
  if (known && !known.includes(chatKey)) known.push(chatKey);
}
