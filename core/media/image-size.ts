/**
 * Reads an image's pixel size from its header (PNG IHDR, JPEG SOFn, WebP,
 * GIF) without decoding it, so the media worker refuses to decode images
 * whose pixels would not fit its memory.
 */

export function imageSize(b: Uint8Array): { w: number; h: number } | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length >= 24 && v.getUint32(0) === 0x89504e47 && v.getUint32(12) === 0x49484452) {
    return { w: v.getUint32(16), h: v.getUint32(20) };
  }
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) {
    return { w: v.getUint16(6, true), h: v.getUint16(8, true) };
  }
  if (b.length >= 30 && v.getUint32(0) === 0x52494646 && v.getUint32(8) === 0x57454250) {
    const kind = v.getUint32(12);
    if (kind === 0x56503820) return { w: v.getUint16(26, true) & 0x3fff, h: v.getUint16(28, true) & 0x3fff }; // VP8
    if (kind === 0x5650384c) {
      const bits = v.getUint32(21, true); // VP8L
      return { w: (bits & 0x3fff) + 1, h: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (kind === 0x56503858) {
      const w = 1 + ((b[24] as number) | ((b[25] as number) << 8) | ((b[26] as number) << 16));
      const h = 1 + ((b[27] as number) | ((b[28] as number) << 8) | ((b[29] as number) << 16));
      return { w, h }; // VP8X
    }
    return null;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let o = 2;
    while (o + 9 < b.length) {
      if (b[o] !== 0xff) return null;
      const marker = b[o + 1] as number;
      const len = v.getUint16(o + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { h: v.getUint16(o + 5), w: v.getUint16(o + 7) };
      }
      o += 2 + len;
    }
  }
  return null;
}
