/**
 * Vite plugin for the app's own emoji: copies Twemoji's SVGs (@twemoji/svg) to
 * `emoji/<codepoints>.svg`, outside `assets/` so the service worker does not
 * precache all of them; each is fetched only when an emoji is drawn. Also serves
 * `virtual:emoji-list`, the picker's list cut from emojibase-data to the fields it
 * uses (no skin-tone variants), so its lazy chunk stays small. Text that cannot hold
 * images (the message box, inputs, titles) gets the same set as a COLR font
 * (twemoji-colr-font) whose unicode-range makes the browser fetch it only when an
 * emoji is on screen.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Plugin } from "vite";

const require = createRequire(import.meta.url);
const svgDir = dirname(require.resolve("@twemoji/svg/package.json"));
const fontFile = require.resolve("twemoji-colr-font/twemoji.woff2");
const LIST_ID = "virtual:emoji-list";
const FONT_URL = "/emoji/twemoji.woff2";
/** Emoji code points only: digits, # and * stay in the text font (keycaps are rare and still legible). */
const EMOJI_RANGE =
  "U+203C, U+2049, U+2139, U+2194-21AA, U+231A-23FF, U+24C2, U+25AA-25FE, U+2600-27BF, " +
  "U+2934-2935, U+2B05-2B55, U+3030, U+303D, U+3297, U+3299, U+FE0F, U+200D, U+20E3, U+1F000-1FAFF, U+E0020-E007F";
const FONT_FACE = `@font-face{font-family:"Edgegram Emoji";src:url(${FONT_URL}) format("woff2");unicode-range:${EMOJI_RANGE};font-display:swap}`;

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
    transformIndexHtml: () => [{ tag: "style", children: FONT_FACE, injectTo: "head" }],
    configureServer(server) {
      server.middlewares.use("/emoji/", (req, res, next) => {
        const name = (req.url ?? "").replace(/^\//, "").split("?")[0] ?? "";
        const font = `/${name}` === FONT_URL.slice("/emoji".length);
        if (!font && !/^[0-9a-f-]+\.svg$/.test(name)) return next();
        try {
          const body = readFileSync(font ? fontFile : join(svgDir, name));
          res.setHeader("content-type", font ? "font/woff2" : "image/svg+xml");
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
      this.emitFile({ type: "asset", fileName: FONT_URL.slice(1), source: readFileSync(fontFile) });
    },
  };
}
