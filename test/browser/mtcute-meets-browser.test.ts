/**
 * A Telegram client library and the web client in one private chat: a user on mtcute (npm, unchanged,
 * over MTProto) and a user in Chromium find each other, write both ways, and each sees the other's
 * typing and read ticks live.
 */
import type { TelegramClient } from "@mtcute/node";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type MtcuteServer, mtcuteClient, mtcuteSignUp } from "../e2e/mtproto/mtcute-client.ts";
import { newPhone } from "../e2e/story.ts";
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
let cute: TelegramClient | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await cute?.destroy().catch(() => {});
  await browser?.close();
});

describe("mtcute and the web client", { timeout: 300_000 }, () => {
  it("chat both ways, with typing and read ticks", async () => {
    const srv: MtcuteServer = {
      url: inject("serverUrl"),
      tcpPort: inject("mtprotoTcpPort"),
      publicKeyPem: inject("mtprotoPublicKeyPem"),
    };
    const cuteName = `Cutemt${Date.now().toString(36)}`;
    const webName = `Webby${Date.now().toString(36)}`;
    cute = mtcuteClient(srv);
    await mtcuteSignUp(srv, cute, newPhone(), cuteName);
    const received: string[] = [];
    let from: { id: number; inputPeer: import("@mtcute/core").tl.TypeInputPeer } | null = null;
    const typers: number[] = [];
    const readByOther: number[] = [];
    cute.onNewMessage.add((m) => {
      if (m.isOutgoing) return;
      received.push(m.text);
      from = { id: m.sender.id, inputPeer: m.sender.inputPeer };
    });
    cute.onUserTyping.add((u) => typers.push(u.userId));
    cute.onHistoryRead.add((r) => {
      if (r.isOutbox) readByOther.push(r.maxReadId);
    });
    // Signing in started mtcute's updates loop (a second startUpdatesLoop call racing it would register
    // its handler twice and deliver every update twice: an mtcute race, not the server's).

    const web = await openWebClient(browser, srv.url);
    await signUpInBrowser(web.page, webName);
    await openChatWith(web.page, cuteName);
    await sendMessage(web.page, "Hello from the browser");
    await expect.poll(() => received, { timeout: 30_000 }).toEqual(["Hello from the browser"]);

    // mtcute reads it: the browser's tick turns to read.
    const webUser = from!;
    await cute.readHistory(webUser.inputPeer);
    await expect
      .poll(() => bubble(web.page, "Hello from the browser").locator(".ticks").getAttribute("data-read"), {
        timeout: 30_000,
      })
      .toBe("true");

    // mtcute types: the browser's chat header says so.
    await cute.sendTyping(webUser.inputPeer, "typing");
    await expect.poll(() => web.page.getByTestId("chat-status").textContent(), { timeout: 30_000 }).toBe("typing…");

    const sent = await cute.sendText(webUser.inputPeer, "Hello from mtcute");
    await bubble(web.page, "Hello from mtcute").waitFor({ timeout: 30_000 });

    // The browser types and has read mtcute's message (its chat is open): mtcute sees both.
    await web.page.getByLabel("Message", { exact: true }).pressSequentially("typing back", { delay: 30 });
    await expect.poll(() => typers.includes(webUser.id), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => readByOther.some((id) => id >= sent.id), { timeout: 30_000 }).toBe(true);
    const shot = await screenshot(web.page, "mtcute-meets-browser");
    expect(shot.variance).toBeGreaterThan(10);
  });
});
