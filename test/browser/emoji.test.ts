/**
 * Emoji drawn by the app (Twemoji SVGs), so no emoji font is needed: picked from the panel by the
 * composer (a face, a ZWJ family, a flag), sent, and seen by the peer as images that loaded and are
 * not blank, in the bubble and in the chat-list preview, and as the same Unicode text that was
 * picked; the message box, which cannot hold images, draws them with the packaged emoji font; the
 * composer's 📊 and 🎲 are images too.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { server } from "../e2e/story.ts";
import {
  browserPerFile,
  bubble,
  openChatWith,
  openDialog,
  openWebClient,
  pngLuminance,
  screenshot,
  signUpInBrowser,
} from "./web-client.ts";

const browser = browserPerFile();

const FAMILY = "👨‍👩‍👧‍👦";
const FLAG = "🇯🇵";

/** Every emoji image under `root` has loaded (naturalWidth > 0); returns their alt texts. */
async function loadedEmoji(root: Locator): Promise<string[]> {
  const imgs = root.locator("img.emoji");
  await expect
    .poll(
      () => imgs.evaluateAll((all) => all.length > 0 && all.every((i) => (i as HTMLImageElement).naturalWidth > 0)),
      {
        timeout: 15_000,
      },
    )
    .toBe(true);
  return imgs.evaluateAll((all) => all.map((i) => (i as HTMLImageElement).alt));
}

/** A screenshot of one image is not one flat colour: something was drawn. */
async function drawn(img: Locator): Promise<number> {
  return pngLuminance(new Uint8Array(await img.screenshot())).variance;
}

/** The text of an element with each emoji image read back as its alt text. */
function textWithEmoji(root: Locator): Promise<string> {
  return root.evaluate((el) => {
    const copy = el.cloneNode(true) as Element;
    for (const img of copy.querySelectorAll("img.emoji")) img.replaceWith((img as HTMLImageElement).alt);
    return copy.textContent ?? "";
  });
}

/** The load status of the app's emoji font ("unloaded" until some emoji text is on screen). */
function emojiFontStatus(page: Page): Promise<string | undefined> {
  return page.evaluate(() => [...document.fonts].find((f) => f.family.replace(/"/g, "") === "Edgegram Emoji")?.status);
}

async function pick(page: Page, search: string, label: string): Promise<void> {
  const panel = page.getByRole("dialog", { name: "Emoji" });
  await panel.getByRole("searchbox", { name: "Search emoji" }).fill(search);
  await panel.getByRole("button", { name: label, exact: true }).click();
}

describe("emoji drawn by the app", { timeout: 240_000 }, () => {
  it("picks a face, a family and a flag, and the peer sees them as loaded images", async () => {
    const srv = server();
    const sender = await openWebClient(browser(), srv.url);
    await signUpInBrowser(sender.page, "Emmeline");
    const receiver = await openWebClient(browser(), srv.url);
    await signUpInBrowser(receiver.page, "Osvaldo");
    await openChatWith(sender.page, "Osvaldo");

    const composerRow = sender.page.locator(".composer-row");
    expect(await loadedEmoji(composerRow)).toEqual(expect.arrayContaining(["📊", "🎲"]));
    expect(await drawn(composerRow.getByRole("button", { name: "Create a poll" }).locator("img"))).toBeGreaterThan(50);
    expect(await drawn(composerRow.getByRole("button", { name: "Throw a dice" }).locator("img"))).toBeGreaterThan(50);

    const box = sender.page.getByLabel("Message", { exact: true });
    expect(await emojiFontStatus(sender.page)).toBe("unloaded");
    await box.fill("hi  there");
    // The cursor between the two spaces: the picked emoji go there, not at the end.
    await box.evaluate((el) => (el as HTMLTextAreaElement).setSelectionRange(3, 3));
    await sender.page.getByRole("button", { name: "Emoji", exact: true }).click();
    await pick(sender.page, "grinning", "grinning face");
    await pick(sender.page, "family", "family: man, woman, girl, boy");
    await pick(sender.page, "japan", "flag: Japan");
    await expect.poll(() => box.inputValue()).toBe(`hi 😀${FAMILY}${FLAG} there`);
    // The box cannot hold images: the packaged font, fetched only now that an emoji is shown, draws them.
    await expect.poll(() => emojiFontStatus(sender.page)).toBe("loaded");
    await loadedEmoji(sender.page.getByRole("region", { name: "Emoji list" }));
    await screenshot(sender.page, "emoji-picker-search");

    // Recently used emoji are offered first the next time the panel opens.
    await sender.page.keyboard.press("Escape");
    await sender.page.getByRole("button", { name: "Emoji", exact: true }).click();
    const recent = sender.page.getByRole("dialog", { name: "Emoji" }).getByRole("region", { name: "Emoji list" });
    expect(await loadedEmoji(recent)).toEqual([FLAG, FAMILY, "😀"]);
    await expect.poll(() => recent.getByRole("button", { name: "flag: Japan" }).count()).toBe(1);
    await screenshot(sender.page, "emoji-picker-recent");
    await sender.page.getByRole("tab", { name: "Smileys & emotion" }).click();
    await loadedEmoji(recent.getByRole("button", { name: "grinning face", exact: true }));
    await screenshot(sender.page, "emoji-picker-smileys");
    await sender.page.keyboard.press("Escape");
    await expect.poll(() => sender.page.getByRole("dialog", { name: "Emoji" }).count()).toBe(0);

    await box.press("Enter");
    await openDialog(receiver.page, "Emmeline");
    const msg = bubble(receiver.page, "there");
    await msg.waitFor();
    expect(await loadedEmoji(msg.locator(".text"))).toEqual(["😀", FAMILY, FLAG]);
    expect(await textWithEmoji(msg.locator(".text"))).toBe(`hi 😀${FAMILY}${FLAG} there`);
    for (const img of await msg.locator("img.emoji").all()) expect(await drawn(img)).toBeGreaterThan(50);
    // One image per grapheme: the family and the flag are not split into people and letters.
    expect(await msg.locator("img.emoji").count()).toBe(3);

    const preview = receiver.page
      .getByRole("list", { name: "Chat list" })
      .getByRole("button", { name: /^Emmeline/ })
      .locator(".dialog-last");
    expect(await loadedEmoji(preview)).toEqual(["😀", FAMILY, FLAG]);
    const shot = await screenshot(receiver.page, "emoji-received");
    expect(shot.variance).toBeGreaterThan(10);
  });
});
