/** Abandoned uploads are cleaned up by the upload object's alarm (UPLOAD_TTL_MS is 15 s in tests). */
import { describe, expect, it } from "vitest";
import { bytes, newFileId, Uploader } from "./uploader.ts";

describe("abandoned uploads", () => {
  it("Should abort an upload left idle, R2 parts included, and forget its state", async () => {
    const alice = await Uploader.signUp("Alice");
    const fileId = newFileId();
    const part = bytes(512 * 1024, 4);
    // 17 full parts of 40: the first 8 MiB group goes into an R2 multipart upload, then the client vanishes.
    for (let i = 0; i < 17; i++) await alice.savePart(fileId, i, part, 40);
    expect((await alice.state(fileId)).parts).toHaveLength(17);
    const deadline = Date.now() + 90_000;
    let state = await alice.state(fileId);
    while (state.parts.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      state = await alice.state(fileId);
    }
    expect(state).toEqual({ parts: [], total_parts: null, part_size: null, bytes: 0 });
    // The id is free again: a new upload under it starts from nothing.
    await alice.savePart(fileId, 0, bytes(1024), 1);
    expect((await alice.finish(fileId, 1)).size).toBe(1024);
  }, 150_000);
});
