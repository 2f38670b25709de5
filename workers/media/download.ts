/**
 * Signed download URLs: `GET /files/<token>` with HTTP Range support, so a
 * browser can stream video and an <img> can load without a session. The
 * token (see keys.ts) names one media and an expiry; anything else is 403.
 * Files are user content served on the app's own origin, so no response may
 * ever run as a page there (protocol/file-guard.ts).
 */
import { verifyDownload } from "../../core/media/keys.ts";
import { getRecord, objectKey } from "../../core/media/records.ts";
import { fileGuard } from "../../protocol/file-guard.ts";

/** A single byte range [start, end] inside a file of `size` bytes, "all" when absent, or null when unsatisfiable. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | "all" | null {
  if (!header) return "all";
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  let start: number;
  let end: number;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return null;
  return { start, end };
}

const refused = (code: number, message: string) =>
  Response.json(
    { error: { code, message } },
    { status: code, headers: { "cache-control": "no-store", ...fileGuard(null) } },
  );

const denied = () => refused(403, "FILE_URL_INVALID");

export async function serveDownload(request: Request, env: MediaEnv): Promise<Response> {
  const url = new URL(request.url);
  const token = /^\/files\/([^/]+)$/.exec(url.pathname)?.[1];
  if (!token || (request.method !== "GET" && request.method !== "HEAD")) {
    return refused(404, "NOT_FOUND");
  }
  const mediaId = await verifyDownload(env.MEDIA_SECRET, decodeURIComponent(token), Math.floor(Date.now() / 1000));
  if (!mediaId) return denied();
  const rec = await getRecord(env.MEDIA_KV, mediaId);
  if (!rec) return denied();
  const headers = new Headers({
    "accept-ranges": "bytes",
    "content-type": rec.mime_type,
    "cache-control": "private, max-age=300",
    etag: `"${rec.sha256}"`,
    ...fileGuard(rec.mime_type),
  });
  const range = parseRange(request.headers.get("range"), rec.size);
  if (range === null) {
    headers.set("content-range", `bytes */${rec.size}`);
    return new Response(null, { status: 416, headers });
  }
  const { start, end } = range === "all" ? { start: 0, end: rec.size - 1 } : range;
  const length = end - start + 1;
  headers.set("content-length", String(length));
  if (range !== "all") headers.set("content-range", `bytes ${start}-${end}/${rec.size}`);
  const status = range === "all" ? 200 : 206;
  if (request.method === "HEAD" || length <= 0) return new Response(null, { status, headers });
  const obj = await env.MEDIA_BUCKET.get(objectKey(mediaId), { range: { offset: start, length } });
  if (!obj) return denied();
  return new Response(obj.body, { status, headers });
}
