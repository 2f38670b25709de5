/**
 * Settings: a user sets a profile photo (cropped to a square in the editor: zoomed, dragged) and a bio in
 * the web client; another user sees the photo as their avatar, in search results and in the chat header.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { browserPerFile, openChatWith, openWebClient, screenshot, signUpInBrowser } from "./web-client.ts";

const browser = browserPerFile();

describe("profile photo", { timeout: 240_000 }, () => {
  it("a photo set in settings shows as the avatar for another user", async () => {
    const url = inject("serverUrl");
    const name = `Portrait${Date.now().toString(36)}`;
    const owner = await openWebClient(browser(), url);
    await signUpInBrowser(owner.page, name);
    await owner.page.getByRole("button", { name: "Menu" }).click();
    await owner.page.getByRole("menuitem", { name: "Settings" }).click();
    const dialog = owner.page.getByRole("dialog", { name: "Settings" });
    // A wide picture, red on the left half and blue on the right, cropped to its right end.
    await dialog.getByLabel("Profile photo").setInputFiles({
      name: "me.png",
      mimeType: "image/png",
      buffer: await halvesPng(owner.page, 800, 400),
    });
    const crop = owner.page.getByRole("dialog", { name: "Crop photo" });
    const frame = crop.getByRole("img", { name: /Crop area/ });
    await frame.locator("img").waitFor();
    await crop.getByLabel("Zoom").focus();
    for (let i = 0; i < 20; i++) await owner.page.keyboard.press("ArrowRight");
    const box = await frame.boundingBox();
    if (!box) throw new Error("no crop frame");
    await owner.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await owner.page.mouse.down();
    await owner.page.mouse.move(box.x - box.width, box.y + box.height / 2, { steps: 8 });
    await owner.page.mouse.up();
    const cropShot = await screenshot(owner.page, "profile-photo-crop");
    expect(cropShot.variance).toBeGreaterThan(10);
    await crop.getByRole("button", { name: "Set photo" }).click();
    const avatar = dialog.getByTestId("avatar-photo");
    await avatar.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    const seen = await avatar.evaluate((img: HTMLImageElement) => {
      const c = document.createElement("canvas");
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext("2d") as CanvasRenderingContext2D;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      let red = 0;
      let blue = 0;
      for (let i = 0; i < px.length; i += 4) {
        red += px[i] as number;
        blue += px[i + 2] as number;
      }
      return { w: img.naturalWidth, h: img.naturalHeight, red, blue };
    });
    expect(seen.w).toBe(seen.h);
    // Dragged to the right end, the square holds the blue half only.
    expect(seen.blue).toBeGreaterThan(seen.red * 10);
    await dialog.getByLabel("Bio").fill("photographer");
    const settingsShot = await screenshot(owner.page, "settings");
    expect(settingsShot.variance).toBeGreaterThan(10);
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });

    const viewer = await openWebClient(browser(), url);
    await signUpInBrowser(viewer.page, "Viewer");
    await viewer.page.getByRole("searchbox", { name: "Search users" }).fill(name);
    const result = viewer.page.getByRole("list", { name: "Search results" }).getByRole("button", { name });
    await result.getByTestId("avatar-photo").waitFor({ timeout: 30_000 });
    await openChatWith(viewer.page, name);
    await viewer.page.locator(".chat-head").getByTestId("avatar-photo").waitFor({ timeout: 30_000 });
    const shot = await screenshot(viewer.page, "profile-photo-seen");
    expect(shot.variance).toBeGreaterThan(10);
  });
});

/** A PNG drawn in the page: the left half red, the right half blue. */
async function halvesPng(page: Page, w: number, h: number): Promise<Buffer> {
  const b64 = await page.evaluate(
    ([w, h]) => {
      const c = document.createElement("canvas");
      c.width = w;
      c.height = h;
      const ctx = c.getContext("2d") as CanvasRenderingContext2D;
      ctx.fillStyle = "#ff0000";
      ctx.fillRect(0, 0, w / 2, h);
      ctx.fillStyle = "#0000ff";
      ctx.fillRect(w / 2, 0, w / 2, h);
      return c.toDataURL("image/png").split(",")[1] as string;
    },
    [w, h] as const,
  );
  return Buffer.from(b64, "base64");
}
