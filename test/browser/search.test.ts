/**
 * Message search in the web client: a word typed in the search box finds a message deep in a chat's
 * history; clicking it opens the chat at that message, loaded, scrolled into view and highlighted.
 */
import { describe, expect, it } from "vitest";
import { meetInBrowser } from "./meet.ts";
import { browserPerFile, bubble, screenshot } from "./web-client.ts";

const browser = browserPerFile();

describe("message search", { timeout: 240_000 }, () => {
  it("finds a message 100 messages back and jumps to it", async () => {
    const { sdk, page, browserUserId } = await meetInBrowser(browser(), "Haystack", "Seeker");
    const needle = `needle${Date.now().toString(36)}`;
    const peer = { _: "user" as const, id: browserUserId };
    for (let i = 1; i <= 120; i++) {
      const message = i === 10 ? `the ${needle} is here` : `straw ${i}`;
      await sdk.client.call("messages.sendMessage", { peer, message, random_id: String(Date.now() * 1000 + i) });
    }
    await bubble(page, "straw 120").waitFor({ timeout: 30_000 });
    // Elsewhere first: the search opens the chat itself.
    await page.getByRole("searchbox", { name: "Search users" }).fill(needle);
    const found = page.getByRole("list", { name: "Messages found" }).getByRole("button");
    await expect.poll(() => found.count(), { timeout: 15_000 }).toBe(1);
    await found.first().click();
    const target = bubble(page, `the ${needle} is here`);
    await target.waitFor({ timeout: 30_000 });
    await expect.poll(() => target.getAttribute("data-focused"), { timeout: 10_000 }).toBe("true");
    await expect.poll(() => target.isVisible()).toBe(true);
    const box = await target.boundingBox();
    const view = page.viewportSize();
    expect(box && view && box.y > 0 && box.y + box.height < view.height).toBe(true);
    const shot = await screenshot(page, "search-jump");
    expect(shot.variance).toBeGreaterThan(10);
    sdk.client.close();
  });
});
