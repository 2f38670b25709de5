/**
 * Voice messages in real Chromium with its fake microphone (a beeping tone): the composer offers the
 * microphone only while the box is empty; Alice records about two seconds and sends; Bob sees a voice
 * bubble whose waveform (from the message's attribute) is not flat and whose length is at least a
 * second, presses play and the sound plays (its time advances, the waveform fills).
 */
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { server } from "../e2e/story.ts";
import { CHROMIUM, openChatWith, openDialog, openWebClient, screenshot, signUpInBrowser } from "./web-client.ts";

const POLL = { timeout: 20_000 };

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-dev-shm-usage",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

describe("voice messages", { timeout: 240_000 }, () => {
  it("Alice records two seconds; Bob sees the waveform and length and plays it", async () => {
    const srv = server();
    const alice = await openWebClient(browser, srv.url);
    await signUpInBrowser(alice.page, "Aurelia");
    const bob = await openWebClient(browser, srv.url);
    await signUpInBrowser(bob.page, "Bertram");
    await openChatWith(alice.page, "Bertram");

    // The microphone stands where Send is while the box is empty.
    const box = alice.page.getByLabel("Message", { exact: true });
    const mic = alice.page.getByRole("button", { name: "Record voice message" });
    await box.fill("typing");
    expect(await mic.count()).toBe(0);
    await box.fill("");
    await mic.click();

    const bar = alice.page.getByRole("region", { name: "Recording voice message" });
    const timer = bar.getByRole("timer", { name: "Recording time" });
    await expect.poll(() => timer.textContent(), POLL).toBe("0:02");
    await screenshot(alice.page, "voice-recording");
    await bar.getByRole("button", { name: "Send voice message" }).click();
    await expect.poll(() => bar.count(), POLL).toBe(0);
    // The sender's own bubble is a voice note too.
    await alice.page.getByTestId("voice-note").waitFor({ timeout: 20_000 });
    await screenshot(alice.page, "voice-sent");

    await openDialog(bob.page, "Aurelia");
    const preview = bob.page.getByRole("list", { name: "Chat list" }).getByRole("button", { name: /^Aurelia/ });
    await expect.poll(() => preview.locator(".dialog-last").textContent(), POLL).toBe("Voice message");
    const note = bob.page.getByTestId("voice-note");
    await note.waitFor({ timeout: 20_000 });

    const heights = await note
      .locator("svg.voice-wave rect")
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("height"))));
    expect(heights).toHaveLength(50);
    expect(Math.max(...heights) - Math.min(...heights)).toBeGreaterThan(4);
    const length = (await note.getByTestId("voice-duration").textContent()) ?? "";
    const [min, sec] = length.split(":").map(Number);
    expect((min ?? 0) * 60 + (sec ?? 0)).toBeGreaterThanOrEqual(1);
    expect((min ?? 0) * 60 + (sec ?? 0)).toBeLessThanOrEqual(4);

    await note.getByRole("button", { name: "Play voice message" }).click();
    // While it plays: its time advances and the waveform fills from the left.
    const playing = () =>
      note.evaluate((el) => {
        const audio = el.querySelector("audio") as HTMLAudioElement;
        return audio.currentTime > 0.3 && !audio.paused && el.querySelectorAll("rect.played").length > 0;
      });
    await expect.poll(playing, POLL).toBe(true);
    const shot = await screenshot(bob.page, "voice-received");
    expect(shot.variance).toBeGreaterThan(10);
    // It plays to the end and offers to play again.
    await note.getByRole("button", { name: "Play voice message" }).waitFor({ timeout: 20_000 });
  });
});
