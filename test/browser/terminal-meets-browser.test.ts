/**
 * One conversation across both clients: Bob signs up in the terminal chat
 * screen (tmux), Alice in Chromium; she finds him by name and writes, he
 * reads and answers from the terminal, and each sees the other live.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EDGEGRAM, NODE } from "../e2e/desktop-cli.ts";
import { TmuxScreen } from "../e2e/desktop-tmux.ts";
import { devCode, newPhone } from "../e2e/story.ts";
import {
  bubble,
  launchBrowser,
  openChatWith,
  openWebClient,
  screenshot,
  sendMessage,
  signUpInBrowser,
} from "./web-client.ts";

let browser: Browser;
let terminal: TmuxScreen | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  terminal?.kill();
  await browser?.close();
});

describe("a browser client and a terminal client", { timeout: 300_000 }, () => {
  it("talk to each other live: messages both ways and the read tick", async () => {
    const srv = { url: inject("serverUrl"), key: inject("serverKey") };
    const bobName = `Terminalbob${Date.now().toString(36)}`;

    terminal = TmuxScreen.start([NODE, EDGEGRAM, "--config-dir", mkdtempSync(join(tmpdir(), "edgegram-tb-"))], {
      EDGEGRAM_SERVER: srv.url,
      EDGEGRAM_SERVER_KEY: srv.key,
    });
    await terminal.waitFor("Phone number:");
    const phone = newPhone();
    terminal.type(phone);
    terminal.press("Enter");
    await terminal.waitFor("the code is");
    terminal.type(await devCode(srv, phone));
    terminal.press("Enter");
    await terminal.waitFor("Your name (new account):");
    terminal.type(bobName);
    terminal.press("Enter");
    await terminal.waitFor("No chats yet.");

    const alice = await openWebClient(browser, srv.url);
    await signUpInBrowser(alice.page, "Alice");
    await openChatWith(alice.page, bobName);
    await sendMessage(alice.page, "Hello from the browser");

    // The chat appears in Bob's list with the message; Enter opens it.
    await terminal.waitFor(/›Alice.*\n.*Hello from the browser/);
    terminal.press("Enter");
    await terminal.waitFor(/\d\d:\d\d Alice: Hello from the browser/);
    // Bob opened it, so Alice's tick turns to read.
    await expect
      .poll(() => bubble(alice.page, "Hello from the browser").locator(".ticks").getAttribute("data-read"), {
        timeout: 60_000,
      })
      .toBe("true");

    terminal.type("Hello from the terminal");
    terminal.press("Enter");
    await bubble(alice.page, "Hello from the terminal").waitFor({ timeout: 60_000 });
    await terminal.waitFor("You: Hello from the terminal ✓");
    terminal.save("terminal-meets-browser");
    const shot = await screenshot(alice.page, "terminal-meets-browser");
    expect(shot.variance).toBeGreaterThan(10);
  });
});
