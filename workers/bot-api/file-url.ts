/**
 * Files given by URL (sendPhoto/sendDocument … with an HTTP URL): fetched with Telegram's 20 MB cap,
 * and outside development never from loopback, private, link-local or metadata addresses — checked
 * again at every redirect, which is followed here rather than by fetch for that reason.
 */
import { refusedUrl } from "../../durable-objects/outbound-url.ts";
import { Errors } from "../../protocol/errors.ts";
import { badRequest } from "./errors.ts";

export const MAX_URL_FETCH = 20 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface FetchedFile {
  bytes: Uint8Array;
  /** The Content-Type's media type, "" when absent. */
  type: string;
  /** The last path segment of the URL the bytes came from. */
  name: string;
}

export async function fetchFileUrl(raw: string, devMode: boolean, fetcher: typeof fetch = fetch): Promise<FetchedFile> {
  let url = raw;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!devMode && refusedUrl(url) !== null) throw Errors.badRequest("FILE_ID_INVALID");
    const res = await fetcher(url, { redirect: "manual" }).catch(() => null);
    if (!res) throw badRequest("failed to get HTTP URL content");
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      url = new URL(location, url).toString();
      continue;
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw badRequest("failed to get HTTP URL content");
    }
    if (Number(res.headers.get("content-length") ?? "0") > MAX_URL_FETCH) {
      await res.body.cancel();
      throw Errors.badRequest("FILE_TOO_BIG");
    }
    const bytes = await readCapped(res.body, MAX_URL_FETCH);
    const type = res.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
    return { bytes, type, name: new URL(url).pathname.split("/").pop() ?? "" };
  }
  throw badRequest("failed to get HTTP URL content");
}

/** Reads a body, giving up as soon as it passes `max` bytes (the length header may be absent or wrong). */
async function readCapped(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw Errors.badRequest("FILE_TOO_BIG");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
