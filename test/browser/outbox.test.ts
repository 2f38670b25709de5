/**
 * Nothing typed is lost: a burst of 50 messages typed at full speed and 20 pasted-and-sent arrive
 * complete, once and in order, with the box empty after each Enter; a message sent offline shows
 * "sending…" and is delivered once when the connection is back, also after a reload while offline.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
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
const run = Date.now().toString(36);
const names = { alice: `Outboxalice${run}`, bob: `Outboxbob${run}` };
let browser: Browser;
let alice: WebClient;
let bob: WebClient;

beforeAll(async () => {
  browser = await launchBrowser();
  alice = await openWebClient(browser, url());
  bob = await openWebClient(browser, url());
  // Names no other test file uses on the shared server, so the search finds exactly these two.
  await signUpInBrowser(alice.page, names.alice);
  await signUpInBrowser(bob.page, names.bob);
  await openChatWith(alice.page, names.bob);
  await sendMessage(alice.page, "hello before the burst");
  await openDialog(bob.page, names.alice);
  await bubble(bob.page, "hello before the burst").waitFor();
});
afterAll(async () => {
  await browser?.close();
});

/** The texts of the messages Bob has from Alice, in the order his chat shows them. */
const received = (page: Page, prefix: string) =>
  page
    .locator(".msg.in .text")
    .allTextContents()
    .then((all) => all.map((t) => t.trim()).filter((t) => t.startsWith(prefix)));

const box = (page: Page) => page.getByLabel("Message", { exact: true });

describe("the message box never loses what was typed", () => {
  it("Should deliver 50 messages typed at full speed and 20 pasted ones, complete, once, in order", async () => {
    const typed = Array.from({ length: 50 }, (_, i) => `typed ${i + 1} the quick brown fox`);
    for (const text of typed) {
      await box(alice.page).pressSequentially(text, { delay: 0 });
      await box(alice.page).press("Enter");
    }
    const pasted = Array.from({ length: 20 }, (_, i) => `pasted ${i + 1}: ${"lorem ipsum ".repeat(5).trim()}`);
    for (const text of pasted) {
      await alice.page.keyboard.insertText(text);
      await box(alice.page).press("Enter");
    }
    expect(await box(alice.page).inputValue()).toBe("");
    await expect.poll(() => received(bob.page, "typed").then((r) => r.length), { timeout: 60_000 }).toBe(50);
    await expect.poll(() => received(bob.page, "pasted").then((r) => r.length), { timeout: 60_000 }).toBe(20);
    expect(await received(bob.page, "typed")).toEqual(typed);
    expect(await received(bob.page, "pasted")).toEqual(pasted);
    // Alice's side settles too: nothing is left waiting.
    await expect.poll(() => alice.page.getByTestId("pending").count()).toBe(0);
  });

  it("Should show a message sent offline as sending, and deliver it once when back, also across a reload", async () => {
    await alice.context.setOffline(true);
    await box(alice.page).fill("written while offline");
    await box(alice.page).press("Enter");
    expect(await box(alice.page).inputValue()).toBe("");
    const pending = alice.page.getByTestId("pending").filter({ hasText: "written while offline" });
    await pending.waitFor();
    expect(await pending.getAttribute("data-state")).toBe("sending");
    await screenshot(alice.page, "outbox-sending");
    await alice.context.setOffline(false);
    await bubble(bob.page, "written while offline").waitFor({ timeout: 60_000 });
    await expect.poll(() => pending.count(), { timeout: 30_000 }).toBe(0);

    // Offline again, and the page is reloaded before the connection comes back.
    await alice.context.setOffline(true);
    await box(alice.page).fill("written before a reload");
    await box(alice.page).press("Enter");
    await alice.page.getByTestId("pending").filter({ hasText: "written before a reload" }).waitFor();
    await alice.page.reload();
    await alice.context.setOffline(false);
    await bubble(bob.page, "written before a reload").waitFor({ timeout: 60_000 });
    // Once each, whatever the retries.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await received(bob.page, "written while offline")).length).toBe(1);
    expect((await received(bob.page, "written before a reload")).length).toBe(1);
  });
});
