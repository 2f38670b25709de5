/**
 * The rules that turn Telegram-style parts into R2 multipart parts, as plain
 * functions: which part sizes are legal, and which client parts make up one
 * R2 part. Client parts are whole KiB dividing 512 KiB, so a fixed 8 MiB R2
 * part is always a whole number of them and every R2 part but the last has
 * the same size, as R2 requires (≥5 MiB, equal, ≤10,000 parts).
 */
import { MAX_PART_SIZE } from "../../protocol/rpc/upload.ts";

/** Size of every R2 part but the last: 8 MiB × 10,000 parts is far above the 4 GiB goal. */
export const R2_PART_SIZE = 8 * 1024 * 1024;

/** Telegram's rule: whole KiB, and 512 KiB is a multiple of it. */
export function isPartSize(n: number): boolean {
  return n > 0 && n % 1024 === 0 && MAX_PART_SIZE % n === 0;
}

/** What is known about an upload's parts before a new one is accepted. */
export interface PartsSoFar {
  /** Declared total (saveBigFilePart) or null (saveFilePart). */
  total: number | null;
  /** Size all parts but the last share, once known. */
  partSize: number | null;
  /** Highest part index stored, or -1. */
  maxIndex: number;
  /** Size of a stored part by index (undefined when absent). */
  sizeOf(index: number): number | undefined;
}

/**
 * Checks a new part against the ones stored. Returns the (possibly newly
 * learnt) common part size, or an error text. Every part but the last must
 * have the common size; the last may be shorter. When the total is unknown,
 * the highest index seen so far is the candidate last part.
 */
export function admitPart(s: PartsSoFar, index: number, size: number): { partSize: number | null } | { error: string } {
  if (size === 0) return { error: "FILE_PART_EMPTY" };
  if (size > MAX_PART_SIZE) return { error: "FILE_PART_TOO_BIG" };
  if (s.total !== null && index >= s.total) return { error: "FILE_PART_INVALID" };
  const last = s.total !== null ? s.total - 1 : Math.max(s.maxIndex, index);
  let partSize = s.partSize;
  const mustBeFull: number[] = [];
  if (index !== last) mustBeFull.push(size);
  // A part beyond the old highest one makes that one a middle part: it must be full.
  if (s.total === null && index > s.maxIndex && s.maxIndex >= 0) mustBeFull.push(s.sizeOf(s.maxIndex) ?? 0);
  for (const n of mustBeFull) {
    if (partSize === null) {
      if (!isPartSize(n)) return { error: "FILE_PART_SIZE_INVALID" };
      partSize = n;
    } else if (n !== partSize) return { error: "FILE_PART_SIZE_INVALID" };
  }
  const lastSize = index === last ? size : s.sizeOf(last);
  if (partSize !== null && lastSize !== undefined && lastSize > partSize) return { error: "FILE_PART_SIZE_INVALID" };
  return { partSize };
}

/** How many client parts make one R2 part. */
export function partsPerGroup(partSize: number): number {
  return R2_PART_SIZE / partSize;
}

/** The client part indices [from, to) of R2 part group `k`. */
export function groupRange(k: number, partSize: number): { from: number; to: number } {
  const m = partsPerGroup(partSize);
  return { from: k * m, to: (k + 1) * m };
}

export function groupOf(index: number, partSize: number): number {
  return Math.floor(index / partsPerGroup(partSize));
}
