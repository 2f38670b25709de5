/**
 * The chat list's mute, pin and archive (right click on a chat): a pinned chat goes on top with a pin
 * mark, a muted one's badge turns grey and leaves the title count and notifications, an archived one
 * moves under "Archived chats" until a new message (unless muted) brings it back. Each change made in
 * one tab shows live in the same user's other tab (another device). "Delete chat" clears a private chat.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type Person, server, signUp } from "../e2e/story.ts";
import {
  browserPerFile,
  openChatWith,
  openWebClient,
  screenshot,
  sendMessage,
  setTabHidden,
  signInInBrowser,
  signUpInBrowser,
  watchNotifications,
} from "./web-client.ts";

const browser = browserPerFile();

const list = (page: Page) => page.getByRole("list", { name: "Chat list" });
const row = (page: Page, title: string) => list(page).getByRole("button", { name: new RegExp(`^${title}`) });
/** The main list's chat titles, top to bottom (the "Archived chats" row left out). */
const titles = (page: Page) =>
  list(page)
    .locator("button.dialog:not(.archive-row) .dialog-title")
    .allTextContents()
    .then((t) => t.map((s) => s.trim()));

async function menuAction(page: Page, title: string, ...items: string[]): Promise<void> {
  await row(page, title).click({ button: "right" });
  for (const item of items) await page.getByRole("menu").getByRole("menuitem", { name: item, exact: true }).click();
}

const unreadInTitle = async (page: Page) => Number((await page.title()).match(/^\((\d+)\)/)?.[1] ?? 0);

/** An SDK user writes to the browser user (found by their unique name). */
async function write(from: Person, to: string, text: string): Promise<void> {
  const found = await from.client.call("contacts.search", { q: to, limit: 1 });
  const id = found.users[0]?.id ?? 0;
  await from.client.call("messages.sendMessage", {
    peer: { _: "user", id },
    message: text,
    random_id: String(Date.now() * 1000 + Math.floor(Math.random() * 1000)),
  });
}

