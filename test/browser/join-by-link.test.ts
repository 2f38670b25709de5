/**
 * Joining by an invite link in the browser: the app opened at `/+<hash>` shows the chat and a Join
 * button; a link that needs approval sends a request instead and says so.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { server, signUp } from "../e2e/story.ts";
import { launchBrowser, openWebClient, screenshot, signUpInBrowser } from "./web-client.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("an invite link opened in the web client", () => {
  it("Should ask to join through a request link, then join through an open one and show the chat", async () => {
    const url = inject("serverUrl");
    const owner = await signUp(server(), "Olga");
    const { chat } = await owner.client.call("channels.createChannel", { title: "Readers club", megagroup: true });
    const peer = { _: "channel" as const, id: chat.id };
    const ask = await owner.client.call("messages.exportChatInvite", { peer, request_needed: true });
    const open = await owner.client.call("messages.exportChatInvite", { peer });

    const { page } = await openWebClient(browser, `${url}/+${ask.hash}`);
    await signUpInBrowser(page, "Frank");
    const dialog = page.getByRole("dialog", { name: "Readers club" });
    await dialog.getByText("1 member · an admin approves new members").waitFor();
    await dialog.getByRole("button", { name: "Request to join" }).click();
    await page.getByRole("alert").getByText("Request sent").waitFor();

    await page.goto(`${url}/+${open.hash}`);
    await dialog.getByRole("button", { name: "Join group" }).click();
    await page.getByRole("heading", { name: "Readers club" }).waitFor();
    await page.locator(".service .pill", { hasText: "Joined the group" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    await screenshot(page, "joined-by-link");
  });
});
