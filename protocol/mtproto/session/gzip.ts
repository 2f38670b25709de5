/**
 * gzip_packed both ways: `gzip_packed#3072cfa1 packed_data:bytes = Object`. Synchronous (fflate),
 * because the TL decoder inflates nested gzip_packed inline; inflation is fed in small slices and
 * stops at a size cap, so a zip bomb costs at most the cap (plus one slice's expansion).
 */
import { Decompress, gzipSync } from "fflate";
import { EnvelopeError } from "../errors.ts";
import { GZIP_PACKED_ID } from "../tl/codec.ts";

/** Larger than any legitimate request (a 512 KiB upload part compresses poorly and is sent plain). */
export const DEFAULT_INFLATE_CAP = 4 * 1024 * 1024;
const SLICE = 1024; // deflate expands at most ~1032:1, so one slice adds ≲ 1 MiB past the cap

/**
 * Inflates packed_data, refusing output over `cap` bytes and malformed streams (EnvelopeError BAD_GZIP).
 * gzip, zlib or raw deflate: the name says gzip, but mtcute sends zlib (Node's deflateSync) and
 * Telegram accepts it, so the format is told from the header as Telegram's server does.
 */
export function inflateCapped(packed: Uint8Array, cap = DEFAULT_INFLATE_CAP): Uint8Array {
  if (packed.length < 2) throw new EnvelopeError("BAD_GZIP", "too short for a deflate stream");
  const parts: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const g = new Decompress((chunk, final) => {
    total += chunk.length;
    if (total > cap) throw new EnvelopeError("BAD_GZIP", `inflates past ${cap} bytes`);
    parts.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let o = 0; o < packed.length; o += SLICE) {
      g.push(packed.subarray(o, Math.min(packed.length, o + SLICE)), o + SLICE >= packed.length);
    }
  } catch (e) {
    if (e instanceof EnvelopeError) throw e;
    throw new EnvelopeError("BAD_GZIP", e instanceof Error ? e.message : "corrupt");
  }
  if (!ended) throw new EnvelopeError("BAD_GZIP", "truncated");
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function tlBytes(data: Uint8Array): Uint8Array {
  const head = data.length <= 253 ? 1 : 4;
  const size = head + data.length;
  const out = new Uint8Array(size + ((4 - (size % 4)) % 4));
  if (head === 1) out[0] = data.length;
  else out.set([254, data.length & 0xff, (data.length >> 8) & 0xff, (data.length >> 16) & 0xff]);
  out.set(data, head);
  return out;
}

/** Wraps a TL body as gzip_packed (the server does it for large answers when it makes them smaller). */
export function gzipPacked(body: Uint8Array): Uint8Array {
  const packed = tlBytes(gzipSync(body));
  const out = new Uint8Array(4 + packed.length);
  new DataView(out.buffer).setUint32(0, GZIP_PACKED_ID, true);
  out.set(packed, 4);
  return out;
}

/** gzip_packed only when it saves bytes, as clients do for requests over a few hundred bytes. */
export function gzipIfSmaller(body: Uint8Array, minSize = 512): Uint8Array {
  if (body.length < minSize) return body;
  const packed = gzipPacked(body);
  return packed.length < body.length ? packed : body;
}

/** If `body` is a gzip_packed object, its inflated content; otherwise `body` itself. */
export function unwrapGzipPacked(body: Uint8Array, cap = DEFAULT_INFLATE_CAP): Uint8Array {
  if (body.length < 8) return body;
  const v = new DataView(body.buffer, body.byteOffset, body.length);
  if (v.getUint32(0, true) !== GZIP_PACKED_ID) return body;
  const first = body[4]!;
  let len: number;
  let head: number;
  if (first === 254) {
    len = body[5]! | (body[6]! << 8) | (body[7]! << 16);
    head = 8;
  } else if (first === 255) {
    throw new EnvelopeError("BAD_GZIP", "bad bytes length");
  } else {
    len = first;
    head = 5;
  }
  if (head + len > body.length) throw new EnvelopeError("BAD_GZIP", "truncated bytes");
  return inflateCapped(body.subarray(head, head + len), cap);
}
