/**
 * The one interface every MTProto framing implements, plus the byte queue the streaming decoders
 * share and transport errors (-404/-429/-444) as payloads. Codecs are symmetric: the same codec
 * encodes what one side sends and decodes what the other receives, so tests drive a client with it.
 */
import { FrameError, type TransportErrorCode } from "../errors.ts";

/** A decoded frame; `quickAck` is set when the sender asked for a quick ack (length's top bit). */
export type Frame = Uint8Array & { quickAck?: true };

export interface FrameCodec {
  readonly name: "abridged" | "intermediate" | "padded" | "full" | "obfuscated";
  /** Frames one payload for sending (without the connection's one-time marker; see `marker`). */
  encodeFrame(payload: Uint8Array): Uint8Array;
  /**
   * Feeds received bytes; returns every frame completed so far (none, one or several). Throws
   * FrameError on garbage or an oversized frame; after that the codec stays failed.
   */
  push(chunk: Uint8Array): Frame[];
}

export interface CodecOptions {
  /** Largest payload accepted (a declared length above it fails at once, before buffering). */
  maxFrameSize?: number;
}

/** 2 MiB: an upload part (512 KiB) or a full getDifference fits comfortably; nothing bigger is legitimate. */
export const DEFAULT_MAX_FRAME_SIZE = 2 * 1024 * 1024;

/** Received bytes not yet framed: appended in chunks, consumed from the front. */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // offset into chunks[0]
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The byte at `i` from the front (i < length). */
  at(i: number): number {
    let k = this.head + i;
    for (const c of this.chunks) {
      if (k < c.length) return c[k]!;
      k -= c.length;
    }
    throw new RangeError("ByteQueue.at past the end");
  }

  /** A copy of the first n bytes without consuming them. */
  peek(n: number): Uint8Array {
    if (n > this.length) throw new RangeError("ByteQueue.peek past the end");
    const out = new Uint8Array(n);
    let o = 0;
    let skip = this.head;
    for (const c of this.chunks) {
      if (o === n) break;
      const part = c.subarray(skip, Math.min(c.length, skip + n - o));
      out.set(part, o);
      o += part.length;
      skip = 0;
    }
    return out;
  }

  take(n: number): Uint8Array {
    const out = this.peek(n);
    this.skip(n);
    return out;
  }

  skip(n: number): void {
    if (n > this.length) throw new RangeError("ByteQueue.skip past the end");
    this.length -= n;
    let left = n;
    while (left > 0) {
      const c = this.chunks[0]!;
      const avail = c.length - this.head;
      if (left < avail) {
        this.head += left;
        return;
      }
      left -= avail;
      this.chunks.shift();
      this.head = 0;
    }
  }

  /** Little-endian uint32 at offset i. */
  u32(i: number): number {
    return (this.at(i) | (this.at(i + 1) << 8) | (this.at(i + 2) << 16) | (this.at(i + 3) << 24)) >>> 0;
  }
}

/** Shared failure latch: once a stream is garbage, every later push fails the same way. */
export class StreamLatch {
  private failed: FrameError | null = null;
  check(): void {
    if (this.failed) throw this.failed;
  }
  fail(e: FrameError): never {
    this.failed = e;
    throw e;
  }
}

export function checkSize(latch: StreamLatch, size: number, max: number): void {
  if (size > max) latch.fail(new FrameError("FRAME_TOO_LARGE", `${size} > ${max}`));
  if (size <= 0) latch.fail(new FrameError("FRAME_TOO_SMALL", `${size}`));
}

export function u32le(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

/** A transport error as sent: the code as a little-endian int32, framed alone in the connection's codec. */
export function transportErrorPayload(code: TransportErrorCode): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, code, true);
  return b;
}

/** The code in a received 4-byte frame, if it is a transport error (a client's view; tests use it). */
export function parseTransportError(frame: Uint8Array): number | null {
  if (frame.length !== 4) return null;
  const v = new DataView(frame.buffer, frame.byteOffset, 4).getInt32(0, true);
  return v < 0 ? v : null;
}

/**
 * Plain (handshake) packets one connection may send: eight key creations of three steps, more than a
 * client with a permanent and a temporary key and their retries needs. The upgrade is limited per
 * address; this keeps one connection from looping req_DH_params, the costly step, for ever.
 */
export const MT_PLAIN_PACKETS_MAX = 24;
