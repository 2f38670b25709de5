/** The web client in Chromium: sign-up with the dev code, the empty chat list, a reload keeps the session. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openWebClient, screenshot, signUpInBrowser } from "./web-client.ts";

const url = () => inject("serverUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("signing in on the web", () => {
  it("Should sign up with a name and stay signed in after a reload", async () => {
    const { page, context } = await openWebClient(browser, url());
    await page.getByLabel("Phone number").waitFor();
    const signInShot = await screenshot(page, "01-sign-in");
    expect(signInShot.variance).toBeGreaterThan(50);

    await signUpInBrowser(page, "Carol");
    await page.getByText("No chats yet").waitFor();
    const listShot = await screenshot(page, "02-empty-chat-list");
    expect(listShot.variance).toBeGreaterThan(50);

    await page.reload();
    await page.getByRole("complementary", { name: "Chats" }).waitFor();
    expect(await page.getByLabel("Phone number").count()).toBe(0);
    await page.getByRole("button", { name: "Menu" }).click();
    await expect.poll(() => page.getByRole("menu").textContent()).toContain("Carol");

    // The service worker keeps the app shell: offline, a reload still opens the app, signed in.
    expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => !!r.active))).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole("complementary", { name: "Chats" }).waitFor();
    await page.getByTestId("connection-banner").waitFor();
    await context.setOffline(false);
    await page.getByTestId("connection-banner").waitFor({ state: "detached" });
    await context.close();
  });

  it("Should say so when the code is wrong", async () => {
    const { page, context } = await openWebClient(browser, url());
    await page.getByLabel("Phone number").fill("+15550001234");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Code").fill("000000");
    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/code/i);
    await context.close();
  });

  it("Should serve the installable shell: manifest, icons and service worker", async () => {
    const manifest = (await (await fetch(`${url()}/manifest.webmanifest`)).json()) as { icons: { src: string }[] };
    expect(manifest.icons.length).toBeGreaterThanOrEqual(2);
    for (const icon of manifest.icons) {
      const res = await fetch(`${url()}${icon.src}`);
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer()).subarray(1, 4)).toEqual(new TextEncoder().encode("PNG"));
    }
    expect((await fetch(`${url()}/sw.js`)).status).toBe(200);
    // A deep link falls back to the app; API paths still reach the worker.
    expect(await (await fetch(`${url()}/some/deep/link`)).text()).toContain('<div id="app">');
    expect((await (await fetch(`${url()}/health`)).json()) as unknown).toEqual({ ok: true });
  });
});
