/**
 * Byte helpers shared by the protocol, workers and clients: hex, base64url,
 * concatenation and fixed-width big-endian integers.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Bytes backed by a plain ArrayBuffer: what fetch, WebSocket.send and Response accept. */
export type Bytes = Uint8Array<ArrayBuffer>;

export const utf8 = (s: string): Bytes => encoder.encode(s) as Bytes;
/** Throws on invalid UTF-8, so garbage never becomes a half-decoded string. */
export const fromUtf8 = (b: Uint8Array): string => decoder.decode(b);

export function concatBytes(...parts: Uint8Array[]): Bytes {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

export function fromHex(hex: string): Bytes {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error("invalid hex");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toBase64Url(b: Uint8Array): string {
  let bin = "";
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(s: string): Bytes {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error("invalid base64url");
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function randomBytes(n: number): Bytes {
  const b = new Uint8Array(n);
  // getRandomValues fills at most 64 KiB per call.
  for (let o = 0; o < n; o += 65536) crypto.getRandomValues(b.subarray(o, Math.min(n, o + 65536)));
  return b;
}

export function writeU64(view: DataView, offset: number, v: bigint): void {
  view.setBigUint64(offset, v, false);
}

export function readU64(view: DataView, offset: number): bigint {
  return view.getBigUint64(offset, false);
}

/** A random non-zero unsigned 64-bit integer (session ids, file ids). */
export function randomU64(): bigint {
  const v = new DataView(randomBytes(8).buffer).getBigUint64(0, false);
  return v === 0n ? 1n : v;
}

/** 63 random bits as a decimal string: the shape of Telegram's random_id, grouped_id and poll ids. */
export function randomDecimalId(): string {
  return (new DataView(randomBytes(8).buffer).getBigUint64(0, false) >> 1n).toString();
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= (a[i] as number) ^ (b[i] as number);
  return d === 0;
}
