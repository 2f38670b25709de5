/** Writes TL's binary primitives into a buffer that grows as needed. */
import { TlEncodeError } from "./errors.ts";

const utf8 = new TextEncoder();
const INT64_MIN = -(1n << 63n);
const UINT64_END = 1n << 64n;

export class TlWriter {
  private buf: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(initialSize = 256) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  private room(n: number): number {
    if (this.pos + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
      next.set(this.buf.subarray(0, this.pos));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  /** A copy of what was written. */
  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** Accepts signed and unsigned 32-bit values (ids are often written as uint32). */
  int(v: number): void {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff)
      throw new TlEncodeError(`not a 32-bit integer: ${v}`);
    const at = this.room(4);
    this.view.setUint32(at, v >>> 0, true);
  }

  /** Accepts bigint (or a safe integer number) in the signed or unsigned 64-bit range. */
  long(v: bigint | number): void {
    const big = typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : v;
    if (typeof big !== "bigint" || big < INT64_MIN || big >= UINT64_END)
      throw new TlEncodeError(`not a 64-bit integer: ${v}`);
    const at = this.room(8);
    this.view.setBigUint64(at, BigInt.asUintN(64, big), true);
  }

  double(v: number): void {
    if (typeof v !== "number") throw new TlEncodeError(`not a number: ${v}`);
    const at = this.room(8);
    this.view.setFloat64(at, v, true);
  }

  raw(data: Uint8Array): void {
    const at = this.room(data.length);
    this.buf.set(data, at);
  }

  /** int128 / int256: exactly that many bytes. */
  fixed(data: Uint8Array, size: number): void {
    if (!(data instanceof Uint8Array) || data.length !== size) throw new TlEncodeError(`expected ${size} bytes`);
    this.raw(data);
  }

  bytesValue(data: Uint8Array): void {
    if (!(data instanceof Uint8Array)) throw new TlEncodeError("expected a Uint8Array");
    const n = data.length;
    if (n >= 1 << 24) throw new TlEncodeError(`bytes too long: ${n}`);
    let header: number;
    if (n < 254) {
      const at = this.room(1);
      this.buf[at] = n;
      header = 1;
    } else {
      const at = this.room(4);
      this.buf[at] = 254;
      this.buf[at + 1] = n & 0xff;
      this.buf[at + 2] = (n >> 8) & 0xff;
      this.buf[at + 3] = (n >> 16) & 0xff;
      header = 4;
    }
    this.raw(data);
    this.room((4 - ((header + n) % 4)) % 4);
  }

  string(s: string): void {
    if (typeof s !== "string") throw new TlEncodeError(`not a string: ${typeof s}`);
    this.bytesValue(utf8.encode(s));
  }
}
