/** Uploads inside workerd: parts assembled into R2 multipart parts, resume state, integrity, bad input. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bytes, newFileId, sha256, Uploader } from "./uploader.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

describe("uploading a file", () => {
  it("Should store a small file in a few parts and give back identical bytes", async () => {
    const alice = await Uploader.signUp("Alice");
    const data = bytes(200 * KiB + 123, 7);
    const ref = await alice.upload(data, { partSize: 64 * KiB, mime: "text/plain" });
    expect(ref.size).toBe(data.length);
    expect(ref.mime_type).toBe("text/plain");
    expect(ref.sha256).toBe(await sha256(data));
    expect(ref.media_id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await sha256(await alice.download(ref))).toBe(ref.sha256);
  });

  it("Should assemble 512 KiB parts sent out of order into equal 8 MiB R2 parts", async () => {
    const alice = await Uploader.signUp("Alice");
    const data = bytes(19 * MiB + 5 * KiB, 3);
    // Reverse order: the last, short part first, so nothing can be flushed until groups fill up.
    const ref = await alice.upload(data, { big: true, order: (n) => [...Array(n).keys()].reverse() });
    expect(ref.size).toBe(data.length);
    const back = await alice.download(ref);
    expect(back.length).toBe(data.length);
    expect(await sha256(back)).toBe(await sha256(data));
  }, 120_000);

  it("Should report stored parts so a client can resume, and accept resent identical parts", async () => {
    const alice = await Uploader.signUp("Alice");
    const fileId = newFileId();
    const data = bytes(5 * 128 * KiB, 9);
    const part = (i: number) => data.subarray(i * 128 * KiB, (i + 1) * 128 * KiB);
    await alice.savePart(fileId, 0, part(0), 5);
    await alice.savePart(fileId, 3, part(3), 5);
    await alice.savePart(fileId, 3, part(3), 5); // a resend after a lost reply
    expect(await alice.state(fileId)).toEqual({
      parts: [0, 3],
      total_parts: 5,
      part_size: 128 * KiB,
      bytes: 256 * KiB,
    });
    await expect(alice.finish(fileId, 5)).rejects.toThrow("400 FILE_PART_1_MISSING");
    for (const i of [1, 2, 4]) await alice.savePart(fileId, i, part(i), 5);
    const ref = await alice.finish(fileId, 5);
    expect(ref.sha256).toBe(await sha256(data));
    // A retried finalisation answers with the same reference.
    expect(await alice.finish(fileId, 5)).toEqual(ref);
  });

  it("Should drop the staged parts once the file is in R2, and still answer a client resuming or resending late", async () => {
    const alice = await Uploader.signUp("Alice");
    const media = env.MEDIA as unknown as {
      uploadFootprint(u: number, f: string): Promise<{ rows: Record<string, number>; bytes: number }>;
    };
    const fileId = newFileId();
    const n = 18; // 16 parts fill one 8 MiB R2 part, the other two go at the end
    const data = bytes(n * 512 * KiB - 3 * KiB, 5);
    const part = (i: number) => data.subarray(i * 512 * KiB, (i + 1) * 512 * KiB);
    for (let i = 0; i < n; i++) await alice.savePart(fileId, i, part(i), n);
    const before = await media.uploadFootprint(alice.id, fileId);
    // The 16 parts in R2 live on as sizes and hashes in their R2 part's row; the last two are staged.
    expect(before.rows).toMatchObject({ upload: 1, parts: 2, r2_parts: 1, finished: 0 });
    const ref = await alice.finish(fileId, n, { mime_type: "application/octet-stream", sha256: await sha256(data) });
    const after = await media.uploadFootprint(alice.id, fileId);
    expect(after.rows).toEqual({ upload: 1, parts: 0, r2_parts: 0, finished: 1 });
    // A client that lost the reply to its last part or to the finalisation learns the file is done.
    expect(await alice.state(fileId)).toEqual({
      parts: [...Array(n).keys()],
      total_parts: n,
      part_size: 512 * KiB,
      bytes: data.length,
    });
    expect((await alice.savePart(fileId, n - 1, part(n - 1), n)).result).toBe(true);
    expect(await alice.finish(fileId, n, { mime_type: "application/octet-stream" })).toEqual(ref);
    // Nothing was staged again, and a part that was never in the file is refused.
    expect((await media.uploadFootprint(alice.id, fileId)).rows.parts).toBe(0);
    await expect(alice.savePart(fileId, 0, part(0), n + 1)).rejects.toThrow("400 FILE_ID_INVALID");
    await expect(alice.savePart(fileId, 0, part(0))).rejects.toThrow("400 FILE_ID_INVALID");
    expect(await sha256(await alice.download(ref))).toBe(ref.sha256);
    // What stays for the day a finished upload is kept: a few pages, not the staged megabyte (measured 24 KiB).
    expect(after.bytes).toBeLessThan(64 * KiB);
    expect(before.bytes).toBeGreaterThan(768 * KiB); // the two parts still staged
  }, 120_000);

  it("Should fold the parts of an R2 part into its row, and still resume from them and refuse different bytes", async () => {
    const alice = await Uploader.signUp("Alice");
    const media = env.MEDIA as unknown as {
      uploadFootprint(u: number, f: string): Promise<{ rows: Record<string, number>; bytes: number }>;
    };
    const fileId = newFileId();
    const n = 18;
    const data = bytes(n * 512 * KiB - 3 * KiB, 11);
    const part = (i: number) => data.subarray(i * 512 * KiB, (i + 1) * 512 * KiB);
    // The short last part first, then the first 16 (one full R2 part); part 16 is missing.
    for (const i of [17, ...Array(16).keys()]) await alice.savePart(fileId, i, part(i), n);
    expect((await media.uploadFootprint(alice.id, fileId)).rows).toMatchObject({ parts: 1, r2_parts: 1 });
    // A client resuming learns every part stored, folded or staged, and their bytes.
    expect(await alice.state(fileId)).toEqual({
      parts: [...Array(16).keys(), 17],
      total_parts: n,
      part_size: 512 * KiB,
      bytes: data.length - 512 * KiB,
    });
    // A folded part resent with its bytes is fine and stages nothing; other bytes under its index are refused.
    expect((await alice.savePart(fileId, 3, part(3), n)).result).toBe(true);
    await expect(alice.savePart(fileId, 3, part(4), n)).rejects.toThrow("400 FILE_PART_MISMATCH");
    await expect(alice.savePart(fileId, 15, part(15).subarray(1), n)).rejects.toThrow("400 FILE_PART_MISMATCH");
    expect((await media.uploadFootprint(alice.id, fileId)).rows).toMatchObject({ parts: 1, r2_parts: 1 });
    await expect(alice.finish(fileId, n)).rejects.toThrow("400 FILE_PART_16_MISSING");
    await alice.savePart(fileId, 16, part(16), n);
    const ref = await alice.finish(fileId, n, { mime_type: "application/octet-stream", sha256: await sha256(data) });
    expect(ref.size).toBe(data.length);
    expect(await sha256(await alice.download(ref))).toBe(ref.sha256);
  }, 120_000);

  it("Should forget an upload that is cancelled", async () => {
    const alice = await Uploader.signUp("Alice");
    const fileId = newFileId();
    await alice.savePart(fileId, 0, bytes(64 * KiB), 3);
    expect((await alice.state(fileId)).parts).toEqual([0]);
    await (env.MEDIA as unknown as { cancelUpload(u: number, f: string): Promise<void> }).cancelUpload(
      alice.id,
      fileId,
    );
    expect(await alice.state(fileId)).toEqual({ parts: [], total_parts: null, part_size: null, bytes: 0 });
  });
});

describe("bad uploads", () => {
  it("Should refuse parts that are too big, empty, out of range or of the wrong size", async () => {
    const alice = await Uploader.signUp("Alice");
    const fileId = newFileId();
    await expect(alice.savePart(fileId, 0, bytes(512 * KiB + 1024), 4)).rejects.toThrow("400 FILE_PART_TOO_BIG");
    await expect(alice.savePart(fileId, 0, new Uint8Array(), 4)).rejects.toThrow("400 FILE_PART_EMPTY");
    await expect(alice.savePart(fileId, -1, bytes(1024), 4)).rejects.toThrow("400 FILE_PART_INVALID");
    await expect(alice.savePart(fileId, 4, bytes(1024), 4)).rejects.toThrow("400 FILE_PART_INVALID");
    await expect(alice.savePart(fileId, 0, bytes(1000), 4)).rejects.toThrow("400 FILE_PART_SIZE_INVALID");
    await expect(alice.savePart(fileId, 0, bytes(3 * KiB), 4)).rejects.toThrow("400 FILE_PART_SIZE_INVALID");
    // None of that left anything behind.
    expect((await alice.state(fileId)).parts).toEqual([]);
    await alice.savePart(fileId, 0, bytes(4 * KiB), 4);
    await expect(alice.savePart(fileId, 1, bytes(8 * KiB), 4)).rejects.toThrow("400 FILE_PART_SIZE_INVALID");
    await expect(alice.savePart(fileId, 3, bytes(8 * KiB), 4)).rejects.toThrow("400 FILE_PART_SIZE_INVALID");
    await expect(alice.savePart(fileId, 1, bytes(4 * KiB), 5)).rejects.toThrow("400 FILE_PARTS_INVALID");
    await expect(alice.savePart(fileId, 0, bytes(4 * KiB, 99), 4)).rejects.toThrow("400 FILE_PART_MISMATCH");
  });

  it("Should refuse a small file whose middle part is short", async () => {
    const alice = await Uploader.signUp("Alice");
    const fileId = newFileId();
    await alice.savePart(fileId, 0, bytes(2 * KiB));
    await alice.savePart(fileId, 1, bytes(KiB));
    await expect(alice.savePart(fileId, 2, bytes(KiB))).rejects.toThrow("400 FILE_PART_SIZE_INVALID");
  });

  it("Should refuse garbage parameters with clear errors", async () => {
    const alice = await Uploader.signUp("Alice");
    await expect(alice.call("upload.saveFilePart", { file_id: "no spaces", file_part: 0 }, bytes(KiB))).rejects.toThrow(
      "400 FILE_ID_INVALID",
    );
    await expect(alice.call("upload.saveFilePart", { file_id: "x", file_part: 1.5 }, bytes(KiB))).rejects.toThrow(
      "400 FILE_PART_INVALID",
    );
    await expect(
      alice.call("upload.saveBigFilePart", { file_id: "x", file_part: 0, file_total_parts: 0 }, bytes(KiB)),
    ).rejects.toThrow("400 FILE_PARTS_INVALID");
    await expect(alice.finish(newFileId(), 1)).rejects.toThrow("400 FILE_ID_INVALID");
    await expect(alice.finish("x", 1, { sha256: "nothex" })).rejects.toThrow("400 CHECKSUM_INVALID");
  });

  it("Should refuse a declared part count that differs and a checksum that does not match, leaving nothing", async () => {
    const alice = await Uploader.signUp("Alice");
    const fileId = newFileId();
    await alice.savePart(fileId, 0, bytes(KiB), 2);
    await alice.savePart(fileId, 1, bytes(KiB), 2);
    await expect(alice.finish(fileId, 3)).rejects.toThrow("400 FILE_PARTS_INVALID");
    await expect(alice.finish(fileId, 2, { sha256: "0".repeat(64) })).rejects.toThrow("400 CHECKSUM_INVALID");
    expect((await alice.state(fileId)).parts).toEqual([]);
    await expect(alice.finish(fileId, 2)).rejects.toThrow("400 FILE_ID_INVALID");
  });

  it("Should not let another user touch or finish someone else's upload", async () => {
    const alice = await Uploader.signUp("Alice");
    const mallory = await Uploader.signUp("Mallory");
    const fileId = newFileId();
    await alice.savePart(fileId, 0, bytes(KiB), 1);
    expect((await mallory.state(fileId)).parts).toEqual([]);
    await expect(mallory.finish(fileId, 1)).rejects.toThrow("400 FILE_ID_INVALID");
    const ref = await alice.finish(fileId, 1);
    expect(ref.size).toBe(KiB);
  });
});
