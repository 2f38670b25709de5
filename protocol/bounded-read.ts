/**
 * Reads a request body through a cap: at most `max` bytes within `timeoutMs`, whatever
 * Content-Length says (chunked bodies too). Every endpoint that takes a body reads it here.
 */

/**
 * How long a small body (a handshake, a frame, a Bot API JSON call) may take to arrive: a sender
 * slower than that is cut off with 408 instead of holding the request open.
 */
export const BODY_READ_TIMEOUT_MS = 10_000;

export type BoundedRead =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: "too_large" }
  | { ok: false; reason: "timeout" };

/**
 * Stops reading as soon as the body passes `max` (the rest is cancelled, never buffered) or the
 * deadline passes (a slow sender cannot hold the request open). A declared Content-Length over
 * `max` is refused before any byte is read.
 */
export async function readBounded(
  body: ReadableStream<Uint8Array> | null,
  max: number,
  timeoutMs: number,
  declaredLength?: string | null,
): Promise<BoundedRead> {
  if (!body) return { ok: true, bytes: new Uint8Array(0) };
  if (declaredLength != null && Number(declaredLength) > max) {
    await body.cancel().catch(() => {});
    return { ok: false, reason: "too_large" };
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === "timeout") {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: "timeout" };
      }
      if (next.done) break;
      total += next.value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: "too_large" };
      }
      chunks.push(next.value);
    }
  } finally {
    if (timer !== null) clearTimeout(timer);
    reader.releaseLock();
  }
  if (chunks.length === 1 && chunks[0]) return { ok: true, bytes: chunks[0] };
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}

/** The HTTP status a refused read answers with: 413 for a body over its cap, 408 for one too slow. */
export const boundedReadStatus = (r: { reason: "too_large" | "timeout" }): 408 | 413 =>
  r.reason === "timeout" ? 408 : 413;
