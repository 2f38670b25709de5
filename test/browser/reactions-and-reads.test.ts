/**
 * The viewer's own reaction stays theirs when someone else's reaction arrives live (pushed reactions
 * name nobody's choice), and toggles off with a click; a message that arrives while the chat is
 * scrolled up is not marked read until it is scrolled into view.
 */
import { describe, expect, it } from "vitest";
import { meetInBrowser } from "./meet.ts";
import { browserPerFile, bubble, messageAction } from "./web-client.ts";

const browser = browserPerFile();

describe("reactions and reads in the web client", { timeout: 240_000 }, () => {
  it("keeps the viewer's reaction through a live update and toggles it off", async () => {
    const { sdk, page, browserUserId } = await meetInBrowser(browser(), "Reactor", "Toggler");
    const peer = { _: "user" as const, id: browserUserId };
    const sent = await sdk.client.call("messages.sendMessage", {
      peer,
      message: "react to me",
      random_id: String(Date.now()),
    });
    await bubble(page, "react to me").waitFor();
    await messageAction(page, "react to me", "React 👍");
    const mine = bubble(page, "react to me").locator('.reaction[aria-label^="👍 "]');
    await expect.poll(() => mine.getAttribute("aria-pressed")).toBe("true");

    // The other side reacts: the update reaches the browser without anyone's choice in it.
    await sdk.client.call("messages.sendReaction", { peer, msg_id: sent.message.id, reaction: ["🔥"] });
    const theirs = bubble(page, "react to me").locator('.reaction[aria-label^="🔥 "]');
    await theirs.waitFor({ timeout: 15_000 });
    expect(await theirs.getAttribute("aria-pressed")).toBe("false");
    expect(await mine.getAttribute("aria-pressed")).toBe("true");

    await mine.click();
    await expect.poll(() => mine.count(), { timeout: 10_000 }).toBe(0);
    expect(await theirs.getAttribute("aria-pressed")).toBe("false");
    sdk.client.close();
  });

  it("a message arriving while scrolled up stays unread until it is scrolled into view", async () => {
    const { sdk, page, browserUserId } = await meetInBrowser(browser(), "Writer", "Scroller");
    const peer = { _: "user" as const, id: browserUserId };
    for (let i = 1; i <= 40; i++)
      await sdk.client.call("messages.sendMessage", {
        peer,
        message: `line ${i}`,
        random_id: String(Date.now() * 100 + i),
      });
    await bubble(page, "line 40").waitFor();
    const readByBrowser = async () => {
      const { dialogs } = await sdk.client.call("messages.getDialogs", { limit: 5 });
      return dialogs.find((d) => d.peer._ === "user" && d.peer.id === browserUserId)?.read_outbox_max_id ?? 0;
    };
    const last = (await sdk.client.call("messages.getHistory", { peer, limit: 1 })).messages[0]!.id;
    await expect.poll(readByBrowser, { timeout: 15_000 }).toBe(last);

    await page.getByRole("log", { name: "Messages" }).evaluate((el) => {
      el.scrollTop = 0;
    });
    const unseen = await sdk.client.call("messages.sendMessage", {
      peer,
      message: "while you were up",
      random_id: String(Date.now()),
    });
    await bubble(page, "while you were up").waitFor({ state: "attached" });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await readByBrowser()).toBeLessThan(unseen.message.id);

    await bubble(page, "while you were up").scrollIntoViewIfNeeded();
    await expect.poll(readByBrowser, { timeout: 15_000 }).toBe(unseen.message.id);
    sdk.client.close();
  });
});
