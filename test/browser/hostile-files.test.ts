/**
 * Hostile uploads in real Chromium: an HTML page and an SVG, each carrying script that would mark
 * the app origin's storage, are opened from their /files URL (navigated to and framed by the app);
 * the script never runs there, and the service worker's offline shell stays the app.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileUrl, uploadFile } from "../../clients/sdk/index.ts";
import { server, signUp } from "../e2e/story.ts";
import { launchBrowser, openWebClient, type WebClient } from "./web-client.ts";

const srv = server();
let browser: Browser;
let app: WebClient;

/** What each file's script would do on the app's origin: leave a mark in its storage. */
const mark = (kind: string) => `localStorage.setItem("xss", "${kind}"); indexedDB.open("xss-${kind}");`;
const hostile = [
  { name: "page.html", mime: "text/html", body: `<!doctype html><script>${mark("html")}</script>` },
  {
    name: "image.svg",
    mime: "image/svg+xml",
    body: `<svg xmlns="http://www.w3.org/2000/svg"><script>${mark("svg")}</script></svg>`,
  },
  // Labelled as a harmless image: without nosniff a browser could still take it for a page.
  { name: "fake.png", mime: "image/png", body: `<html><script>${mark("sniffed")}</script></html>` },
];

beforeAll(async () => {
  browser = await launchBrowser();
  app = await openWebClient(browser, srv.url);
  // The service worker is in charge of this page from here on, as it is for a returning user.
  await app.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await app.page.reload();
});
afterAll(async () => {
  await browser?.close();
});

describe("hostile uploaded files in Chromium", () => {
  it("Should never run an uploaded file's script on the app's origin, nor let it replace the offline shell", async () => {
    const mallory = await signUp(srv, "Mallory");
    const urls: string[] = [];
    for (const f of hostile) {
      const ref = await uploadFile(mallory.client, new TextEncoder().encode(f.body), {
        name: f.name,
        mimeType: f.mime,
      });
      urls.push(`${srv.url}${(await fileUrl(mallory.client, ref, 300)).url}`);
    }
    const { page } = app;
    for (const url of urls) {
      // A victim clicks the link: the browser navigates to the file (a download does not finish a navigation).
      await page.goto(url, { timeout: 5000 }).catch(() => {});
      await page.goto(srv.url);
      // The app frames it (as a preview would).
      await page.evaluate(
        (src) =>
          new Promise<void>((resolve) => {
            const frame = document.createElement("iframe");
            frame.src = src;
            frame.onload = () => resolve();
            setTimeout(resolve, 3000);
            document.body.append(frame);
          }),
        url,
      );
      await page.waitForTimeout(300);
    }
    // Read back from another page of the origin that is not the app (a navigation the shell must not become).
    await page.goto(`${srv.url}/health`);
    expect(await page.evaluate(() => localStorage.getItem("xss"))).toBeNull();
    const dbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(dbs.filter((n) => n?.startsWith("xss-"))).toEqual([]);
    // Whatever the service worker keeps as the offline page is still the app.
    const shells = await page.evaluate(async () => {
      const out: string[] = [];
      for (const key of await caches.keys()) {
        const hit = await (await caches.open(key)).match("/");
        if (hit) out.push(await hit.text());
      }
      return out;
    });
    expect(shells.length).toBeGreaterThan(0);
    for (const shell of shells) expect(shell).toContain('<div id="app">');
  });
});
