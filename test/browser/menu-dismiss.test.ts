/** The ☰ menu closes the way Telegram Web's does: on Esc, and on a press outside it (not on one inside). */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openWebClient, screenshot, signUpInBrowser, type WebClient } from "./web-client.ts";

let browser: Browser;
let tobias: WebClient;

beforeAll(async () => {
  browser = await launchBrowser();
  tobias = await openWebClient(browser, inject("serverUrl"));
  await signUpInBrowser(tobias.page, "Tobias");
});
afterAll(async () => {
  await browser?.close();
});

describe("the ☰ menu", () => {
  it("closes on Esc and on a click outside, stays open for a click inside", async () => {
    const page = tobias.page;
    const button = page.getByRole("button", { name: "Menu" });
    const menu = page.getByRole("menu");

    await button.click();
    await menu.waitFor();
    await screenshot(page, "menu-open");
    await page.keyboard.press("Escape");
    await menu.waitFor({ state: "detached" });
    expect(await button.getAttribute("aria-expanded")).toBe("false");

    await button.click();
    await menu.waitFor();
    await menu.getByText("Tobias").click(); // inside the menu (its own header): stays open
    expect(await menu.isVisible()).toBe(true);
    await page.getByRole("region", { name: "No chat selected" }).click({ position: { x: 40, y: 40 } });
    await menu.waitFor({ state: "detached" });

    // The button still toggles: open, then closed by pressing it again.
    await button.click();
    await menu.waitFor();
    await button.click();
    await menu.waitFor({ state: "detached" });
  });
});
