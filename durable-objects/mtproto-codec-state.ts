/**
 * An MTProto WebSocket's framing, kept so it survives hibernation: the attachment holds which codec
 * the client opened with, its obfuscation init and the byte counts each way; after a wake-up the
 * codec is rebuilt and the AES-CTR streams seek to those offsets (CTR is a counter, so no replay).
 */
import type { AesCtr, CryptoProvider } from "../protocol/mtproto/crypto/provider.ts";
import { systemRandom } from "../protocol/mtproto/crypto/provider.ts";
import { AbridgedCodec } from "../protocol/mtproto/transport/abridged.ts";
import type { FrameCodec } from "../protocol/mtproto/transport/codec.ts";
import { ServerConnectionCodec } from "../protocol/mtproto/transport/detect.ts";
import { IntermediateCodec } from "../protocol/mtproto/transport/intermediate.ts";
import { acceptObfuscatedInit, ObfuscatedCodec } from "../protocol/mtproto/transport/obfuscated.ts";

/** A WebSocket message or HTTP body larger than this is not MTProto (the codecs' own frame limit is 2 MiB). */
export const MAX_WIRE_MESSAGE = 2 * 1024 * 1024 + 64;

/** What the attachment remembers of the framing. */
export interface CodecRecord {
  /** Bytes received before the framing was known (at most 64), hex. */
  head: string;
  kind: FrameCodec["name"] | null;
  /** The obfuscated2 init (64 bytes, hex) when kind is "obfuscated". */
  init?: string;
  /** Bytes received and sent on the socket so far (the CTR offsets). */
  wireIn: number;
  wireOut: number;
}

export const newCodecRecord = (): CodecRecord => ({ head: "", kind: null, wireIn: 0, wireOut: 0 });

const hexOf = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const bytesOfHex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => Number.parseInt(x, 16));

/** An AES-CTR stream positioned `offset` bytes in: the 128-bit big-endian counter advanced, then the rest of a block. */
export function ctrAt(c: CryptoProvider, key: Uint8Array, iv: Uint8Array, offset: number): AesCtr {
  let counter = 0n;
  for (const b of iv) counter = (counter << 8n) | BigInt(b);
  counter = (counter + BigInt(Math.floor(offset / 16))) & ((1n << 128n) - 1n);
  const start = new Uint8Array(16);
  for (let i = 15; i >= 0; i--) {
    start[i] = Number(counter & 0xffn);
    counter >>= 8n;
  }
  const ctr = c.createAesCtr(key, start);
  ctr.process(new Uint8Array(offset % 16));
  return ctr;
}

/**
 * The live codec and its record. `push` and `encode` keep the counts; a codec rebuilt from a record
 * continues where the hibernated one stopped (a frame cut across a hibernation is the one thing lost).
 */
export class ResumableCodec {
  readonly record: CodecRecord;
  private codec: FrameCodec | null;
  private readonly c: CryptoProvider;

  constructor(c: CryptoProvider, record: CodecRecord) {
    this.c = c;
    this.record = record;
    this.codec = record.kind ? rebuild(c, record) : null;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (!this.codec) return this.detect(chunk);
    this.record.wireIn += chunk.length;
    return this.codec.push(chunk);
  }

  encode(payload: Uint8Array): Uint8Array {
    if (!this.codec) throw new Error("cannot send before the client's first bytes");
    const out = this.codec.encodeFrame(payload);
    this.record.wireOut += out.length;
    return out;
  }

  private detect(chunk: Uint8Array): Uint8Array[] {
    const head = bytesOfHex(this.record.head);
    const detector = new ServerConnectionCodec(this.c, systemRandom);
    const frames = detector.push(new Uint8Array([...head, ...chunk]));
    if (detector.detected === null) {
      this.record.head = hexOf(new Uint8Array([...head, ...chunk]));
      return frames;
    }
    const all = new Uint8Array([...head, ...chunk]);
    this.record.kind = detector.detected;
    this.record.head = "";
    if (this.record.kind === "obfuscated") this.record.init = hexOf(all.subarray(0, 64));
    this.record.wireIn = all.length;
    this.codec = detector;
    return frames;
  }
}

function rebuild(c: CryptoProvider, r: CodecRecord): FrameCodec {
  switch (r.kind) {
    case "abridged":
      return new AbridgedCodec();
    case "intermediate":
      return new IntermediateCodec();
    case "padded":
      return new IntermediateCodec({}, systemRandom);
    case "obfuscated": {
      const init = bytesOfHex(r.init ?? "");
      const inner = acceptObfuscatedInit(c, init, systemRandom).codec.inner;
      const rev = init.slice(8, 56).reverse();
      return new ObfuscatedCodec(
        inner,
        ctrAt(c, init.subarray(8, 40), init.subarray(40, 56), r.wireIn),
        ctrAt(c, rev.subarray(0, 32), rev.subarray(32, 48), r.wireOut),
      );
    }
    default:
      // Full framing numbers frames in the codec itself: it cannot be resumed, the client reconnects.
      throw new Error(`cannot resume a ${r.kind} connection`);
  }
}
