/**
 * Intermediate framing (marker 0xeeeeeeee): a little-endian uint32 length, then the payload. Padded
 * intermediate (0xdddddddd) appends 0–15 random bytes inside the length, which hides payload sizes;
 * the envelope layer ignores the trailing padding. The length's top bit asks for a quick ack.
 */

import type { RandomSource } from "../crypto/provider.ts";
import { FrameError } from "../errors.ts";
import {
  ByteQueue,
  type CodecOptions,
  checkSize,
  DEFAULT_MAX_FRAME_SIZE,
  type Frame,
  type FrameCodec,
  StreamLatch,
  u32le,
} from "./codec.ts";

export const INTERMEDIATE_MARKER = Uint8Array.of(0xee, 0xee, 0xee, 0xee);
export const PADDED_MARKER = Uint8Array.of(0xdd, 0xdd, 0xdd, 0xdd);

export class IntermediateCodec implements FrameCodec {
  readonly name: "intermediate" | "padded";
  private readonly queue = new ByteQueue();
  private readonly latch = new StreamLatch();
  private readonly max: number;
  private readonly padding: RandomSource | undefined;

  /** With `padding` (a random source) this is padded intermediate. */
  constructor(opts: CodecOptions = {}, padding?: RandomSource) {
    this.padding = padding;
    this.max = opts.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    this.name = padding ? "padded" : "intermediate";
  }

  encodeFrame(payload: Uint8Array): Uint8Array {
    // A 4-byte payload is a transport error, which clients recognise by its length 4: never padded.
    const padLen = this.padding && payload.length !== 4 ? this.padding(1)[0]! % 16 : 0;
    const total = payload.length + padLen;
    const out = new Uint8Array(4 + total);
    out.set(u32le(total));
    out.set(payload, 4);
    if (padLen && this.padding) out.set(this.padding(padLen), 4 + payload.length);
    return out;
  }

  push(chunk: Uint8Array): Frame[] {
    this.latch.check();
    this.queue.push(chunk);
    const frames: Frame[] = [];
    for (;;) {
      const q = this.queue;
      if (q.length < 4) break;
      const raw = q.u32(0);
      const quickAck = raw >= 0x80000000;
      const len = raw & 0x7fffffff;
      checkSize(this.latch, len, this.max);
      if (!this.padding && len % 4 !== 0) this.latch.fail(new FrameError("FRAME_MISALIGNED", `${len}`));
      if (q.length < 4 + len) break;
      q.skip(4);
      const f: Frame = q.take(len);
      if (quickAck) f.quickAck = true;
      frames.push(f);
    }
    return frames;
  }
}
