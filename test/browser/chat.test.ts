/**
 * Two people in two browsers: Alice and Bob chat live, Bob's typing shows
 * for Alice, Alice's ticks turn to read, a photo goes up with a progress bar
 * and arrives for Bob, a reload keeps the session, and messages sent while
 * Bob is offline arrive when he is back.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testPhoto } from "./photo.ts";
import {
  bubble,
  launchBrowser,
  openChatWith,
  openDialog,
  openWebClient,
  screenshot,
  sendMessage,
  signUpInBrowser,
  type WebClient,
} from "./web-client.ts";

const url = () => inject("serverUrl");
let browser: Browser;
let alice: WebClient;
let bob: WebClient;

beforeAll(async () => {
  browser = await launchBrowser();
  alice = await openWebClient(browser, url());
  bob = await openWebClient(browser, url());
  await signUpInBrowser(alice.page, "Alice");
  await signUpInBrowser(bob.page, "Bob");
});
afterAll(async () => {
  await browser?.close();
});

const ticks = (page: Page, text: string) => bubble(page, text).locator(".ticks");

describe("Alice and Bob in the browser", () => {
  it("Should deliver messages live with unread badge, typing and read ticks", async () => {
    await openChatWith(alice.page, "Bob");
    await sendMessage(alice.page, "Hi Bob! **bold** and https://example.com");
    expect(await ticks(alice.page, "Hi Bob!").getAttribute("data-read")).toBe("false");

    // Bob has not opened the chat yet: an unread badge in his list.
    const row = bob.page.getByRole("list", { name: "Chat list" }).getByRole("button", { name: /^Alice/ });
    await row.getByTestId("unread-badge").waitFor();
    expect(await row.getByTestId("unread-badge").textContent()).toBe("1");

    await openDialog(bob.page, "Alice");
    await bubble(bob.page, "Hi Bob!").waitFor();
    expect(await bubble(bob.page, "Hi Bob!").locator("strong").textContent()).toBe("bold");
    expect(await bubble(bob.page, "Hi Bob!").locator("a").getAttribute("href")).toBe("https://example.com");
    // Opening the chat read it: Alice's tick turns double.
    await expect.poll(() => ticks(alice.page, "Hi Bob!").getAttribute("data-read")).toBe("true");

    await bob.page.getByLabel("Message", { exact: true }).pressSequentially("Hel");
    await expect.poll(() => alice.page.getByTestId("chat-status").textContent()).toBe("typing…");
    await screenshot(alice.page, "03-typing");
    await bob.page.getByLabel("Message", { exact: true }).pressSequentially("lo Alice");
    await bob.page.getByLabel("Message", { exact: true }).press("Enter");
    await bubble(alice.page, "Hello Alice").waitFor();

    // Shift+Enter makes a new line instead of sending.
    const box = alice.page.getByLabel("Message", { exact: true });
    await box.pressSequentially("line one");
    await box.press("Shift+Enter");
    await box.pressSequentially("line two");
    await box.press("Enter");
    await bubble(bob.page, "line two").waitFor();
    expect(await bubble(bob.page, "line two").locator(".text").textContent()).toBe("line one\nline two");
  });

  it("Should upload a photo with a progress bar; Bob sees it inline and full size", async () => {
    await alice.page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll("[data-testid=upload-progress]"))
          seen.push(Number(el.getAttribute("data-pct")));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const photo = testPhoto();
    expect(photo.length).toBeGreaterThan(1024 * 1024);
    await alice.page
      .getByTestId("file-input")
      .setInputFiles({ name: "sunset.png", mimeType: "image/png", buffer: photo });
    // A photo is previewed first, with a caption field; Send uploads it.
    await alice.page.getByRole("dialog", { name: "Send photo" }).getByRole("button", { name: "Send" }).click();
    await alice.page.getByTestId("photo-thumb").last().waitFor();
    const seen = await alice.page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((p) => p < 100)).toBe(true);
    expect(await alice.page.getByTestId("upload").count()).toBe(0);

    // Bob: the stored thumbnail inline (not the 900 px original), then the original in the viewer.
    const thumb = bob.page.getByTestId("photo-thumb").last();
    await expect.poll(() => thumb.getAttribute("data-kind")).toBe("thumbnail");
    const thumbWidth = await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth);
    expect(thumbWidth).toBeGreaterThan(0);
    expect(thumbWidth).toBeLessThan(900);
    await screenshot(bob.page, "04-chat-with-photo");
    await thumb.click();
    const full = bob.page.getByTestId("photo-full");
    await full.waitFor();
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(900);
    await screenshot(bob.page, "05-photo-viewer");
    await bob.page.keyboard.press("Escape");
    await full.waitFor({ state: "detached" });
  });

  it("Should keep the session and the chat after a reload", async () => {
    await bob.page.reload();
    await openDialog(bob.page, "Alice");
    await bubble(bob.page, "Hello Alice").waitFor();
    expect(await bob.page.getByLabel("Phone number").count()).toBe(0);
  });

  it("Should show what was missed while offline once back online", async () => {
    await bob.context.setOffline(true);
    await bob.page.getByTestId("connection-banner").waitFor();
    await screenshot(bob.page, "06-offline-banner");
    await sendMessage(alice.page, "Sent while you were away");
    await sendMessage(alice.page, "And one more");
    await bob.context.setOffline(false);
    await bubble(bob.page, "Sent while you were away").waitFor();
    await bubble(bob.page, "And one more").waitFor();
    await bob.page.getByTestId("connection-banner").waitFor({ state: "detached" });
    expect(await bob.page.locator(".msg", { hasText: "And one more" }).count()).toBe(1);
  });

  it("Should render the main screens (not blank) at desktop and phone widths", async () => {
    const chat = await screenshot(alice.page, "07-chat-desktop");
    expect(chat.variance).toBeGreaterThan(50);
    await alice.page.setViewportSize({ width: 390, height: 800 });
    const phone = await screenshot(alice.page, "08-chat-phone");
    expect(phone.variance).toBeGreaterThan(50);
    await alice.page.getByRole("button", { name: "Back to chats" }).click();
    const list = await screenshot(alice.page, "09-chat-list-phone");
    expect(list.variance).toBeGreaterThan(50);
    await alice.page.setViewportSize({ width: 1100, height: 720 });
  });
});
