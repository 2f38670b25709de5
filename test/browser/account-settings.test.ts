/**
 * Settings, the account part: a username (a taken one is refused with Telegram's words), two-step
 * verification set / changed / removed (a second device then needs the password to sign in), and
 * active sessions, where terminating the second device signs that browser out.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import {
  browserPerFile,
  browserPhone,
  enterPhoneAndDevCode,
  openWebClient,
  screenshot,
  signUpInBrowser,
} from "./web-client.ts";

/** Password hashing on the server takes a moment on this machine; nothing here asserts speed. */
const POLL = { timeout: 30_000 };

const browser = browserPerFile();

async function openSettings(page: Page) {
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("menuitem", { name: "Settings" }).click();
  return page.getByRole("dialog", { name: "Settings" });
}

/** Phone → dev code → the password step, for an account that already exists. */
async function signInUpToPassword(page: Page, phone: string): Promise<void> {
  await enterPhoneAndDevCode(page, phone);
  await page.getByRole("heading", { name: "Enter your password" }).waitFor();
}

describe("account settings", { timeout: 300_000 }, () => {
  it("a username: a taken one is refused, a free one is kept", async () => {
    const url = inject("serverUrl");
    const tag = Date.now().toString(36);
    const first = await openWebClient(browser(), url);
    await signUpInBrowser(first.page, "Usherwood");
    let dialog = await openSettings(first.page);
    await dialog.getByLabel("Username").fill(`usher_${tag}`);
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });

    const second = await openWebClient(browser(), url);
    await signUpInBrowser(second.page, "Usurper");
    dialog = await openSettings(second.page);
    await dialog.getByLabel("Username").fill(`usher_${tag}`);
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByRole("alert").filter({ hasText: "This username is already taken." }).waitFor();
    await screenshot(second.page, "settings-username-taken");
    await dialog.getByLabel("Username").fill("x!");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByRole("alert").filter({ hasText: "Usernames are 5–32 characters" }).waitFor();
    await dialog.getByLabel("Username").fill(`usurp_${tag}`);
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });

    // Kept on this device: after a reload, settings opened before the server has answered anything show
    // it (the server's frames are held back until the dialog is open), and it stays once the server answers.
    const held: (() => void)[] = [];
    let holding = true;
    await second.page.routeWebSocket(/./, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((m) => (holding ? held.push(() => ws.send(m)) : ws.send(m)));
    });
    await second.page.reload();
    dialog = await openSettings(second.page);
    expect(await dialog.getByLabel("Username").inputValue()).toBe(`usurp_${tag}`);
    holding = false;
    for (const send of held.splice(0)) send();
    await second.page.getByRole("complementary", { name: "Chats" }).waitFor();
    await expect.poll(() => dialog.getByLabel("Username").inputValue(), POLL).toBe(`usurp_${tag}`);
    await second.page.keyboard.press("Escape");
    // Kept on the server: settings opened afresh show it, and others find it.
    dialog = await openSettings(second.page);
    await expect.poll(() => dialog.getByLabel("Username").inputValue(), POLL).toBe(`usurp_${tag}`);
    await first.page.getByRole("searchbox", { name: "Search users" }).fill(`usurp_${tag}`);
    await first.page
      .getByRole("list", { name: "Search results" })
      .getByRole("button", { name: /Usurper/ })
      .waitFor();
    await first.context.close();
    await second.context.close();
  });

  it("two-step verification, then terminating the second session signs that browser out", async () => {
    const url = inject("serverUrl");
    const phone = browserPhone();
    const laptop = await openWebClient(browser(), url);
    await signUpInBrowser(laptop.page, "Twostepper", phone);

    // Set.
    let dialog = await openSettings(laptop.page);
    await dialog.getByRole("button", { name: "Two-step verification" }).click();
    const twoStep = laptop.page.getByRole("dialog", { name: "Two-step verification" });
    await expect.poll(() => twoStep.getByTestId("two-step-status").locator("strong").textContent(), POLL).toBe("off");
    await twoStep.getByLabel("New password", { exact: true }).fill("first secret");
    await twoStep.getByLabel("Repeat new password").fill("first secrte");
    await twoStep.getByRole("button", { name: "Set password" }).click();
    await twoStep.getByRole("alert").filter({ hasText: "don't match" }).waitFor();
    await twoStep.getByLabel("Repeat new password").fill("first secret");
    await twoStep.getByLabel("Hint").fill("the first one");
    await twoStep.getByRole("button", { name: "Set password" }).click();
    await expect.poll(() => twoStep.getByTestId("two-step-status").locator("strong").textContent(), POLL).toBe("on");
    await screenshot(laptop.page, "settings-two-step");

    // Change: the wrong current password is refused.
    await twoStep.getByLabel("Current password").fill("not it");
    await twoStep.getByLabel("New password", { exact: true }).fill("second secret");
    await twoStep.getByLabel("Repeat new password").fill("second secret");
    await twoStep.getByRole("button", { name: "Change password" }).click();
    await twoStep.getByRole("alert").filter({ hasText: "Wrong password." }).waitFor();
    await twoStep.getByLabel("Current password").fill("first secret");
    await twoStep.getByRole("button", { name: "Change password" }).click();
    // Saved: the form empties and no error shows.
    await expect.poll(() => twoStep.getByLabel("Current password").inputValue(), POLL).toBe("");
    expect(await twoStep.getByRole("alert").count()).toBe(0);
    await laptop.page.keyboard.press("Escape");

    // A second device signs in: the old password no longer works, the new one does.
    const phoneDevice = await openWebClient(browser(), url, { width: 420, height: 760 });
    await signInUpToPassword(phoneDevice.page, phone);
    await phoneDevice.page.getByLabel(/^Password/).fill("first secret");
    await phoneDevice.page.getByRole("button", { name: "Next" }).click();
    await phoneDevice.page.getByRole("alert").filter({ hasText: "Wrong password." }).waitFor();
    await phoneDevice.page.getByLabel(/^Password/).fill("second secret");
    await phoneDevice.page.getByRole("button", { name: "Next" }).click();
    await phoneDevice.page.getByRole("complementary", { name: "Chats" }).waitFor();

    // Both devices are listed on the laptop; terminating the other signs the phone out.
    dialog = await openSettings(laptop.page);
    await dialog.getByRole("button", { name: "Active sessions" }).click();
    const sessions = laptop.page.getByRole("dialog", { name: "Active sessions" });
    const rows = sessions.getByRole("list", { name: "Active sessions" }).getByRole("listitem");
    await expect.poll(() => rows.count(), POLL).toBe(2);
    await sessions.getByText("this device").waitFor();
    const shot = await screenshot(laptop.page, "settings-active-sessions");
    expect(shot.variance).toBeGreaterThan(10);
    await sessions.getByRole("button", { name: /^Terminate Chrome/ }).click();
    await expect.poll(() => rows.count(), POLL).toBe(1);
    await phoneDevice.page.getByLabel("Phone number").waitFor({ timeout: 30_000 });
    await screenshot(phoneDevice.page, "terminated-session-signed-out");
    // Signed out for good: a reload stays at the sign-in screen.
    await phoneDevice.page.reload();
    await phoneDevice.page.getByLabel("Phone number").waitFor();
    await sessions.getByRole("button", { name: "Back" }).click();

    // Remove: the phone signs in again without a password step.
    dialog = laptop.page.getByRole("dialog", { name: "Settings" });
    await dialog.getByRole("button", { name: "Two-step verification" }).click();
    await twoStep.getByLabel("Current password").fill("second secret");
    await twoStep.getByRole("button", { name: "Remove password" }).click();
    await expect.poll(() => twoStep.getByTestId("two-step-status").locator("strong").textContent(), POLL).toBe("off");
    await phoneDevice.page.getByLabel("Phone number").fill(phone);
    await phoneDevice.page.getByRole("button", { name: "Next" }).click();
    const hint = phoneDevice.page.getByTestId("dev-code").locator("strong");
    await hint.waitFor();
    await phoneDevice.page.getByLabel("Code").fill((await hint.textContent()) ?? "");
    await phoneDevice.page.getByRole("button", { name: "Next" }).click();
    await phoneDevice.page.getByRole("complementary", { name: "Chats" }).waitFor();

    // "Terminate all other sessions" ends the phone again.
    await twoStep.getByRole("button", { name: "Back" }).click();
    await dialog.getByRole("button", { name: "Active sessions" }).click();
    await expect.poll(() => rows.count(), POLL).toBe(2);
    await sessions.getByRole("button", { name: "Terminate all other sessions" }).click();
    await expect.poll(() => rows.count(), POLL).toBe(1);
    await phoneDevice.page.getByLabel("Phone number").waitFor({ timeout: 30_000 });
    await laptop.context.close();
    await phoneDevice.context.close();
  });
});
