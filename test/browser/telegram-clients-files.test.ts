/**
 * Files between Telegram client libraries and the web client (Chromium), all accounts of one server:
 * a photo GramJS sends shows in the web client as its thumbnail, then the full image; a photo the web
 * client sends reaches Telethon with the sizes the media service made, each decoding to its dimensions;
 * a 20 MB document Telethon uploads in big parts is saved byte-identical by the web client and by GramJS.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { Api, type TelegramClient } from "telegram";
import { CustomFile } from "telegram/client/uploads.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MediaRef } from "../../protocol/model/media.ts";
import type { Message } from "../../protocol/model/message.ts";
import { addGramjsServerKey, gramjsClient, gramjsSignUp } from "../e2e/mtproto/gramjs-client.ts";
import { runPythonScript } from "../e2e/mtproto/python-script.ts";
import { hostPort } from "../e2e/mtproto/server-key.ts";
import { newPhone, server, signIn } from "../e2e/story.ts";
import { testPhoto } from "./photo.ts";
import {
  bubble,
  launchBrowser,
  openChatWith,
  openWebClient,
  screenshot,
  sendMessage,
  signUpInBrowser,
  type WebClient,
} from "./web-client.ts";

const SIZE = 20 * 1024 * 1024 + 777;
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const suffix = Date.now().toString(36);

let browser: Browser;
let web: WebClient;
let webPhone: string;
const webName = `Wendeline${suffix}`;
let gram: TelegramClient;
const gramName = `Gaspard${suffix}`;
const gramUsername = `gaspard${suffix}`;

beforeAll(async () => {
  addGramjsServerKey(inject("mtprotoPublicKeyPem"));
  browser = await launchBrowser();
  web = await openWebClient(browser, inject("serverUrl"));
  webPhone = await signUpInBrowser(web.page, webName);
  gram = gramjsClient(inject("serverUrl"));
  await gramjsSignUp(inject("serverUrl"), gram, gramName, "Files");
  await gram.invoke(new Api.account.UpdateUsername({ username: gramUsername }));
});
afterAll(async () => {
  await gram?.destroy().catch(() => {});
  await browser?.close();
});

/** The web user's peer as GramJS sees it, once the web user has written to GramJS. */
async function webUserInGram(): Promise<Api.User> {
  for (let i = 0; i < 100; i++) {
    const dialogs = (await gram.invoke(
      new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 50 }),
    )) as Api.messages.Dialogs;
    const u = dialogs.users.find((x) => x instanceof Api.User && x.firstName === webName);
    if (u) return u as Api.User;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the web user's message never reached GramJS");
}

