/**
 * Abridged framing (marker 0xef): length/4 in one byte, or 0x7f and three little-endian bytes.
 * The top bit of the first length byte asks for a quick ack.
 */
import { FrameError } from "../errors.ts";
import {
  ByteQueue,
  type CodecOptions,
  checkSize,
  DEFAULT_MAX_FRAME_SIZE,
  type Frame,
  type FrameCodec,
  StreamLatch,
} from "./codec.ts";

export const ABRIDGED_MARKER = Uint8Array.of(0xef);

export class AbridgedCodec implements FrameCodec {
  readonly name = "abridged";
  private readonly queue = new ByteQueue();
  private readonly latch = new StreamLatch();
  private readonly max: number;

  constructor(opts: CodecOptions = {}) {
    this.max = opts.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
  }

  encodeFrame(payload: Uint8Array): Uint8Array {
    if (payload.length % 4 !== 0) throw new RangeError("abridged payloads are whole 4-byte words");
    const words = payload.length / 4;
    if (words >= 1 << 24) throw new RangeError("payload too large for abridged framing");
    const head = words < 0x7f ? Uint8Array.of(words) : Uint8Array.of(0x7f, words, words >> 8, words >> 16);
    const out = new Uint8Array(head.length + payload.length);
    out.set(head);
    out.set(payload, head.length);
    return out;
  }

  push(chunk: Uint8Array): Frame[] {
    this.latch.check();
    this.queue.push(chunk);
    const frames: Frame[] = [];
    for (;;) {
      const q = this.queue;
      if (q.length < 1) break;
      const first = q.at(0);
      const quickAck = (first & 0x80) !== 0;
      let words = first & 0x7f;
      let head = 1;
      if (words === 0x7f) {
        if (q.length < 4) break;
        words = q.at(1) | (q.at(2) << 8) | (q.at(3) << 16);
        head = 4;
      }
      if (words === 0) this.latch.fail(new FrameError("FRAME_TOO_SMALL", "zero-length abridged frame"));
      checkSize(this.latch, words * 4, this.max);
      if (q.length < head + words * 4) break;
      q.skip(head);
      const f: Frame = q.take(words * 4);
      if (quickAck) f.quickAck = true;
      frames.push(f);
    }
    return frames;
  }
}
