/**
 * Cloud drafts: text typed and not sent on one device shows on the user's other device, in the chat
 * list ("Draft: …") and in the chat's message box; sending it clears it on the first device too.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { server, signUp } from "../e2e/story.ts";
import {
  browserPerFile,
  bubble,
  openChatWith,
  openDialog,
  openWebClient,
  screenshot,
  sendMessage,
  signInInBrowser,
  signUpInBrowser,
} from "./web-client.ts";

const browser = browserPerFile();

const box = (page: Page) => page.getByLabel("Message", { exact: true });

describe("cloud drafts", { timeout: 240_000 }, () => {
  it("a draft typed on one device appears on the other, and goes once it is sent", async () => {
    const srv = server();
    const friend = `Draftfriend${Date.now() % 100_000}`;
    const sdk = await signUp(srv, friend);
    const laptop = await openWebClient(browser(), srv.url);
    const phone = await signUpInBrowser(laptop.page, "Drafter");
    await openChatWith(laptop.page, friend);
    await sendMessage(laptop.page, "first, sent");

    const mobile = await openWebClient(browser(), srv.url, { width: 1100, height: 720 });
    await signInInBrowser(mobile.page, phone);
    await box(laptop.page).pressSequentially("half-written thought", { delay: 20 });
    const row = mobile.page
      .getByRole("list", { name: "Chat list" })
      .getByRole("button", { name: new RegExp(`^${friend}`) });
    await expect
      .poll(() => row.getByTestId("draft").textContent(), { timeout: 20_000 })
      .toBe("Draft: half-written thought");
    const shot = await screenshot(mobile.page, "draft-in-chat-list");
    expect(shot.variance).toBeGreaterThan(10);

    // Opened on the second device, the box holds it (the first device's box is left, not typed in); sent from there, it leaves the first device's box.
    await laptop.page.getByRole("heading", { name: friend }).click();
    await openDialog(mobile.page, friend);
    await expect.poll(() => box(mobile.page).inputValue(), { timeout: 10_000 }).toBe("half-written thought");
    await box(mobile.page).press("Enter");
    await bubble(mobile.page, "half-written thought").waitFor();
    await expect.poll(() => box(laptop.page).inputValue(), { timeout: 20_000 }).toBe("");
    const { dialogs } = await sdk.client.call("messages.getDialogs", { limit: 1 });
    const all = await sdk.client.call("messages.getHistory", { peer: dialogs[0]!.peer, limit: 5 });
    expect(all.messages.map((m) => (m as { message: string }).message)).toEqual([
      "half-written thought",
      "first, sent",
    ]);
    sdk.client.close();
  });
});
