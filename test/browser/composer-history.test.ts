/**
 * The composer and the history as a Telegram Web user expects them: ↑ in an empty box edits your last
 * message, deleting asks "for everyone too?", a reader scrolled up gets a "new messages ↓" button with
 * their count, and a photo is previewed with a caption field before it is sent.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testPhoto } from "./photo.ts";
import {
  bubble,
  launchBrowser,
  messageAction,
  openChatWith,
  openDialog,
  openWebClient,
  screenshot,
  sendMessage,
  signUpInBrowser,
  type WebClient,
} from "./web-client.ts";

let browser: Browser;
let quill: WebClient;
let scribe: WebClient;
const tag = Date.now().toString(36);
const quillName = `Quillon${tag}`;
const scribeName = `Scribbler${tag}`;

beforeAll(async () => {
  browser = await launchBrowser();
  const url = inject("serverUrl");
  quill = await openWebClient(browser, url, { width: 900, height: 560 });
  await signUpInBrowser(quill.page, quillName);
  scribe = await openWebClient(browser, url);
  await signUpInBrowser(scribe.page, scribeName);
  await openChatWith(quill.page, scribeName);
  await sendMessage(quill.page, "hello scribe");
  await openDialog(scribe.page, quillName);
});
afterAll(async () => {
  await browser?.close();
});

describe("composer and history", { timeout: 240_000 }, () => {
  it("↑ in an empty composer edits your last message", async () => {
    await sendMessage(quill.page, "ink one");
    await sendMessage(quill.page, "ink two");
    await bubble(scribe.page, "ink two").waitFor();
    const box = quill.page.getByLabel("Message", { exact: true });
    await box.press("ArrowUp");
    await expect.poll(() => box.inputValue()).toBe("ink two");
    await quill.page.getByText("Edit message").waitFor();
    await box.fill("ink two, corrected");
    await box.press("Enter");
    await bubble(scribe.page, "ink two, corrected").waitFor();
    expect(await bubble(quill.page, "ink one").count()).toBe(1);
    // With text in the box, ↑ is only a cursor key.
    await box.fill("typing");
    await box.press("ArrowUp");
    expect(await quill.page.getByText("Edit message").count()).toBe(0);
    await box.fill("");
  });

  it("deleting asks whether to delete for everyone", async () => {
    await messageAction(quill.page, "ink one", "Delete");
    const confirm = quill.page.getByRole("dialog", { name: "Delete message" });
    const everyone = confirm.getByRole("checkbox", { name: `Also delete for ${scribeName}` });
    expect(await everyone.isChecked()).toBe(true);
    await screenshot(quill.page, "delete-confirm");
    // For me only: gone here, still there for the other side.
    await everyone.uncheck();
    await confirm.getByRole("button", { name: "Delete" }).click();
    await bubble(quill.page, "ink one").waitFor({ state: "detached" });
    await scribe.page.waitForTimeout(1000);
    expect(await bubble(scribe.page, "ink one").count()).toBe(1);
    // Cancel keeps the message.
    await messageAction(quill.page, "ink two, corrected", "Delete");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    expect(await bubble(quill.page, "ink two, corrected").count()).toBe(1);
    // For everyone: gone on both sides.
    await messageAction(quill.page, "ink two, corrected", "Delete");
    await confirm.getByRole("button", { name: "Delete" }).click();
    await bubble(scribe.page, "ink two, corrected").waitFor({ state: "detached" });
    await bubble(quill.page, "ink two, corrected").waitFor({ state: "detached" });
    // Someone else's message: only "for me".
    await sendMessage(scribe.page, "not yours to unsay");
    await messageAction(quill.page, "not yours to unsay", "Delete");
    expect(await confirm.getByRole("checkbox").count()).toBe(0);
    await confirm.getByRole("button", { name: "Cancel" }).click();
  });

  it("a reader scrolled up gets a 'new messages ↓' button with their count", async () => {
    for (let i = 1; i <= 14; i++) await sendMessage(scribe.page, `line ${i} of the long scroll`);
    await bubble(quill.page, "line 14 of the long scroll").waitFor();
    const log = quill.page.getByRole("log", { name: "Messages" });
    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await quill.page.getByRole("button", { name: "Scroll down" }).waitFor();
    await sendMessage(scribe.page, "are you still reading?");
    await sendMessage(scribe.page, "hello up there");
    const down = quill.page.getByRole("button", { name: "2 new messages, scroll down" });
    await down.waitFor({ timeout: 30_000 });
    await screenshot(quill.page, "new-messages-button");
    await down.click();
    await expect.poll(() => bubble(quill.page, "hello up there").isVisible()).toBe(true);
    await down.waitFor({ state: "detached" });
    await quill.page.getByRole("button", { name: "Scroll down" }).waitFor({ state: "detached" });
  });

  it("a photo is previewed with a caption before it is sent", async () => {
    await quill.page
      .getByTestId("file-input")
      .setInputFiles({ name: "harbour.png", mimeType: "image/png", buffer: testPhoto(640, 400) });
    const dialog = quill.page.getByRole("dialog", { name: "Send photo" });
    await dialog.getByTestId("photo-preview").waitFor();
    await expect
      .poll(() => dialog.getByTestId("photo-preview").evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(640);
    await dialog.getByLabel("Caption").fill("the harbour at dusk");
    const shot = await screenshot(quill.page, "send-photo-preview");
    expect(shot.variance).toBeGreaterThan(10);
    // Nothing leaves before Send.
    expect(await quill.page.getByTestId("upload").count()).toBe(0);
    await dialog.getByRole("button", { name: "Send" }).click();
    await dialog.waitFor({ state: "detached" });
    const received = bubble(scribe.page, "the harbour at dusk");
    await received.getByTestId("photo-thumb").waitFor({ timeout: 60_000 });
    // Cancel sends nothing.
    await quill.page
      .getByTestId("file-input")
      .setInputFiles({ name: "never.png", mimeType: "image/png", buffer: testPhoto(200, 200) });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await quill.page.getByTestId("upload").count()).toBe(0);
  });
});
