/** A long history in the browser: the newest page first, older pages as the reader scrolls up. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { server, signUp } from "../e2e/story.ts";
import { launchBrowser, openDialog, openWebClient, signUpInBrowser } from "./web-client.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("history paging", () => {
  it("Should load older messages when scrolling up, without duplicates", async () => {
    const { page } = await openWebClient(browser, inject("serverUrl"));
    await signUpInBrowser(page, "Kate");
    const jack = await signUp(server(), "Jack");
    const { users } = await jack.client.call("contacts.search", { q: "Kate" });
    const kate = users.find((u) => u.first_name === "Kate");
    expect(kate).toBeDefined();
    const TOTAL = 70;
    for (let i = 1; i <= TOTAL; i++) {
      await jack.client.call("messages.sendMessage", {
        peer: { _: "user", id: kate?.id as number },
        message: `note ${i}`,
        random_id: String(1_000_000 + i),
      });
    }

    await openDialog(page, "Jack");
    await page.locator(".msg", { hasText: `note ${TOTAL}` }).waitFor();
    expect(await page.locator(".msg .text", { hasText: /^note 1$/ }).count()).toBe(0);
    const list = page.getByRole("log", { name: "Messages" });
    await expect
      .poll(
        async () => {
          await list.evaluate((el) => el.scrollTo(0, 0));
          return page.locator(".msg .text", { hasText: /^note 1$/ }).count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    expect(await page.locator(".msg").count()).toBe(TOTAL);
  });
});
