/**
 * Bundles each auxiliary worker with `wrangler deploy --dry-run --outdir`
 * into dist/<name>/, for the in-workerd tests (the plugin runs auxiliary
 * workers from built scripts) and for size checks.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = process.cwd();
const workers = [
  { name: "media", config: "workers/media/wrangler.toml" },
  { name: "bot-api", config: "workers/bot-api/wrangler.toml" },
];
for (const w of workers) {
  if (!existsSync(w.config)) continue;
  execFileSync(
    join(root, "node_modules/.bin/wrangler"),
    // Absolute: wrangler resolves a relative --outdir against the config's directory.
    ["deploy", "--dry-run", "-c", w.config, "--outdir", join(root, "dist", w.name)],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
        WRANGLER_SEND_METRICS: "false",
      },
    },
  );
  console.log(`built dist/${w.name}`);
}
