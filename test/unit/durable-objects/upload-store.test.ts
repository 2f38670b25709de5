/** An upload's store: parts folded into their R2 part's row stay visible for resume, and an older table gains the columns. */
import { describe, expect, it } from "vitest";
import {
  maxPartIndex,
  migrateUpload,
  partIndices,
  partOf,
  recordR2Part,
  storePart,
  totals,
} from "../../../durable-objects/upload-store.ts";
import { memorySql } from "../sqlite.ts";

const KiB = 1024;
const count = (sql: SqlStorage, t: string) =>
  (sql.exec(`SELECT count(*) AS n FROM ${t}`).toArray()[0] as { n: number }).n;

describe("upload store: folded parts", () => {
  it("Should delete the rows of parts written to R2 and still report their sizes and hashes", () => {
    const sql = memorySql();
    migrateUpload(sql);
    const size = 512 * KiB;
    for (let i = 0; i < 18; i++) storePart(sql, i, `hash${i}`, new Uint8Array(i === 17 ? 7 : size), size, 60_000);
    recordR2Part(sql, 1, "etag-1", 0, 16);
    expect(count(sql, "parts")).toBe(2);
    expect(partOf(sql, 3, size)).toEqual({ size, sha256: "hash3" });
    expect(partOf(sql, 17, size)).toEqual({ size: 7, sha256: "hash17" });
    expect(partOf(sql, 20, size)).toBeNull();
    expect(partIndices(sql, size)).toEqual([...Array(18).keys()]);
    expect(totals(sql)).toEqual({ n: 18, bytes: 17 * size + 7 });
    // The last group folded at the end, short: its count, not its range, says where the parts stop.
    recordR2Part(sql, 2, "etag-2", 16, 32);
    expect(count(sql, "parts")).toBe(0);
    expect(maxPartIndex(sql, size)).toBe(17);
    expect(partIndices(sql, size)).toEqual([...Array(18).keys()]);
    expect(partOf(sql, 17, size)).toEqual({ size: 7, sha256: "hash17" });
  });

  it("Should add the folded-part columns to an r2_parts table made before them, and read its old rows", () => {
    const sql = memorySql();
    sql.exec("CREATE TABLE r2_parts (part_number INTEGER PRIMARY KEY, etag TEXT NOT NULL)");
    sql.exec("INSERT INTO r2_parts VALUES (1, 'old')");
    migrateUpload(sql);
    migrateUpload(sql); // a second wake-up finds them there
    // Parts of the old kind: rows kept with their bytes dropped.
    sql.exec("INSERT INTO parts (idx, size, sha256, data) VALUES (0, 1024, 'h0', NULL), (1, 1024, 'h1', NULL)");
    expect(partIndices(sql, 1024)).toEqual([0, 1]);
    expect(totals(sql)).toEqual({ n: 2, bytes: 2048 });
    expect(maxPartIndex(sql, 1024)).toBe(1);
    expect(partOf(sql, 1, 1024)).toEqual({ size: 1024, sha256: "h1" });
  });
});
