/**
 * Message actions in the browser between two people: reply, edit, react,
 * pin, delete for everyone, a group with both, and forwarding into it.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
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
let dora: WebClient;
let eve: WebClient;

beforeAll(async () => {
  browser = await launchBrowser();
  dora = await openWebClient(browser, inject("serverUrl"));
  eve = await openWebClient(browser, inject("serverUrl"));
  await signUpInBrowser(dora.page, "Dora");
  await signUpInBrowser(eve.page, "Evelyn");
  await openChatWith(dora.page, "Evelyn");
  await sendMessage(dora.page, "first message");
  await sendMessage(dora.page, "second message");
  await openDialog(eve.page, "Dora");
  await bubble(eve.page, "second message").waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe("message actions between Dora and Evelyn", () => {
  it("Should reply with a quote of the original", async () => {
    await messageAction(eve.page, "first message", "Reply");
    await eve.page.getByText("Reply to Dora").waitFor();
    await sendMessage(eve.page, "a reply");
    const reply = bubble(dora.page, "a reply");
    await reply.waitFor();
    expect(await reply.locator(".reply-quote").textContent()).toContain("first message");
  });

  it("Should edit a message for both sides", async () => {
    await messageAction(dora.page, "second message", "Edit");
    const box = dora.page.getByLabel("Message", { exact: true });
    await expect.poll(() => box.inputValue()).toBe("second message");
    await box.fill("second message, edited");
    await box.press("Enter");
    await bubble(eve.page, "second message, edited").waitFor();
    expect(await bubble(eve.page, "second message, edited").locator(".edited").count()).toBe(1);
  });

  it("Should show a reaction on both sides", async () => {
    await messageAction(eve.page, "first message", "React 👍");
    const reaction = bubble(dora.page, "first message").locator(".reaction");
    await reaction.waitFor();
    expect(await reaction.getAttribute("aria-label")).toBe("👍 1");
  });

  it("Should pin a message and show the pinned bar", async () => {
    await messageAction(dora.page, "first message", "Pin");
    await expect.poll(() => dora.page.getByTestId("pinned-bar").textContent()).toContain("first message");
    await expect.poll(() => eve.page.getByTestId("pinned-bar").textContent()).toContain("first message");
    await screenshot(eve.page, "10-actions");
  });

  it("Should delete for everyone", async () => {
    await messageAction(dora.page, "second message, edited", "Delete");
    const confirm = dora.page.getByRole("dialog", { name: "Delete message" });
    expect(await confirm.getByRole("checkbox", { name: /^Also delete for / }).isChecked()).toBe(true);
    await confirm.getByRole("button", { name: "Delete" }).click();
    await bubble(eve.page, "second message, edited").waitFor({ state: "detached" });
    await bubble(dora.page, "second message, edited").waitFor({ state: "detached" });
  });

  it("Should create a group and forward a message into it", async () => {
    await dora.page.getByRole("button", { name: "Menu" }).click();
    await dora.page.getByRole("menuitem", { name: "New group" }).click();
    const dialog = dora.page.getByRole("dialog", { name: "New group" });
    await dialog.getByLabel("Group name").fill("Book club");
    await dialog.getByLabel("Add members").fill("Evelyn");
    await dialog.getByRole("checkbox").first().check();
    await dialog.getByRole("button", { name: "Create" }).click();
    await dora.page.getByRole("heading", { name: "Book club" }).waitFor();
    await sendMessage(dora.page, "welcome to the club");

    await openDialog(eve.page, "Book club");
    const welcome = bubble(eve.page, "welcome to the club");
    await welcome.waitFor();
    expect(await welcome.locator(".sender").textContent()).toBe("Dora");

    await openDialog(eve.page, "Dora");
    await messageAction(eve.page, "a reply", "Forward");
    await eve.page.getByRole("dialog", { name: "Forward to…" }).getByRole("button", { name: "Book club" }).click();
    await eve.page.getByRole("heading", { name: "Book club" }).waitFor();
    const forwarded = bubble(dora.page, "a reply");
    await forwarded.waitFor();
    expect(await forwarded.locator(".fwd").textContent()).toContain("Forwarded from Evelyn");
    await screenshot(dora.page, "11-group");
  });
});