describe("chat list: mute, pin, archive", { timeout: 240_000 }, () => {
  it("pins, mutes and archives chats, and the user's other tab follows live", async () => {
    const srv = server();
    const tag = Date.now().toString(36);
    const [ann, ben] = await Promise.all([signUp(srv, `Ann${tag}`), signUp(srv, `Ben${tag}`)]);
    const me = `Setter${tag}`;
    const laptop = await openWebClient(browser(), srv.url);
    const phone = await signUpInBrowser(laptop.page, me);
    await openChatWith(laptop.page, `Ann${tag}`);
    await sendMessage(laptop.page, "hi Ann");
    await openChatWith(laptop.page, `Ben${tag}`);
    await sendMessage(laptop.page, "hi Ben");
    // A reload leaves no chat open here either (an open chat would read what arrives).
    await laptop.page.reload();
    await row(laptop.page, `Ben${tag}`).waitFor();
    // The second tab (no chat open there, so nothing it receives is read) records its notifications.
    const phoneTab = await openWebClient(browser(), srv.url);
    const notifications = await watchNotifications(phoneTab.context, phoneTab.page, srv.url);
    await signInInBrowser(phoneTab.page, phone);
    // Newest first (the sign-in's login code, from the service account, is newer still).
    const ours = (t: string[]) => t.filter((x) => x.endsWith(tag));
    await expect.poll(async () => ours(await titles(phoneTab.page))).toEqual([`Ben${tag}`, `Ann${tag}`]);

    // Pin Ann's (older) chat: on top, with a pin mark, in both tabs.
    await menuAction(laptop.page, `Ann${tag}`, "Pin");
    await expect.poll(async () => (await titles(phoneTab.page))[0], { timeout: 20_000 }).toBe(`Ann${tag}`);
    await row(phoneTab.page, `Ann${tag}`).getByTestId("pin-mark").waitFor();
    await expect.poll(async () => (await titles(laptop.page))[0]).toBe(`Ann${tag}`);
    expect((await screenshot(phoneTab.page, "chat-list-pinned")).variance).toBeGreaterThan(10);

    // Mute Ben forever: his messages get a grey badge, no title count, no notification.
    await menuAction(laptop.page, `Ben${tag}`, "Mute…");
    await laptop.page.getByRole("menu", { name: `Mute Ben${tag}` }).waitFor();
    await screenshot(laptop.page, "chat-list-mute-menu");
    await laptop.page.getByRole("menuitem", { name: "Forever" }).click();
    await row(phoneTab.page, `Ben${tag}`).getByTestId("muted-mark").waitFor({ timeout: 20_000 });
    // (The sign-in's login code is an unread message too: counts are taken from here on.)
    const base = await unreadInTitle(phoneTab.page);
    await setTabHidden(phoneTab.page, true);
    await write(ben, me, "muted one");
    await write(ben, me, "muted two");
    await write(ann, me, "loud one");
    const benBadge = row(phoneTab.page, `Ben${tag}`).getByTestId("unread-badge");
    await benBadge.filter({ hasText: "2" }).waitFor({ timeout: 20_000 });
    expect(await benBadge.getAttribute("class")).toContain("badge-muted");
    await expect.poll(() => unreadInTitle(phoneTab.page), { timeout: 20_000 }).toBe(base + 1);
    await expect.poll(notifications, { timeout: 20_000 }).toEqual([{ title: `Ann${tag}`, body: "loud one" }]);
    await setTabHidden(phoneTab.page, false);
    expect((await screenshot(phoneTab.page, "chat-list-pinned-muted")).variance).toBeGreaterThan(10);

    // Archive both: they leave the main list for the "Archived chats" row, which opens the archive.
    await menuAction(laptop.page, `Ann${tag}`, "Archive");
    await menuAction(laptop.page, `Ben${tag}`, "Archive");
    const archiveRow = phoneTab.page.getByRole("button", { name: /^Archived chats/ });
    await archiveRow.waitFor({ timeout: 20_000 });
    await expect.poll(() => titles(phoneTab.page), { timeout: 20_000 }).not.toContain(`Ben${tag}`);
    expect(await titles(phoneTab.page)).not.toContain(`Ann${tag}`);
    await screenshot(phoneTab.page, "chat-list-archived-row");
    await archiveRow.click();
    const archive = phoneTab.page.getByRole("list", { name: "Archived chats" });
    await archive.getByRole("button", { name: new RegExp(`^Ann${tag}`) }).waitFor();
    await archive.getByRole("button", { name: new RegExp(`^Ben${tag}`) }).waitFor();
    // Archiving unpinned it.
    expect(await archive.getByTestId("pin-mark").count()).toBe(0);
    expect((await screenshot(phoneTab.page, "chat-list-archive")).variance).toBeGreaterThan(10);

    // A message in Ann's archived (unmuted) chat brings it back; muted Ben's stays archived.
    await write(ben, me, "still muted");
    await write(ann, me, "I'm back");
    await row(laptop.page, `Ann${tag}`).waitFor({ timeout: 20_000 });
    await archive.getByRole("button", { name: new RegExp(`^Ann${tag}`) }).waitFor({ state: "detached" });
    expect(await archive.getByRole("button", { name: new RegExp(`^Ben${tag}`) }).count()).toBe(1);

    // Unarchive and unmute Ben from the archive: the archive empties and the tab goes back to the list.
    await archive.getByRole("button", { name: new RegExp(`^Ben${tag}`) }).click({ button: "right" });
    await phoneTab.page.getByRole("menu").getByRole("menuitem", { name: "Unmute" }).click();
    await archive
      .getByRole("button", { name: new RegExp(`^Ben${tag}`) })
      .getByTestId("muted-mark")
      .waitFor({ state: "detached" });
    await archive.getByRole("button", { name: new RegExp(`^Ben${tag}`) }).click({ button: "right" });
    await phoneTab.page.getByRole("menu").getByRole("menuitem", { name: "Unarchive" }).click();
    await row(phoneTab.page, `Ben${tag}`).waitFor({ timeout: 20_000 });
    await row(laptop.page, `Ben${tag}`).waitFor({ timeout: 20_000 });
    expect(await row(laptop.page, `Ben${tag}`).getByTestId("muted-mark").count()).toBe(0);
    // Ann's two and, unmuted now, Ben's three.
    await expect.poll(() => unreadInTitle(phoneTab.page), { timeout: 20_000 }).toBe(base + 5);

    // All of it is the server's: a reload shows the same list.
    await laptop.page.reload();
    await row(laptop.page, `Ben${tag}`).waitFor();
    expect(await laptop.page.getByRole("button", { name: /^Archived chats/ }).count()).toBe(0);
    await laptop.context.close();
    await phoneTab.context.close();
    ann.client.close();
    ben.client.close();
  });

  it("deletes a private chat, for both sides when asked; a new message brings it back", async () => {
    const srv = server();
    const tag = Date.now().toString(36);
    const cleo = await signUp(srv, `Cleo${tag}`);
    const me = `Deleter${tag}`;
    const tab = await openWebClient(browser(), srv.url);
    await signUpInBrowser(tab.page, me);
    await openChatWith(tab.page, `Cleo${tag}`);
    await sendMessage(tab.page, "to be deleted");
    await write(cleo, me, "me too");

    await menuAction(tab.page, `Cleo${tag}`, "Delete chat");
    const confirm = tab.page.getByRole("dialog", { name: "Delete chat" });
    await confirm.getByLabel(`Also delete for Cleo${tag}`).check();
    expect((await screenshot(tab.page, "chat-list-delete-chat")).variance).toBeGreaterThan(10);
    await confirm.getByRole("button", { name: "Delete chat" }).click();
    await row(tab.page, `Cleo${tag}`).waitFor({ state: "detached", timeout: 20_000 });
    const peer = (await cleo.client.call("messages.getDialogs", {})).dialogs[0]?.peer;
    expect(peer).toBeDefined();
    const left = await cleo.client.call("messages.getHistory", { peer: peer as never, limit: 5 });
    expect(left.messages).toEqual([]);
    await tab.page.reload();
    await list(tab.page).waitFor();
    expect(await row(tab.page, `Cleo${tag}`).count()).toBe(0);

    await write(cleo, me, "hello again");
    await row(tab.page, `Cleo${tag}`).waitFor({ timeout: 20_000 });
    await tab.context.close();
    cleo.client.close();
  });
});