describe("files between Telegram clients and the web client", { timeout: 600_000 }, () => {
  it("a photo from GramJS shows in the web client as its thumbnail, then the full image", async () => {
    await openChatWith(web.page, gramName);
    await sendMessage(web.page, "send me a photo");
    const webUser = await webUserInGram();
    // Every src the bubble's <img> takes, in order, with its natural width once loaded.
    await web.page.evaluate(() => {
      const w = window as unknown as { photoKinds: string[] };
      w.photoKinds = [];
      new MutationObserver(() => {
        for (const img of document.querySelectorAll<HTMLImageElement>("[data-testid=photo-thumb]")) {
          const kind = img.getAttribute("data-kind") ?? "";
          if (w.photoKinds.at(-1) !== kind) w.photoKinds.push(kind);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });

    const photo = testPhoto(900, 600);
    await gram.sendFile(webUser, { file: new CustomFile("harbour.png", photo.length, "", photo), caption: "harbour" });
    const thumb = bubble(web.page, "harbour").getByTestId("photo-thumb");
    await expect.poll(() => thumb.getAttribute("data-kind"), { timeout: 30_000 }).toBe("thumbnail");
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const natural = await thumb.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
    // The stored "m" thumbnail (320 px box), not the 900 × 600 original.
    expect(Math.max(...natural)).toBe(320);
    expect(Math.abs(natural[0]! / natural[1]! - 1.5)).toBeLessThan(0.02);
    const kinds = await web.page.evaluate(() => (window as unknown as { photoKinds: string[] }).photoKinds);
    expect(kinds.at(-1)).toBe("thumbnail");
    expect(kinds).not.toContain("full");
    const thumbShot = await screenshot(web.page, "telegram-clients-files-1-thumbnail");
    expect(thumbShot.variance).toBeGreaterThan(10);

    await thumb.click();
    const full = web.page.getByTestId("photo-full");
    await full.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => full.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]), { timeout: 30_000 })
      .toEqual([900, 600]);
    const fullShot = await screenshot(web.page, "telegram-clients-files-2-full");
    expect(fullShot.variance).toBeGreaterThan(10);
    await web.page.keyboard.press("Escape");
    await full.waitFor({ state: "detached" });
  });

  it("Telethon gets the web client's photo with its sizes; its 20 MB document is saved byte-identical by the web client and GramJS", async () => {
    const srv = server();
    const teleName = `Theodora${suffix}`;
    const teleUsername = `theodora${suffix}`;
    const photo = testPhoto(1200, 800);
    let result:
      | {
          photo_sizes: {
            type: string;
            w: number;
            h: number;
            size: number;
            bytes: number;
            decoded_w: number;
            decoded_h: number;
            sha256: string;
          }[];
          doc_sha256: string;
          doc_size: number;
        }
      | undefined;
    const run = await runPythonScript(
      "telethon_clients_files.py",
      {
        url: srv.url,
        port: hostPort(srv.url).port,
        pem: inject("mtprotoPublicKeyPem"),
        phone: newPhone(),
        first_name: teleName,
        username: teleUsername,
        seed: 19,
        size: SIZE,
      },
      async (line) => {
        if (line === "READY") {
          await openChatWith(web.page, teleName);
          await web.page
            .getByTestId("file-input")
            .setInputFiles({ name: "dunes.png", mimeType: "image/png", buffer: photo });
          await web.page.getByRole("dialog", { name: "Send photo" }).getByRole("button", { name: "Send" }).click();
          await web.page.getByTestId("photo-thumb").last().waitFor();
          await expect.poll(() => web.page.getByTestId("upload").count(), { timeout: 60_000 }).toBe(0);
          return JSON.stringify({ web_first_name: webName, gram_username: gramUsername });
        }
        if (line.startsWith("{")) result = JSON.parse(line);
        return undefined;
      },
    );
    expect(run.code, run.stderr).toBe(0);

    // The sizes Telethon was given are the thumbnails the media service made, then the original ("y"),
    // and each decodes to the dimensions it claims.
    const webDevice = await signIn(srv, webPhone);
    const { user: teleUser } = await webDevice.client.call("contacts.resolveUsername", { username: teleUsername });
    const history = await webDevice.client.call("messages.getHistory", {
      peer: { _: "user", id: teleUser.id },
      limit: 5,
    });
    const sentPhoto = (history.messages as Message[])
      .map((m) => m.media as MediaRef | undefined)
      .find((m) => m?.mime_type.startsWith("image/"));
    expect(sentPhoto).toBeDefined();
    const made = sentPhoto!.thumbnails.filter((t) => t.type !== "i");
    expect(made.length).toBe(3);
    expect(result?.photo_sizes.map(({ type, w, h }) => ({ type, w, h }))).toEqual([
      ...made.map(({ type, w, h }) => ({ type, w, h })),
      { type: "y", w: 1200, h: 800 },
    ]);
    for (const s of result!.photo_sizes) {
      expect([s.decoded_w, s.decoded_h], s.type).toEqual([s.w, s.h]);
      expect(s.bytes, s.type).toBe(s.size);
    }
    expect(result?.photo_sizes.at(-1)?.sha256).toBe(sha256(photo));
    webDevice.client.close();

    // The web client downloads the 20 MB document and saves it: the saved file is the one Telethon sent.
    expect(result?.doc_size).toBe(SIZE);
    await web.page.getByRole("button", { name: "Download twenty.bin" }).click({ timeout: 60_000 });
    const save = web.page.getByRole("link", { name: "Save twenty.bin" });
    await save.waitFor({ timeout: 240_000 });
    const [download] = await Promise.all([web.page.waitForEvent("download"), save.click()]);
    expect(download.suggestedFilename()).toBe("twenty.bin");
    const saved = await readFile((await download.path()) as string);
    expect(saved.length).toBe(SIZE);
    expect(sha256(saved)).toBe(result?.doc_sha256);
    await screenshot(web.page, "telegram-clients-files-3-document");

    // GramJS downloads its copy of the same document by its own upload.getFile chunking.
    const [fromTele] = (await gram.getMessages(teleUsername, { limit: 1 })) as Api.Message[];
    expect(fromTele?.message).toBe("the same twenty megabytes");
    const doc = (fromTele!.media as Api.MessageMediaDocument).document as Api.Document;
    expect(Number(doc.size)).toBe(SIZE);
    const got = (await gram.downloadMedia(fromTele!)) as Buffer;
    expect(got.length).toBe(SIZE);
    expect(sha256(got)).toBe(result?.doc_sha256);
  });
});
