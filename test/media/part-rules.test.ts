/** The part-size rules that make Telegram parts fit R2's equal-size multipart parts. */
import { describe, expect, it } from "vitest";
import {
  admitPart,
  groupOf,
  groupRange,
  isPartSize,
  type PartsSoFar,
  R2_PART_SIZE,
} from "../../core/media/part-rules.ts";

const KiB = 1024;

function parts(total: number | null, sizes: Record<number, number>, partSize: number | null = null): PartsSoFar {
  const idx = Object.keys(sizes).map(Number);
  return { total, partSize, maxIndex: idx.length ? Math.max(...idx) : -1, sizeOf: (i) => sizes[i] };
}

describe("part rules", () => {
  it("Should accept only whole-KiB sizes that divide 512 KiB", () => {
    expect([1, 4, 64, 128, 512].every((k) => isPartSize(k * KiB))).toBe(true);
    expect([0, 1000, 3 * KiB, 513 * KiB, 1024 * KiB].some(isPartSize)).toBe(false);
  });

  it("Should learn the part size from a middle part and let only the last be shorter", () => {
    expect(admitPart(parts(4, {}), 0, 64 * KiB)).toEqual({ partSize: 64 * KiB });
    expect(admitPart(parts(4, {}), 3, 10)).toEqual({ partSize: null });
    expect(admitPart(parts(4, { 3: 10 }), 1, 64 * KiB)).toEqual({ partSize: 64 * KiB });
    expect(admitPart(parts(4, { 3: 100 * KiB }), 1, 64 * KiB)).toEqual({ error: "FILE_PART_SIZE_INVALID" });
    expect(admitPart(parts(4, { 0: 64 * KiB }, 64 * KiB), 4, 10)).toEqual({ error: "FILE_PART_INVALID" });
    expect(admitPart(parts(null, { 0: 2 * KiB }, 2 * KiB), 1, KiB)).toEqual({ partSize: 2 * KiB });
    // Part 1 was short; part 2 makes it a middle part.
    expect(admitPart(parts(null, { 0: 2 * KiB, 1: KiB }, 2 * KiB), 2, KiB)).toEqual({
      error: "FILE_PART_SIZE_INVALID",
    });
    expect(admitPart(parts(null, {}), 0, 0)).toEqual({ error: "FILE_PART_EMPTY" });
    expect(admitPart(parts(null, {}), 0, 512 * KiB + 1)).toEqual({ error: "FILE_PART_TOO_BIG" });
  });

  it("Should group parts into 8 MiB R2 parts", () => {
    expect(R2_PART_SIZE).toBe(8 * 1024 * KiB);
    expect(groupRange(1, 512 * KiB)).toEqual({ from: 16, to: 32 });
    expect(groupOf(31, 512 * KiB)).toBe(1);
    expect(groupOf(2048, 4 * KiB)).toBe(1);
  });
});
