/**
 * Drives the web client in real Chromium, in the words of the user's story:
 * `const alice = await openWebClient(browser, url); await signUpInBrowser(alice.page, "Alice")`.
 * Shared with the terminal-client tests (a browser user and a terminal user talking).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = "test-artifacts";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

/** One Chromium for a test file's tests, closed after them: `const browser = browserPerFile()`, then `browser()`. */
export function browserPerFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("the browser is launched in beforeAll");
    return browser;
  };
}

export interface WebClient {
  context: BrowserContext;
  page: Page;
  /** The phone number the user signed up with (set by signUpInBrowser). */
  phone?: string;
}

/** A fresh browser profile (its own IndexedDB) with the app open. */
export async function openWebClient(
  browser: Browser,
  url: string,
  viewport = { width: 1100, height: 720 },
): Promise<WebClient> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`[browser] ${e.message}`));
  page.on("console", (m) => m.type() === "error" && console.error(`[browser console] ${m.text()}`));
  await page.goto(url);
  return { context, page };
}

let counter = 0;
export function browserPhone(): string {
  counter++;
  return `+7${String(Date.now()).slice(-7)}${String(process.pid % 100).padStart(2, "0")}${counter}`;
}

/** Phone → the dev code the app shows → a name: a new account, signed in. */
export async function signUpInBrowser(page: Page, firstName: string, phone = browserPhone()): Promise<string> {
  await enterPhoneAndDevCode(page, phone);
  await page.getByLabel("First name").fill(firstName);
  await page.getByRole("button", { name: "Start messaging" }).click();
  await page.getByRole("complementary", { name: "Chats" }).waitFor();
  return phone;
}

/** An existing account signing in on a new device: phone, the code the app shows, and in. */
export async function signInInBrowser(page: Page, phone: string): Promise<void> {
  await enterPhoneAndDevCode(page, phone);
  await page.getByRole("complementary", { name: "Chats" }).waitFor();
}

/** The sign-in screen's first two steps: the phone, then the code the development server shows. */
export async function enterPhoneAndDevCode(page: Page, phone: string): Promise<void> {
  await page.getByLabel("Phone number").fill(phone);
  await page.getByRole("button", { name: "Next" }).click();
  const hint = page.getByTestId("dev-code").locator("strong");
  await hint.waitFor();
  await page.getByLabel("Code").fill((await hint.textContent()) ?? "");
  await page.getByRole("button", { name: "Next" }).click();
}

/**
 * Before the page's app runs: grants notifications and records each Notification the page creates, and
 * lets the test hide the tab (`window.__hidden = true` and a visibilitychange event; a headless tab is
 * never really hidden). Reloads the page so the recorder is in place; returns a reader of the record.
 */
export async function watchNotifications(
  context: BrowserContext,
  page: Page,
  url: string,
): Promise<() => Promise<{ title: string; body?: string }[]>> {
  await context.grantPermissions(["notifications"], { origin: url });
  await context.addInitScript(() => {
    const w = window as unknown as {
      __notifications: { title: string; body?: string }[];
      __hidden: boolean;
      Notification: typeof Notification;
    };
    w.__notifications = [];
    w.__hidden = false;
    const Real = w.Notification;
    w.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        w.__notifications.push({ title, body: options?.body });
      }
    };
    Object.defineProperty(document, "visibilityState", { get: () => (w.__hidden ? "hidden" : "visible") });
    Object.defineProperty(document, "hidden", { get: () => w.__hidden });
  });
  await page.reload();
  return () =>
    page.evaluate(() => (window as unknown as { __notifications: { title: string; body?: string }[] }).__notifications);
}

/** Hides or shows the tab as the app sees it (after watchNotifications). */
export async function setTabHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    (window as unknown as { __hidden: boolean }).__hidden = h;
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

/** Searches people by name and opens the private chat with the first match. */
export async function openChatWith(page: Page, name: string): Promise<void> {
  await page.getByRole("searchbox", { name: "Search users" }).fill(name);
  await page.getByRole("list", { name: "Search results" }).getByRole("button", { name }).first().click();
  await page.getByRole("heading", { name }).waitFor();
}

/** Opens an existing dialog from the chat list. */
export async function openDialog(page: Page, title: string): Promise<void> {
  await page
    .getByRole("list", { name: "Chat list" })
    .getByRole("button", { name: new RegExp(`^${title}`) })
    .click();
  await page.getByRole("heading", { name: title }).waitFor();
}

/** Types and sends with Enter; resolves once the message shows in the chat (text as rendered, markup removed). */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const box = page.getByLabel("Message", { exact: true });
  await box.fill(text);
  await box.press("Enter");
  await page.waitForFunction(() => (document.getElementById("composer-input") as HTMLTextAreaElement).value === "");
  await bubble(page, text.replace(/\*\*|__|`/g, "")).waitFor();
}

/** Opens the actions menu of the message with this text and picks an item ("Reply", "Edit", "React 👍" …). */
export async function messageAction(page: Page, text: string, action: string): Promise<void> {
  const msg = bubble(page, text);
  await msg.hover();
  await msg.getByRole("button", { name: "Message actions" }).click();
  await page.getByRole("menu").getByRole("menuitem", { name: action, exact: true }).click();
}

/** The message bubble whose text contains `text`. */
export const bubble = (page: Page, text: string) =>
  page
    .locator(".msg")
    .filter({ has: page.locator(".text", { hasText: text }) })
    .last();

/** Saves a PNG of the page to test-artifacts/ and returns its luminance variance (0 = one flat colour). */
export async function screenshot(page: Page, name: string): Promise<{ path: string; variance: number; mean: number }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  const png = await page.screenshot({ path });
  return { path, ...pngLuminance(new Uint8Array(png)) };
}

/** Luminance variance of an 8-bit RGB/RGBA PNG (what Chromium writes), for "did it render" checks. */
export function pngVariance(png: Uint8Array): number {
  return pngLuminance(png).variance;
}

/** Mean luminance (0–255) and its variance over a PNG's pixels (every 4th column sampled). */
export function pngLuminance(png: Uint8Array): { mean: number; variance: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let off = 8;
  let w = 0;
  let h = 0;
  let channels = 4;
  const idat: Uint8Array[] = [];
  while (off < png.length) {
    const len = view.getUint32(off);
    const type = String.fromCharCode(...png.subarray(off + 4, off + 8));
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      w = view.getUint32(off + 8);
      h = view.getUint32(off + 12);
      channels = data[9] === 2 ? 3 : 4;
    } else if (type === "IDAT") idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = w * channels;
  const prev = new Uint8Array(stride);
  const cur = new Uint8Array(stride);
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)] as number;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (cur[x - channels] as number) : 0;
      const b = prev[x] as number;
      const c = x >= channels ? (prev[x - channels] as number) : 0;
      const v = line[x] as number;
      let out: number;
      if (f === 0) out = v;
      else if (f === 1) out = v + a;
      else if (f === 2) out = v + b;
      else if (f === 3) out = v + ((a + b) >> 1);
      else {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        out = v + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      cur[x] = out & 0xff;
    }
    for (let x = 0; x < w; x += 4) {
      const i = x * channels;
      const l = 0.299 * (cur[i] as number) + 0.587 * (cur[i + 1] as number) + 0.114 * (cur[i + 2] as number);
      sum += l;
      sq += l * l;
      n++;
    }
    prev.set(cur);
  }
  const mean = sum / n;
  return { mean, variance: sq / n - mean * mean };
}
