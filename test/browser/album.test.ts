/** An album sent from the SDK (messages.sendMultiMedia) shows in the web client as one bubble with a grid of photos. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { uploadFile } from "../../clients/sdk/index.ts";
import { nextMessage } from "../e2e/bot-story.ts";
import { server, signUp } from "../e2e/story.ts";
import { makePng } from "../media/png.ts";
import { launchBrowser, openChatWith, openWebClient, screenshot, sendMessage, signUpInBrowser } from "./web-client.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("albums in the web client", () => {
  it("Should draw an album as one bubble with every photo in a grid and the caption once", async () => {
    const url = inject("serverUrl");
    const name = `Alba${Date.now() % 100_000}`;
    const alba = await signUp(server(), name);
    const { page } = await openWebClient(browser, url);
    await signUpInBrowser(page, "Gus");
    await openChatWith(page, name);
    const hello = nextMessage(alba.client, "updateNewMessage", (m) => m.message === "show me");
    await sendMessage(page, "show me");
    const gusId = (await hello).from_id as number;

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
