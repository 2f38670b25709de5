/**
 * Three kinds of tests: inside workerd with real Durable Objects, R2 and KV
 * (@cloudflare/vitest-plugin); end to end over real sockets against
 * `wrangler dev`; and in real Chromium (playwright-core).
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { testSecrets } from "./test/secrets.ts";

const COMPAT = "2026-11-01";

// wrangler.toml serves the web client from here ([assets]); `npm test` builds it first, and the gateway
// starts without it too (e.g. `npx vitest run --project workers` on a fresh clone).
mkdirSync("clients/web/dist", { recursive: true });

/** The media bundle and the wasm it imports (Photon): miniflare does not follow a bundle's imports by itself. */
const mediaModules = () => [
  { type: "ESModule", path: "dist/media/index.js" },
  ...readdirSync("dist/media")
    .filter((f) => f.endsWith(".wasm"))
    .map((f) => ({ type: "CompiledWasm", path: `dist/media/${f}` })),
];

/** Auxiliary workers run from their built bundles (npm run build:workers). */
const auxiliary = [
  existsSync("dist/media/index.js") && {
    name: "edgegram-media",
    modules: mediaModules(),
    compatibilityDate: COMPAT,
    // The bindings of workers/media/wrangler.toml (the plugin reads only the main worker's config).
    durableObjects: { UPLOADS: { className: "UploadObject", useSQLite: true } },
    r2Buckets: { MEDIA_BUCKET: "edgegram-media" },
    kvNamespaces: { MEDIA_KV: "edgegram-media-kv" },
    // Uploads idle for 15 s expire here (a day in production), so the cleanup alarm is testable.
    bindings: { MEDIA_SECRET: testSecrets.MEDIA_SECRET, UPLOAD_TTL_MS: "15000" },
  },
  existsSync("dist/bot-api/index.js") && {
    name: "edgegram-bot-api",
    modules: true,
    scriptPath: "./dist/bot-api/index.js",
    compatibilityDate: COMPAT,
    bindings: { DEV_MODE: "1" },
    // The worker under test is the gateway, named after the project: it exports BotObject.
    durableObjects: { BOTS: { className: "BotObject", scriptName: "vitest-plugin-runner-workers" } },
  },
].filter(Boolean) as Record<string, unknown>[];

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: { ...testSecrets, DEV_MODE: "1", FUZZ_RUNS: process.env.FUZZ_RUNS ?? "" },
              workers: auxiliary as never,
            },
          }),
        ],
        // The gateway as `npm start` builds it: with its development-only routes (see wrangler.toml [define]).
        define: { __DEV_ROUTES__: "true" },
        test: {
          name: "workers",
          include: ["test/{protocol,gateway,messaging,media,bot-api,hardening}/**/*.test.ts"],
          // Vitest's 5 s default is too tight for a loaded 2-core CI machine (a photo's thumbnails, a fuzz
          // run); a hang still ends in 30 s.
          testTimeout: 30_000,
          // Files share a runner (each still gets its own object names): a fresh one per file cost ~1.4 s and
          // re-transformed every import; the whole project went from 371 s to 264 s here.
          isolate: false,
        },
      },
      {
        // Pure modules, generated docs and the source tree's rules, in plain Node (no workerd).
        // Test files share a worker (isolate: false): they hold no global state, and a fresh worker per file cost ~0.7 s each.
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node", isolate: false },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          isolate: false,
        },
      },
      {
        // The web client in real Chromium (playwright-core), against one local system serving it.
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/browser/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          isolate: false,
        },
      },
    ],
  },
});
