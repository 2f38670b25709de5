/** Files in the browser: dropped onto the chat, downloaded by the other side with progress; an upload cancelled. */
import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  launchBrowser,
  openChatWith,
  openDialog,
  openWebClient,
  sendMessage,
  signUpInBrowser,
  type WebClient,
} from "./web-client.ts";

let browser: Browser;
let hana: WebClient;
let ivan: WebClient;

beforeAll(async () => {
  browser = await launchBrowser();
  hana = await openWebClient(browser, inject("serverUrl"));
  ivan = await openWebClient(browser, inject("serverUrl"));
  await signUpInBrowser(hana.page, "Hana");
  await signUpInBrowser(ivan.page, "Ivan");
  await openChatWith(hana.page, "Ivan");
  await sendMessage(hana.page, "files coming");
  await openDialog(ivan.page, "Hana");
});
afterAll(async () => {
  await browser?.close();
});

describe("files between Hana and Ivan", () => {
  it("Should send a dropped file that the other side downloads intact", async () => {
    const content = `meeting notes ${"lorem ipsum ".repeat(2000)}`;
    const drop = await hana.page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "notes.txt", { type: "text/plain" }));
      return dt;
    }, content);
    await hana.page.dispatchEvent(".chat", "dragover", { dataTransfer: drop });
    await hana.page.getByText("Drop files here to send them").waitFor();
    await hana.page.dispatchEvent(".chat", "drop", { dataTransfer: drop });

    await ivan.page.getByRole("button", { name: "Download notes.txt" }).click();
    const save = ivan.page.getByRole("link", { name: "Save notes.txt" });
    await save.waitFor();
    const href = (await save.getAttribute("href")) as string;
    expect(await ivan.page.evaluate((u) => fetch(u).then((r) => r.text()), href)).toBe(content);
  });

  it("Should cancel an upload in progress: nothing is sent", async () => {
    await hana.page
      .getByTestId("file-input")
      .setInputFiles({ name: "huge.bin", mimeType: "application/octet-stream", buffer: randomBytes(8 * 1024 * 1024) });
    await hana.page.getByTestId("upload-progress").waitFor();
    await hana.page.getByRole("button", { name: "Cancel upload of huge.bin" }).click();
    await hana.page.getByTestId("upload").waitFor({ state: "detached" });
    await sendMessage(hana.page, "never mind the big file");
    await ivan.page.locator(".msg", { hasText: "never mind the big file" }).waitFor();
    expect(await ivan.page.getByText("huge.bin").count()).toBe(0);
    expect(await hana.page.getByText("huge.bin").count()).toBe(0);
  });
});
