import { describe, expect, it } from "vitest";
import { boundedReadStatus, readBounded } from "../../../protocol/bounded-read.ts";

/** A body that yields `chunks` chunks of `size` bytes and counts how many were pulled. */
function counted(chunks: number, size: number) {
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(size).fill(pulled & 0xff));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, pulled: () => pulled, cancelled: () => cancelled };
}

describe("readBounded", () => {
  it("returns a body within its cap whole, joined from its chunks", async () => {
    const body = counted(3, 10);
    const r = await readBounded(body.stream, 30, 1000);
    expect(r.ok && [...r.bytes]).toEqual([...Array(10).fill(1), ...Array(10).fill(2), ...Array(10).fill(3)]);
  });

  it("stops a chunked body one chunk past its cap and cancels the rest (400 MB never read)", async () => {
    const body = counted(400 * 16, 64 * 1024); // 400 MiB if read whole
    const r = await readBounded(body.stream, 1024 * 1024, 5000);
    expect(r).toEqual({ ok: false, reason: "too_large" });
    expect(boundedReadStatus(r as { reason: "too_large" })).toBe(413);
    // 16 chunks make the cap; the 17th passes it. The stream may have one more queued, no more.
    expect(body.pulled()).toBeLessThanOrEqual(18);
    expect(body.cancelled()).toBe(true);
  });

  it("refuses a declared Content-Length over the cap before reading a byte", async () => {
    const body = counted(1, 10);
    expect(await readBounded(body.stream, 5, 1000, "6")).toEqual({ ok: false, reason: "too_large" });
    expect(body.cancelled()).toBe(true);
    expect(await readBounded(counted(1, 5).stream, 5, 1000, "5")).toMatchObject({ ok: true });
  });

  it("cuts off a body that stops sending before its deadline (408)", async () => {
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(4));
      },
      cancel() {
        cancelled = true;
      },
    });
    const r = await readBounded(stalled, 100, 50);
    expect(r).toEqual({ ok: false, reason: "timeout" });
    expect(boundedReadStatus(r as { reason: "timeout" })).toBe(408);
    expect(cancelled).toBe(true);
  });

  it("reads a missing body as empty", async () => {
    expect(await readBounded(null, 10, 10)).toEqual({ ok: true, bytes: new Uint8Array(0) });
  });
});
