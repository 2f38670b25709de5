/**
 * Regenerates the workers' `Env` types from their wrangler configs (`npm run types`; `--check` only
 * verifies they are current). The gateway's `Env` is the one the core and its objects see; the
 * media worker's is `MediaEnv`, the Bot API worker's `BotApiEnv`. Passing the other configs lets service-binding RPC types resolve.
 * Secrets and development-only variables are not in any config: env.d.ts declares them.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = process.cwd();
const check = process.argv.includes("--check");

interface Target {
  out: string;
  envInterface: string;
  configs: string[];
  /** Only one file may describe `Cloudflare.Env` / `GlobalProps` (the runtime `env` of tests is the gateway's). */
  primary: boolean;
}

const targets: Target[] = [
  {
    out: "worker-configuration.d.ts",
    envInterface: "Env",
    configs: ["wrangler.toml", "workers/media/wrangler.toml", "workers/bot-api/wrangler.toml"],
    primary: true,
  },
  {
    out: "workers/media/worker-configuration.d.ts",
    envInterface: "MediaEnv",
    configs: ["workers/media/wrangler.toml"],
    primary: false,
  },
  {
    out: "workers/bot-api/worker-configuration.d.ts",
    envInterface: "BotApiEnv",
    // The gateway's config too: BOTS is its BotObject (script_name).
    configs: ["workers/bot-api/wrangler.toml", "wrangler.toml"],
    primary: false,
  },
];

/**
 * Keeps only the interfaces of a secondary file: its `Cloudflare` namespace, helper types and module
 * declarations would repeat the primary's (two `GlobalProps` cannot merge).
 */
function interfacesOnly(text: string, envInterface: string): string {
  const lines = text.split("\n");
  const end = lines.findIndex((l) => l.startsWith(`interface ${envInterface} extends`));
  const base = lines.findIndex((l) => l.startsWith("interface __BaseEnv_"));
  const baseEnd = lines.indexOf("}", base);
  return [...lines.slice(0, base), ...lines.slice(base, baseEnd + 1), lines[end], ""].join("\n");
}

let stale = false;
// A fresh `npm ci` has no node_modules/.cache yet, and wrangler will not create its output's folder.
mkdirSync(join(root, "node_modules/.cache"), { recursive: true });
for (const t of targets) {
  const tmp = join(root, "node_modules/.cache", `types-${t.envInterface}.d.ts`);
  execFileSync(
    join(root, "node_modules/.bin/wrangler"),
    [
      "types",
      tmp,
      ...t.configs.flatMap((c) => ["-c", c]),
      "--env-interface",
      t.envInterface,
      "--include-runtime=false",
      // Secrets are declared in env.d.ts: reading the local .dev.vars would make the output differ per machine.
      "--env-file=/dev/null",
      `--include-main-module=${t.primary}`,
    ],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
        WRANGLER_SEND_METRICS: "false",
      },
    },
  );
  // wrangler writes import paths relative to the output file: make them relative to the real one.
  const depth = t.out.split("/").length - 1;
  const prefix = depth === 0 ? "./" : "../".repeat(depth);
  let text = readFileSync(tmp, "utf8").replaceAll('import("../../', `import("${prefix}`);
  text = text.replace(tmp, t.out);
  if (!t.primary) text = interfacesOnly(text, t.envInterface);
  if (check) {
    const current = readFileSync(join(root, t.out), "utf8");
    if (current !== text) {
      console.error(`${t.out} is stale: run npm run types`);
      stale = true;
    }
  } else {
    writeFileSync(join(root, t.out), text);
    console.log(`wrote ${t.out}`);
  }
}
if (stale) process.exit(1);
