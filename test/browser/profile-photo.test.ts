/**
 * Settings: a user sets a profile photo (and a bio) in the web client; another user sees the photo as
 * their avatar, in search results and in the chat header.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testPhoto } from "./photo.ts";
import { launchBrowser, openChatWith, openWebClient, screenshot, signUpInBrowser } from "./web-client.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("profile photo", { timeout: 240_000 }, () => {
  it("a photo set in settings shows as the avatar for another user", async () => {
    const url = inject("serverUrl");
    const name = `Portrait${Date.now().toString(36)}`;
    const owner = await openWebClient(browser, url);
    await signUpInBrowser(owner.page, name);
    await owner.page.getByRole("button", { name: "Menu" }).click();
    await owner.page.getByRole("menuitem", { name: "Settings" }).click();
    const dialog = owner.page.getByRole("dialog", { name: "Settings" });
    await dialog.getByLabel("Profile photo").setInputFiles({
      name: "me.png",
      mimeType: "image/png",
      buffer: testPhoto(400, 400),
    });
    await dialog.getByTestId("avatar-photo").waitFor({ timeout: 30_000 });
    await dialog.getByLabel("Bio").fill("photographer");
    const settingsShot = await screenshot(owner.page, "settings");
    expect(settingsShot.variance).toBeGreaterThan(10);
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });

    const viewer = await openWebClient(browser, url);
    await signUpInBrowser(viewer.page, "Viewer");
    await viewer.page.getByRole("searchbox", { name: "Search users" }).fill(name);
    const result = viewer.page.getByRole("list", { name: "Search results" }).getByRole("button", { name });
    await result.getByTestId("avatar-photo").waitFor({ timeout: 30_000 });
    await openChatWith(viewer.page, name);
    await viewer.page.locator(".chat-head").getByTestId("avatar-photo").waitFor({ timeout: 30_000 });
    const shot = await screenshot(viewer.page, "profile-photo-seen");
    expect(shot.variance).toBeGreaterThan(10);
  });
});
