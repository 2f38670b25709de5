/** An album sent from the SDK (messages.sendMultiMedia) shows in the web client as one bubble with a grid of photos. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadFile } from "../../clients/sdk/index.ts";
import { makePng } from "../media/png.ts";
import { meetInBrowser } from "./meet.ts";
import { launchBrowser, screenshot } from "./web-client.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("albums in the web client", () => {
  it("Should draw an album as one bubble with every photo in a grid and the caption once", async () => {
    const { sdk: alba, page, browserUserId: gusId } = await meetInBrowser(browser, "Alba", "Gus");

    const refs = await Promise.all(
      [
        [80, 60],
        [60, 80],
        [70, 70],
      ].map(async ([w, h]) =>
        uploadFile(alba.client, await makePng(w as number, h as number), { mimeType: "image/png" }),
      ),
    );
    const album = await alba.client.call("messages.sendMultiMedia", {
      peer: { _: "user", id: gusId },
      multi_media: refs.map((r, i) => ({
        media: { media_id: r.media_id, access_hash: r.access_hash },
        message: i === 0 ? "Holiday album" : "",
        random_id: String(Date.now() * 10 + i),
      })),
    });
    expect(album.messages).toHaveLength(3);

    const bubble = page.locator(".msg", { has: page.locator(".album") });
    await bubble.locator(".album img").nth(2).waitFor();
    expect(await bubble.count()).toBe(1);
    expect(await bubble.locator(".album img").count()).toBe(3);
    expect(await bubble.locator(".text").textContent()).toBe("Holiday album");
    await screenshot(page, "album");
  }, 60_000);
});
