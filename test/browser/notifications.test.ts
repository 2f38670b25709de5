/**
 * Unread messages in the tab's title, and desktop notifications while the tab is hidden: the receiver's
 * Chromium context has the notification permission granted, the page records each Notification it creates,
 * and "hidden" is the page's visibility as the app reads it (a headless tab is never really hidden).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  launchBrowser,
  openChatWith,
  openDialog,
  openWebClient,
  screenshot,
  sendMessage,
  signUpInBrowser,
} from "./web-client.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Runs in the page before the app: records notifications, and lets the test hide the tab. */
function instrument() {
  const w = window as unknown as {
    __notifications: { title: string; body?: string }[];
    __hidden: boolean;
    Notification: typeof Notification;
  };
  w.__notifications = [];
  w.__hidden = false;
  const Real = w.Notification;
  w.Notification = class extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      w.__notifications.push({ title, body: options?.body });
    }
  };
  Object.defineProperty(document, "visibilityState", { get: () => (w.__hidden ? "hidden" : "visible") });
  Object.defineProperty(document, "hidden", { get: () => w.__hidden });
}

describe("unread title and notifications", { timeout: 240_000 }, () => {
  it("counts unread chats' messages in the title and notifies while the tab is hidden", async () => {
    const url = inject("serverUrl");
    const tag = Date.now().toString(36);
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
    await context.grantPermissions(["notifications"], { origin: url });
    await context.addInitScript(instrument);
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error(`[browser] ${e.message}`));
    await page.goto(url);
    const receiver = `Nightowl${tag}`;
    await signUpInBrowser(page, receiver);
    const notifications = () =>
      page.evaluate(
        () => (window as unknown as { __notifications: { title: string; body?: string }[] }).__notifications,
      );

    const sender = await openWebClient(browser, url);
    const senderName = `Hooter${tag}`;
    await signUpInBrowser(sender.page, senderName);
    await openChatWith(sender.page, receiver);
    await sendMessage(sender.page, "first hoot");
    await sendMessage(sender.page, "second hoot");
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe("(2) Edgegram");
    // Looking at the tab: no notification.
    expect(await notifications()).toEqual([]);

    await page.evaluate(() => {
      (window as unknown as { __hidden: boolean }).__hidden = true;
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await sendMessage(sender.page, "are you awake?");
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe("(3) Edgegram");
    await expect.poll(notifications, { timeout: 30_000 }).toEqual([{ title: senderName, body: "are you awake?" }]);

    await page.evaluate(() => {
      (window as unknown as { __hidden: boolean }).__hidden = false;
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await openDialog(page, senderName);
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe("Edgegram");
    await screenshot(page, "unread-title-read");
    await context.close();
    await sender.context.close();
  });
});
