/**
 * Draws the Edgegram icon (a white paper plane on a blue disc) into an RGBA
 * buffer and encodes it as PNG with node:zlib — small enough to not need an
 * image library.
 */
import { deflateSync } from "node:zlib";

const TOP = [64, 167, 227];
const BOTTOM = [34, 120, 200];

/** `maskable` fills the whole square (the OS applies its own mask); otherwise a disc on transparent. */
export function drawIcon(size: number, maskable: boolean): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const c = size / 2;
  const r = maskable ? size * 2 : size * 0.48;
  // Paper plane: two triangles in unit coordinates around the centre (scaled by s).
  const s = size * (maskable ? 0.28 : 0.34);
  const wing: [number, number][] = [
    [-0.95, -0.05],
    [0.85, -0.75],
    [0.35, 0.8],
  ];
  const fold: [number, number][] = [
    [-0.1, 0.2],
    [0.85, -0.75],
    [0.05, 0.75],
  ];
  for (let y = 0; y < size; y++) {
    const t = y / size;
    const row = TOP.map((a, k) => a + ((BOTTOM[k] as number) - a) * t);
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c);
      const inside = Math.min(1, Math.max(0, r - d + 0.5));
      if (inside <= 0) continue;
      let col = row;
      const u = (x + 0.5 - c) / s;
      const v = (y + 0.5 - c) / s;
      if (inTriangle(u, v, wing)) col = [255, 255, 255];
      else if (inTriangle(u, v, fold)) col = [205, 228, 245];
      px[i] = col[0] as number;
      px[i + 1] = col[1] as number;
      px[i + 2] = col[2] as number;
      px[i + 3] = Math.round(255 * inside);
    }
  }
  return encodePng(size, size, px);
}

function inTriangle(x: number, y: number, t: [number, number][]): boolean {
  const [a, b, c] = t as [[number, number], [number, number], [number, number]];
  const sign = (p: [number, number], q: [number, number]) => (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1]);
  const d1 = sign(a, b);
  const d2 = sign(b, c);
  const d3 = sign(c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function encodePng(w: number, h: number, rgba: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, w);
  hv.setUint32(4, h);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = new Uint8Array(h * (w * 4 + 1));
  for (let y = 0; y < h; y++) raw.set(rgba.subarray(y * w * 4, (y + 1) * w * 4), y * (w * 4 + 1) + 1);
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", new Uint8Array(deflateSync(raw))),
    chunk("IEND", new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
