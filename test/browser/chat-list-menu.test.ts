/**
 * The chat list's context menu: a right click on a chat marks it read (the badge and the title count go)
 * and leaves a group after a confirmation (the other members see that a member left).
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { browserPerFile, openDialog, openWebClient, screenshot, sendMessage, signUpInBrowser } from "./web-client.ts";

const browser = browserPerFile();

const row = (page: Page, title: string) =>
  page.getByRole("list", { name: "Chat list" }).getByRole("button", { name: new RegExp(`^${title}`) });

describe("chat list context menu", { timeout: 240_000 }, () => {
  it("marks a chat read and leaves a group", async () => {
    const url = inject("serverUrl");
    const tag = Date.now().toString(36);
    const group = `Guild ${tag}`;
    const convener = await openWebClient(browser(), url);
    await signUpInBrowser(convener.page, "Convener");
    const attendee = await openWebClient(browser(), url);
    const attendeeName = `Attendee${tag}`;
    await signUpInBrowser(attendee.page, attendeeName);

    await convener.page.getByRole("button", { name: "Menu" }).click();
    await convener.page.getByRole("menuitem", { name: "New group" }).click();
    const create = convener.page.getByRole("dialog", { name: "New group" });
    await create.getByLabel("Group name").fill(group);
    await create.getByLabel("Add members").fill(attendeeName);
    await create.getByRole("checkbox").first().check();
    await create.getByRole("button", { name: "Create" }).click();
    await convener.page.getByRole("heading", { name: group }).waitFor();
    await sendMessage(convener.page, "agenda item one");
    await sendMessage(convener.page, "agenda item two");

    // Unread without opening it: the badge and the tab title count it; "Mark as read" clears both.
    const guild = row(attendee.page, group);
    await guild.getByTestId("unread-badge").filter({ hasText: "2" }).waitFor({ timeout: 30_000 });
    await expect.poll(() => attendee.page.title(), { timeout: 30_000 }).toBe("(2) Edgegram");
    await guild.click({ button: "right" });
    const menu = attendee.page.getByRole("menu", { name: `${group} actions` });
    await screenshot(attendee.page, "chat-list-menu");
    await menu.getByRole("menuitem", { name: "Mark as read" }).click();
    await guild.getByTestId("unread-badge").waitFor({ state: "detached" });
    await expect.poll(() => attendee.page.title()).toBe("Edgegram");
    // Read on the server too: a reload shows no badge.
    await attendee.page.reload();
    await guild.waitFor();
    expect(await guild.getByTestId("unread-badge").count()).toBe(0);

    // Esc closes the menu without doing anything.
    await guild.click({ button: "right" });
    await menu.waitFor();
    await attendee.page.keyboard.press("Escape");
    await menu.waitFor({ state: "detached" });

    // Leave, after a confirmation; Cancel first keeps the membership.
    await guild.click({ button: "right" });
    await menu.getByRole("menuitem", { name: "Leave group" }).click();
    const confirm = attendee.page.getByRole("dialog", { name: "Leave group" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    await guild.click({ button: "right" });
    await menu.getByRole("menuitem", { name: "Leave group" }).click();
    await confirm.getByRole("button", { name: "Leave" }).click();
    await convener.page.locator(".service", { hasText: "A member left" }).waitFor({ timeout: 30_000 });
    // Left: the menu no longer offers to leave.
    await openDialog(attendee.page, group);
    await guild.click({ button: "right" });
    await menu.waitFor();
    expect(await menu.getByRole("menuitem", { name: "Leave group" }).count()).toBe(0);
    await convener.context.close();
    await attendee.context.close();
  });
});
