/**
 * Builds the web client into `clients/web/dist`, which the gateway serves as
 * static assets (wrangler `[assets]`). Preact via the automatic JSX runtime.
 */
import { defineConfig } from "vite";
import { emojiPlugin } from "./build/emoji-plugin.ts";
import { pwaPlugin } from "./build/pwa-plugin.ts";

export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  publicDir: "public",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
  },
  plugins: [pwaPlugin(), emojiPlugin()],
});
