/**
 * Reads TL's binary primitives (little-endian, 4-byte aligned) from a byte array. Every read checks the
 * bytes remain first, so truncated or hostile input fails with a TlDecodeError instead of reading past
 * the end or allocating what the input cannot back.
 */
import { TlDecodeError } from "./errors.ts";

const utf8 = new TextDecoder("utf-8");

export class TlReader {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly end: number;
  pos: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = Math.min(end, bytes.length);
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number): number {
    if (n > this.end - this.pos) {
      throw new TlDecodeError("TRUNCATED", this.pos, `needs ${n} bytes, ${this.end - this.pos} left`);
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  int(): number {
    return this.view.getInt32(this.need(4), true);
  }

  uint(): number {
    return this.view.getUint32(this.need(4), true);
  }

  /** The next uint32 without moving. */
  peekUint(): number {
    const v = this.uint();
    this.pos -= 4;
    return v;
  }

  long(): bigint {
    return this.view.getBigInt64(this.need(8), true);
  }

  double(): number {
    return this.view.getFloat64(this.need(8), true);
  }

  /** A copy of the next n bytes (decoded objects never alias the input buffer). */
  raw(n: number): Uint8Array {
    const at = this.need(n);
    return this.bytes.slice(at, at + n);
  }

  int128(): Uint8Array {
    return this.raw(16);
  }

  int256(): Uint8Array {
    return this.raw(32);
  }

  /** TL `bytes`: a 1-byte length (<254) or 0xfe + 3-byte length, then the data, padded to 4 bytes. */
  bytesValue(): Uint8Array {
    const start = this.pos;
    const first = this.bytes[this.need(1)] as number;
    let length: number;
    let header = 1;
    if (first === 254) {
      const at = this.need(3);
      length =
        (this.bytes[at] as number) | ((this.bytes[at + 1] as number) << 8) | ((this.bytes[at + 2] as number) << 16);
      header = 4;
    } else if (first === 255) {
      throw new TlDecodeError("BAD_LENGTH", start, "length prefix 0xff");
    } else {
      length = first;
    }
    if (length > this.remaining) throw new TlDecodeError("TRUNCATED", start, `bytes of length ${length}`);
    const data = this.raw(length);
    this.need((4 - ((header + length) % 4)) % 4);
    return data;
  }

  string(): string {
    return utf8.decode(this.bytesValue());
  }
}
