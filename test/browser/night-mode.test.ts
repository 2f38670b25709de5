/**
 * Night mode: the web client follows the system's colour scheme, and the menu's "Night mode" switch
 * overrides it on this device (kept across a reload). Screenshots of both are checked not blank and
 * far apart in brightness.
 */
import { describe, expect, inject, it } from "vitest";
import { meetInBrowser } from "./meet.ts";
import { browserPerFile, screenshot, signUpInBrowser } from "./web-client.ts";

const browser = browserPerFile();

describe("night mode", { timeout: 240_000 }, () => {
  it("a chat in day and night colours: the menu switches, and a dark system starts dark", async () => {
    const { sdk, page } = await meetInBrowser(browser(), "Nightowl", "Dayfly");
    await sdk.client.call("messages.getDialogs", { limit: 1 });
    const day = await screenshot(page, "theme-light");
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("menuitemcheckbox", { name: "Night mode" }).click();
    const night = await screenshot(page, "theme-dark");
    expect(day.variance).toBeGreaterThan(10);
    expect(night.variance).toBeGreaterThan(10);
    expect(day.mean - night.mean).toBeGreaterThan(60);
    // The pick is kept on this device across a reload.
    await page.reload();
    await page.getByRole("complementary", { name: "Chats" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");

    // A new device whose system is dark starts dark, before any pick.
    const context = await browser().newContext({ colorScheme: "dark", viewport: { width: 1100, height: 720 } });
    const fresh = await context.newPage();
    await fresh.goto(inject("serverUrl"));
    await signUpInBrowser(fresh, "Nightborn");
    const system = await screenshot(fresh, "theme-system-dark");
    expect(system.variance).toBeGreaterThan(5);
    expect(day.mean - system.mean).toBeGreaterThan(60);
    await context.close();
    sdk.client.close();
  });
});
