/**
 * `npm run deploy:check`: builds every worker exactly as `wrangler deploy`
 * would (dry run, no account needed) and reports each bundle's size against
 * Cloudflare's limits, plus checks that no development-only setting ships:
 * DEV_MODE in any section of a config, or the /dev routes in a bundle
 * (scripts/deploy-rules.ts). Dashboard variables cannot be seen from here:
 * the gateway refuses /dev off loopback even if one sets DEV_MODE.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { devModeInConfig, devRoutesInBundle } from "./deploy-rules.ts";

/** Compressed script size limits (Workers Free / Paid). */
const LIMIT_FREE = 3 * 1024 * 1024;
const LIMIT_PAID = 10 * 1024 * 1024;

const root = process.cwd();
const workers = [
  { name: "gateway", config: "wrangler.toml" },
  { name: "media", config: "workers/media/wrangler.toml" },
  { name: "bot-api", config: "workers/bot-api/wrangler.toml" },
].filter((w) => existsSync(w.config));

let failed = false;
const rows: Record<string, string | number>[] = [];
for (const w of workers) {
  // Absolute: wrangler resolves a relative --outdir against the config file's directory.
  const outdir = join(root, "dist", "deploy", w.name);
  const out = execFileSync(
    join(root, "node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", "-c", w.config, "--outdir", outdir],
    {
      encoding: "utf8",
      env: {
        ...process.env,
        PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
        WRANGLER_SEND_METRICS: "false",
      },
    },
  );
  const js = readdirSync(outdir).filter((f) => f.endsWith(".js") || f.endsWith(".mjs") || f.endsWith(".wasm"));
  let raw = 0;
  let gz = 0;
  const devRoutes = new Set<string>();
  for (const f of js) {
    const bytes = readFileSync(join(outdir, f));
    raw += statSync(join(outdir, f)).size;
    gz += gzipSync(bytes).length;
    if (!f.endsWith(".wasm")) for (const r of devRoutesInBundle(bytes.toString("utf8"))) devRoutes.add(r);
  }
  // DEV_MODE must only ever come from .dev.vars (local), never from a deployed config: not in [vars],
  // not in any [env.*] section (wrangler's dry run prints only the default environment's vars).
  const devSections = devModeInConfig(readFileSync(w.config, "utf8"));
  const devVar = /DEV_MODE/.test(out) || devSections.length > 0;
  if (gz > LIMIT_FREE || devVar || devRoutes.size > 0 || js.length === 0) failed = true;
  rows.push({
    worker: w.name,
    files: js.join(" "),
    "size KiB": Math.round(raw / 1024),
    "gzip KiB": Math.round(gz / 1024),
    "free limit (3 MiB)": gz <= LIMIT_FREE ? "ok" : "OVER",
    "paid limit (10 MiB)": gz <= LIMIT_PAID ? "ok" : "OVER",
    "DEV_MODE in config": devVar ? `YES in ${devSections.join(" ") || "[vars]"} (must not ship)` : "no",
    "/dev routes in bundle": devRoutes.size ? `YES ${[...devRoutes].join(" ")} (must not ship)` : "no",
  });
}
console.table(rows);
const secrets = ["SERVER_IDENTITY_KEY", "MEDIA_SECRET", "AUTH_KEY_STORAGE_KEY", "MTPROTO_RSA_KEY"];
console.log(`secrets to set before the first deploy: ${secrets.map((s) => `wrangler secret put ${s}`).join("; ")}`);
if (failed) {
  console.error("deploy check failed");
  process.exit(1);
}
