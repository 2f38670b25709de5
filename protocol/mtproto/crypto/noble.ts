/**
 * The default CryptoProvider: pure JS from @noble (no WebAssembly, which Workers cannot compile at
 * run time). IGE and streaming CTR are built on noble's raw AES block function.
 */
import { unsafe } from "@noble/ciphers/aes.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { AesCtr, CryptoProvider } from "./provider.ts";

// noble's block function takes the block as four little-endian words; every target we run on is little-endian.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error("noble provider needs a little-endian host");

function checkKeyIv(key: Uint8Array, iv: Uint8Array, ivLength: number): void {
  // MTProto uses AES-256 only; 128-bit keys are accepted so the published IGE test vectors apply.
  if (key.length !== 32 && key.length !== 16) throw new RangeError("AES key must be 32 (or 16) bytes");
  if (iv.length !== ivLength) throw new RangeError(`iv must be ${ivLength} bytes`);
}

/** An aligned copy viewed as 32-bit words (the input may be any subarray). */
function words(data: Uint8Array): { bytes: Uint8Array; w: Uint32Array } {
  const bytes = new Uint8Array(data.length);
  bytes.set(data);
  return { bytes, w: new Uint32Array(bytes.buffer, 0, bytes.length >>> 2) };
}

function ige(data: Uint8Array, key: Uint8Array, iv: Uint8Array, decrypt: boolean): Uint8Array {
  checkKeyIv(key, iv, 32);
  if (data.length % 16 !== 0) throw new RangeError("IGE data length must be a multiple of 16");
  const xk = decrypt ? unsafe.expandKeyDecLE(key) : unsafe.expandKeyLE(key);
  const block = decrypt ? unsafe.decrypt : unsafe.encrypt;
  const ivw = words(iv).w;
  // Encrypt: c_i = E(p_i ^ c_{i-1}) ^ p_{i-1}, with c_0 = iv1, p_0 = iv2. Decrypt swaps the roles.
  let [x0, x1, x2, x3] = decrypt ? [ivw[4]!, ivw[5]!, ivw[6]!, ivw[7]!] : [ivw[0]!, ivw[1]!, ivw[2]!, ivw[3]!];
  let [y0, y1, y2, y3] = decrypt ? [ivw[0]!, ivw[1]!, ivw[2]!, ivw[3]!] : [ivw[4]!, ivw[5]!, ivw[6]!, ivw[7]!];
  const { bytes, w } = words(data);
  for (let i = 0; i < w.length; i += 4) {
    const i0 = w[i]!;
    const i1 = w[i + 1]!;
    const i2 = w[i + 2]!;
    const i3 = w[i + 3]!;
    const o = block(xk, i0 ^ x0, i1 ^ x1, i2 ^ x2, i3 ^ x3);
    w[i] = o.s0 ^ y0;
    w[i + 1] = o.s1 ^ y1;
    w[i + 2] = o.s2 ^ y2;
    w[i + 3] = o.s3 ^ y3;
    x0 = w[i]!;
    x1 = w[i + 1]!;
    x2 = w[i + 2]!;
    x3 = w[i + 3]!;
    y0 = i0;
    y1 = i1;
    y2 = i2;
    y3 = i3;
  }
  xk.fill(0);
  return bytes;
}

class NobleCtr implements AesCtr {
  private readonly xk: Uint32Array;
  private readonly counter: Uint8Array;
  private readonly stream = new Uint8Array(16);
  private used = 16;

  constructor(key: Uint8Array, iv: Uint8Array) {
    checkKeyIv(key, iv, 16);
    this.xk = unsafe.expandKeyLE(key);
    this.counter = Uint8Array.from(iv);
  }

  process(data: Uint8Array): Uint8Array {
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      if (this.used === 16) this.refill();
      out[i] = data[i]! ^ this.stream[this.used++]!;
    }
    return out;
  }

  private refill(): void {
    const c = new Uint32Array(this.counter.buffer, this.counter.byteOffset, 4);
    const o = unsafe.encrypt(this.xk, c[0]!, c[1]!, c[2]!, c[3]!);
    const s = new Uint32Array(this.stream.buffer);
    s[0] = o.s0;
    s[1] = o.s1;
    s[2] = o.s2;
    s[3] = o.s3;
    this.used = 0;
    // The counter block is one 128-bit big-endian integer.
    for (let i = 15; i >= 0; i--) {
      this.counter[i] = (this.counter[i]! + 1) & 0xff;
      if (this.counter[i] !== 0) break;
    }
  }
}

export const nobleCryptoProvider: CryptoProvider = {
  aesIgeEncrypt: (data, key, iv) => ige(data, key, iv, false),
  aesIgeDecrypt: (data, key, iv) => ige(data, key, iv, true),
  createAesCtr: (key, iv) => new NobleCtr(key, iv),
  sha1: (data) => sha1(data),
  sha256: (data) => sha256(data),
};
