/** Photos get server-side thumbnails (Photon, wasm) and an inline preview; other files get none. */
import { describe, expect, it } from "vitest";
import { imageSize } from "../../core/media/image-size.ts";
import { fitInto } from "../../core/media/thumbnails.ts";
import { fromBase64Url } from "../../protocol/binary.ts";
import { makePng } from "./png.ts";
import { bytes, Uploader } from "./uploader.ts";

describe("thumbnails", () => {
  it("Should make s, m, x thumbnails and an inline preview for a PNG photo", async () => {
    const alice = await Uploader.signUp("Alice");
    const png = await makePng(1200, 900);
    expect(imageSize(png)).toEqual({ w: 1200, h: 900 });
    const ref = await alice.upload(png, { mime: "image/png" });
    expect(ref).toMatchObject({ w: 1200, h: 900 });
    const byType = Object.fromEntries(ref.thumbnails.map((t) => [t.type, t]));
    expect(byType.i).toMatchObject({ w: 20, h: 15 });
    const inline = fromBase64Url(byType.i?.bytes ?? "");
    expect([inline[0], inline[1]]).toEqual([0xff, 0xd8]); // a JPEG
    expect(imageSize(inline)).toEqual({ w: 20, h: 15 });
    expect(byType.s).toMatchObject({ w: 100, h: 75 });
    expect(byType.m).toMatchObject({ w: 320, h: 240 });
    expect(byType.x).toMatchObject({ w: 800, h: 600 });
    const m = await alice.download(ref, "m");
    expect(m.length).toBe(byType.m?.size);
    expect(imageSize(m)).toEqual({ w: 320, h: 240 });
  }, 60_000);

  it("Should give no thumbnails to files that are not images, or do not decode", async () => {
    const alice = await Uploader.signUp("Alice");
    expect((await alice.upload(bytes(5000), { mime: "application/pdf" })).thumbnails).toEqual([]);
    const broken = await alice.upload(bytes(5000), { mime: "image/png" });
    expect(broken.thumbnails).toEqual([]);
    await expect(alice.download(broken, "s")).rejects.toThrow("400 THUMB_SIZE_INVALID");
  });

  it("Should fit sizes into a box keeping the aspect ratio, never upscaling", () => {
    expect(fitInto(4000, 3000, 100)).toEqual({ w: 100, h: 75 });
    expect(fitInto(300, 1200, 320)).toEqual({ w: 80, h: 320 });
    expect(fitInto(50, 40, 320)).toEqual({ w: 50, h: 40 });
  });
});
