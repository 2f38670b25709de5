/**
 * Full framing (no marker): total length (4, LE, counting itself, seqno and CRC), seqno (4, LE,
 * from 0 per connection and direction), payload, CRC-32 of everything before it. Both checked.
 */
import { FrameError } from "../errors.ts";
import { crc32 } from "../tl/crc32.ts";
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

export class FullCodec implements FrameCodec {
  readonly name = "full";
  private readonly queue = new ByteQueue();
  private readonly latch = new StreamLatch();
  private readonly max: number;
  private sendSeq = 0;
  private recvSeq = 0;

  constructor(opts: CodecOptions = {}) {
    this.max = opts.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
  }

  encodeFrame(payload: Uint8Array): Uint8Array {
    const total = payload.length + 12;
    const out = new Uint8Array(total);
    out.set(u32le(total));
    out.set(u32le(this.sendSeq++), 4);
    out.set(payload, 8);
    out.set(u32le(crc32(out.subarray(0, total - 4))), total - 4);
    return out;
  }

  push(chunk: Uint8Array): Frame[] {
    this.latch.check();
    this.queue.push(chunk);
    const frames: Frame[] = [];
    for (;;) {
      const q = this.queue;
      if (q.length < 4) break;
      const total = q.u32(0);
      if (total < 12) this.latch.fail(new FrameError("FRAME_TOO_SMALL", `${total}`));
      checkSize(this.latch, total - 12, this.max);
      if (total % 4 !== 0) this.latch.fail(new FrameError("FRAME_MISALIGNED", `${total}`));
      if (q.length < total) break;
      const whole = q.take(total);
      const view = new DataView(whole.buffer, whole.byteOffset, whole.length);
      if (crc32(whole.subarray(0, total - 4)) !== view.getUint32(total - 4, true)) {
        this.latch.fail(new FrameError("FRAME_BAD_CRC"));
      }
      const seq = view.getUint32(4, true);
      if (seq !== this.recvSeq) this.latch.fail(new FrameError("FRAME_BAD_SEQNO", `${seq}, expected ${this.recvSeq}`));
      this.recvSeq++;
      frames.push(whole.slice(8, total - 4));
    }
    return frames;
  }
}
