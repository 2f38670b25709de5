/**
 * Vite plugin for the app's own emoji: copies Twemoji's SVGs (@twemoji/svg) to
 * `emoji/<codepoints>.svg`, outside `assets/` so the service worker does not
 * precache all of them; each is fetched only when an emoji is drawn.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Plugin } from "vite";

const svgDir = dirname(createRequire(import.meta.url).resolve("@twemoji/svg/package.json"));

export function emojiPlugin(): Plugin {
  return {
    name: "edgegram-emoji",
    configureServer(server) {
      server.middlewares.use("/emoji/", (req, res, next) => {
        const name = (req.url ?? "").replace(/^\//, "").split("?")[0] ?? "";
        if (!/^[0-9a-f-]+\.svg$/.test(name)) return next();
        try {
          const body = readFileSync(join(svgDir, name));
          res.setHeader("content-type", "image/svg+xml");
          res.end(body);
        } catch {
          next();
        }
      });
    },
    generateBundle() {
      for (const file of readdirSync(svgDir)) {
        if (!file.endsWith(".svg")) continue;
        this.emitFile({ type: "asset", fileName: `emoji/${file}`, source: readFileSync(join(svgDir, file)) });
      }
    },
  };
}
