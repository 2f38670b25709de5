/**
 * obfuscated2: AES-256-CTR around an inner codec, keyed by the 64-byte init the client sends first.
 * Client→server uses key = init[8:40], iv = init[40:56]; server→client uses the same 48 bytes
 * reversed. The client encrypts the whole init with its stream and sends bytes 56–64 encrypted:
 * they hold the inner codec's tag and the DC id. The server decrypts with the client's encrypt key.
 */
import type { AesCtr, CryptoProvider, RandomSource } from "../crypto/provider.ts";
import { FrameError } from "../errors.ts";
import { AbridgedCodec } from "./abridged.ts";
import type { CodecOptions, Frame, FrameCodec } from "./codec.ts";
import { IntermediateCodec } from "./intermediate.ts";

export type ObfuscatedInner = "abridged" | "intermediate" | "padded";

export const OBFUSCATED_TAGS: Record<ObfuscatedInner, number> = {
  abridged: 0xefefefef,
  intermediate: 0xeeeeeeee,
  padded: 0xdddddddd,
};

/** First words a client must never send, so the init cannot be mistaken for another protocol. */
const FORBIDDEN_FIRST_WORDS = new Set([
  0x44414548, // "HEAD"
  0x54534f50, // "POST"
  0x20544547, // "GET "
  0x4954504f, // "OPTI"
  0xdddddddd,
  0xeeeeeeee,
  0x02010316, // TLS handshake
]);

export class ObfuscatedCodec implements FrameCodec {
  readonly name = "obfuscated";
  readonly inner: FrameCodec;
  private readonly decryptor: AesCtr;
  private readonly encryptor: AesCtr;

  constructor(inner: FrameCodec, decryptor: AesCtr, encryptor: AesCtr) {
    this.inner = inner;
    this.decryptor = decryptor;
    this.encryptor = encryptor;
  }

  encodeFrame(payload: Uint8Array): Uint8Array {
    return this.encryptor.process(this.inner.encodeFrame(payload));
  }

  push(chunk: Uint8Array): Frame[] {
    return this.inner.push(this.decryptor.process(chunk));
  }
}

function innerCodec(kind: ObfuscatedInner, opts: CodecOptions, random: RandomSource): FrameCodec {
  return kind === "abridged"
    ? new AbridgedCodec(opts)
    : new IntermediateCodec(opts, kind === "padded" ? random : undefined);
}

const reversed48 = (init: Uint8Array) => init.slice(8, 56).reverse();

/** Whether 64 bytes may open an obfuscated connection (the rules a client follows when drawing them). */
export function isAllowedObfuscatedInit(init: Uint8Array): boolean {
  if (init.length < 8 || init[0] === 0xef) return false;
  const v = new DataView(init.buffer, init.byteOffset, 8);
  return !FORBIDDEN_FIRST_WORDS.has(v.getUint32(0, true)) && v.getUint32(4, true) !== 0;
}

/**
 * The server side: reads the client's 64-byte init, checks the tag, and returns the codec for the
 * rest of the stream plus the DC id the client asked for (signed int16; negative for test/media DCs).
 */
export function acceptObfuscatedInit(
  c: CryptoProvider,
  init: Uint8Array,
  random: RandomSource,
  opts: CodecOptions = {},
): { codec: ObfuscatedCodec; dcId: number } {
  if (init.length !== 64) throw new FrameError("BAD_OBFUSCATION_TAG", "init must be 64 bytes");
  const decryptor = c.createAesCtr(init.subarray(8, 40), init.subarray(40, 56));
  const plain = decryptor.process(init); // advances the stream past the init, as the client's did
  const v = new DataView(plain.buffer, plain.byteOffset, 64);
  const tag = v.getUint32(56, true);
  const kind = (Object.keys(OBFUSCATED_TAGS) as ObfuscatedInner[]).find((k) => OBFUSCATED_TAGS[k] === tag);
  if (!kind) throw new FrameError("BAD_OBFUSCATION_TAG", tag.toString(16));
  const r = reversed48(init);
  const encryptor = c.createAesCtr(r.subarray(0, 32), r.subarray(32, 48));
  return {
    codec: new ObfuscatedCodec(innerCodec(kind, opts, random), decryptor, encryptor),
    dcId: v.getInt16(60, true),
  };
}

/** The client side (in-memory clients and tests): a fresh init and the client's codec. */
export function createObfuscatedClient(
  c: CryptoProvider,
  kind: ObfuscatedInner,
  dcId: number,
  random: RandomSource,
  opts: CodecOptions = {},
): { init: Uint8Array; codec: ObfuscatedCodec } {
  let init: Uint8Array;
  do init = random(64);
  while (!isAllowedObfuscatedInit(init));
  const v = new DataView(init.buffer, init.byteOffset, 64);
  v.setUint32(56, OBFUSCATED_TAGS[kind], true);
  v.setInt16(60, dcId, true);
  const encryptor = c.createAesCtr(init.subarray(8, 40), init.subarray(40, 56));
  const encrypted = encryptor.process(init);
  const wire = init.slice();
  wire.set(encrypted.subarray(56, 64), 56);
  const r = reversed48(init);
  const decryptor = c.createAesCtr(r.subarray(0, 32), r.subarray(32, 48));
  return { init: wire, codec: new ObfuscatedCodec(innerCodec(kind, opts, random), decryptor, encryptor) };
}
