/**
 * Vite plugin for the app's own emoji: copies Twemoji's SVGs (@twemoji/svg) to
 * `emoji/<codepoints>.svg`, outside `assets/` so the service worker does not
 * precache all of them; each is fetched only when an emoji is drawn. Also serves
 * `virtual:emoji-list`, the picker's list cut from emojibase-data to the fields it
 * uses (no skin-tone variants), so its lazy chunk stays small.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Plugin } from "vite";

const require = createRequire(import.meta.url);
const svgDir = dirname(require.resolve("@twemoji/svg/package.json"));
const LIST_ID = "virtual:emoji-list";

/** [label, emoji, group, tags joined by spaces] for each emoji the picker offers (group 2 is skin-tone components). */
function emojiList(): string {
  const all: { label: string; unicode: string; group?: number; tags?: string[] }[] = JSON.parse(
    readFileSync(require.resolve("emojibase-data/en/compact.json"), "utf8"),
  );
  const rows = all
    .filter((e) => e.group !== undefined && e.group !== 2)
    .map((e) => [e.label, e.unicode, e.group, (e.tags ?? []).join(" ")]);
  return `export default JSON.parse(${JSON.stringify(JSON.stringify(rows))});`;
}

export function emojiPlugin(): Plugin {
  return {
    name: "edgegram-emoji",
    resolveId: (id) => (id === LIST_ID ? `\0${LIST_ID}` : undefined),
    load: (id) => (id === `\0${LIST_ID}` ? emojiList() : undefined),
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
