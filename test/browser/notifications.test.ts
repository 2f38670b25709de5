/**
 * Unread messages in the tab's title, and desktop notifications while the tab is hidden: the receiver's
 * Chromium context has the notification permission granted, the page records each Notification it creates,
 * and "hidden" is the page's visibility as the app reads it (a headless tab is never really hidden).
 */
import { describe, expect, inject, it } from "vitest";
import {
  browserPerFile,
  openChatWith,
  openDialog,
  openWebClient,
  screenshot,
  sendMessage,
  setTabHidden,
  signUpInBrowser,
  watchNotifications,
} from "./web-client.ts";

const browser = browserPerFile();

describe("unread title and notifications", { timeout: 240_000 }, () => {
  it("counts unread chats' messages in the title and notifies while the tab is hidden", async () => {
    const url = inject("serverUrl");
    const tag = Date.now().toString(36);
    const { context, page } = await openWebClient(browser(), url);
    const notifications = await watchNotifications(context, page, url);
    const receiver = `Nightowl${tag}`;
    await signUpInBrowser(page, receiver);

    const sender = await openWebClient(browser(), url);
    const senderName = `Hooter${tag}`;
    await signUpInBrowser(sender.page, senderName);
    await openChatWith(sender.page, receiver);
    await sendMessage(sender.page, "first hoot");
    await sendMessage(sender.page, "second hoot");
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe("(2) Edgegram");
    // Looking at the tab: no notification.
    expect(await notifications()).toEqual([]);

    await setTabHidden(page, true);
    await sendMessage(sender.page, "are you awake?");
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe("(3) Edgegram");
    await expect.poll(notifications, { timeout: 30_000 }).toEqual([{ title: senderName, body: "are you awake?" }]);

    await setTabHidden(page, false);
    await openDialog(page, senderName);
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe("Edgegram");
    await screenshot(page, "unread-title-read");
    await context.close();
    await sender.context.close();
  });
});
