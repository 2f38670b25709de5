/**
 * After a reload only the newest page of a chat is loaded: a reply to an older message still quotes it,
 * and the pinned bar still shows an older pinned message; clicking the bar goes to it.
 */
import { describe, expect, it } from "vitest";
import { meetInBrowser } from "./meet.ts";
import { browserPerFile, bubble, openDialog, screenshot } from "./web-client.ts";

const browser = browserPerFile();

describe("quoted and pinned messages after a reload", { timeout: 240_000 }, () => {
  it("shows the quote and the pinned bar for messages older than the loaded page", async () => {
    const { sdk, sdkName, page, browserUserId } = await meetInBrowser(browser(), "Oldtimer", "Reloader");
    const peer = { _: "user" as const, id: browserUserId };
    let n = 0;
    const send = async (message: string, replyTo?: number) =>
      (
        await sdk.client.call("messages.sendMessage", {
          peer,
          message,
          random_id: String(Date.now() * 1000 + ++n),
          ...(replyTo ? { reply_to: { reply_to_msg_id: replyTo } } : {}),
        })
      ).message.id;
    const pinnedId = await send("the pinned one");
    const quotedId = await send("the quoted one");
    await sdk.client.call("messages.updatePinnedMessage", { peer, id: pinnedId });
    for (let i = 1; i <= 110; i++) await send(`filler ${i}`);
    await send("a late answer", quotedId);
    await bubble(page, "a late answer").waitFor({ timeout: 30_000 });

    await page.reload();
    await openDialog(page, sdkName);
    const answer = bubble(page, "a late answer");
    await answer.waitFor();
    await expect
      .poll(() => answer.locator(".reply-quote").textContent(), { timeout: 15_000 })
      .toContain("the quoted one");
    const bar = page.getByTestId("pinned-bar");
    await expect.poll(() => bar.textContent(), { timeout: 15_000 }).toContain("the pinned one");
    expect(await bubble(page, "the pinned one").count()).toBe(0); // not loaded: the bar came from the fetch
    const shot = await screenshot(page, "reload-quote-and-pin");
    expect(shot.variance).toBeGreaterThan(10);

    await bar.click();
    const pinned = bubble(page, "the pinned one");
    await pinned.waitFor({ timeout: 30_000 });
    await expect.poll(() => pinned.getAttribute("data-focused"), { timeout: 10_000 }).toBe("true");
    sdk.client.close();
  });
});
