/**
 * Web client figures: the built JS/CSS size (gzip, what a browser downloads)
 * and how long the app shell takes to show the sign-in form in Chromium,
 * cold (fresh profile) and warm (reload, service worker cache), against the
 * time to fetch /health from the same server in the same page (the floor),
 * and how long a new device takes to be connected (auth key + socket).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { LocalSystem } from "../scripts/local-system.ts";
import { launchBrowser } from "../test/browser/web-client.ts";
import { ratio, round, summarize } from "./stats.ts";

const DIST = "clients/web/dist";
const RUNS = 7;

function gzipKB(ext: string): number {
  const dir = join(DIST, "assets");
  const files = readdirSync(dir).filter((f) => f.endsWith(ext));
  const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
  return round(bytes / 1024, 1);
}

export async function benchWeb(sys: Pick<LocalSystem, "url">) {
  const sizes = { js_gzip_kb: gzipKB(".js"), css_gzip_kb: gzipKB(".css") };
  const browser = await launchBrowser();
  const cold: number[] = [];
  const warm: number[] = [];
  const floor: number[] = [];
  const online: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      let t = performance.now();
      await page.goto(sys.url);
      await page.getByLabel("Phone number").waitFor();
      cold.push(performance.now() - t);
      // A new device also creates its auth key (signed handshake) and opens the encrypted socket.
      await page.getByRole("button", { name: "Next" }).waitFor();
      await page.waitForFunction(() => !document.querySelector("[data-testid=connection-banner]"));
      online.push(performance.now() - t);
      // Let the service worker install and take the shell, then load again.
      await page.evaluate(() => navigator.serviceWorker?.ready);
      t = performance.now();
      await page.reload();
      await page.getByLabel("Phone number").waitFor();
      warm.push(performance.now() - t);
      t = performance.now();
      await page.evaluate((u) => fetch(`${u}/health`).then((r) => r.text()), sys.url);
      floor.push(performance.now() - t);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const c = summarize(cold);
  const w = summarize(warm);
  const f = summarize(floor);
  const o = summarize(online);
  return {
    ...sizes,
    shell_to_sign_in_form_cold_ms: c,
    shell_to_sign_in_form_warm_ms: w,
    new_device_connected_ms: o,
    health_fetch_ms: f,
    cold_vs_health_fetch: ratio(c.p50, f.p50),
  };
}
