/**
 * The server's connection codec: waits for the first bytes, picks the framing from them (0xef
 * abridged, 0xeeeeeeee intermediate, 0xdddddddd padded, a zero second word = full with seqno 0,
 * anything else allowed = a 64-byte obfuscated2 init) and hands the rest of the stream to it.
 */
import type { CryptoProvider, RandomSource } from "../crypto/provider.ts";
import { FrameError } from "../errors.ts";
import { AbridgedCodec } from "./abridged.ts";
import { ByteQueue, type CodecOptions, type Frame, type FrameCodec, StreamLatch } from "./codec.ts";
import { FullCodec } from "./full.ts";
import { IntermediateCodec } from "./intermediate.ts";
import { acceptObfuscatedInit, isAllowedObfuscatedInit } from "./obfuscated.ts";

export type Detected =
  | { kind: "need-more" }
  | { kind: "abridged" | "intermediate" | "padded" | "full"; markerLength: number }
  | { kind: "obfuscated" }
  | { kind: "unknown" };

/** Names the framing from a connection's first bytes (`head` may be shorter than needed: "need-more"). */
export function detectCodec(head: Uint8Array): Detected {
  if (head.length < 1) return { kind: "need-more" };
  if (head[0] === 0xef) return { kind: "abridged", markerLength: 1 };
  if (head.length < 8) return { kind: "need-more" };
  const v = new DataView(head.buffer, head.byteOffset, 8);
  const first = v.getUint32(0, true);
  if (first === 0xeeeeeeee) return { kind: "intermediate", markerLength: 4 };
  if (first === 0xdddddddd) return { kind: "padded", markerLength: 4 };
  if (v.getUint32(4, true) === 0) return { kind: "full", markerLength: 0 };
  if (!isAllowedObfuscatedInit(head)) return { kind: "unknown" };
  return head.length < 64 ? { kind: "need-more" } : { kind: "obfuscated" };
}

export interface ServerCodecOptions extends CodecOptions {
  /** Refuse plain framings (a WebSocket path that should only see obfuscated clients may set it). */
  obfuscatedOnly?: boolean;
}

/** A FrameCodec for one server connection whose framing is not yet known. */
export class ServerConnectionCodec implements FrameCodec {
  private codec: FrameCodec | null = null;
  private readonly pending = new ByteQueue();
  private readonly latch: StreamLatch = new StreamLatch();
  private readonly c: CryptoProvider;
  private readonly random: RandomSource;
  private readonly opts: ServerCodecOptions;
  /** The DC id an obfuscated client asked for (undefined for plain framings). */
  dcId: number | undefined;

  constructor(c: CryptoProvider, random: RandomSource, opts: ServerCodecOptions = {}) {
    this.c = c;
    this.random = random;
    this.opts = opts;
  }

  get name(): FrameCodec["name"] {
    if (!this.codec) throw new Error("framing not detected yet");
    return this.codec.name;
  }

  /** The detected codec's name, or null before the first bytes arrive. */
  get detected(): FrameCodec["name"] | null {
    return this.codec?.name ?? null;
  }

  encodeFrame(payload: Uint8Array): Uint8Array {
    if (!this.codec) throw new Error("cannot send before the client's first bytes");
    return this.codec.encodeFrame(payload);
  }

  push(chunk: Uint8Array): Frame[] {
    this.latch.check();
    if (this.codec) return this.codec.push(chunk);
    this.pending.push(chunk);
    const head = this.pending.peek(Math.min(64, this.pending.length));
    const d = detectCodec(head);
    if (d.kind === "need-more") return [];
    if (d.kind === "unknown") this.latch.fail(new FrameError("UNKNOWN_TRANSPORT"));
    if (this.opts.obfuscatedOnly && d.kind !== "obfuscated") this.latch.fail(new FrameError("UNKNOWN_TRANSPORT"));
    try {
      if (d.kind === "obfuscated") {
        const { codec, dcId } = acceptObfuscatedInit(this.c, this.pending.take(64), this.random, this.opts);
        this.codec = codec;
        this.dcId = dcId;
      } else {
        this.pending.skip(d.markerLength);
        this.codec =
          d.kind === "abridged"
            ? new AbridgedCodec(this.opts)
            : d.kind === "full"
              ? new FullCodec(this.opts)
              : new IntermediateCodec(this.opts, d.kind === "padded" ? this.random : undefined);
      }
    } catch (e) {
      if (e instanceof FrameError) this.latch.fail(e);
      throw e;
    }
    const rest = this.pending.take(this.pending.length);
    return this.codec.push(rest);
  }
}
