/**
 * Vite plugin for the installable app: emits the PNG icons (192, 512,
 * maskable) drawn at build time, so no binaries live in git, and the service
 * worker with the list of files it precaches (the hashed bundle names).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "vite";
import { drawIcon } from "./icon.ts";

export function pwaPlugin(): Plugin {
  return {
    name: "edgegram-pwa",
    generateBundle(_options, bundle) {
      const icons: [string, Uint8Array][] = [
        ["icon-192.png", drawIcon(192, false)],
        ["icon-512.png", drawIcon(512, false)],
        ["icon-maskable-512.png", drawIcon(512, true)],
        ["apple-touch-icon.png", drawIcon(180, true)],
      ];
      for (const [fileName, source] of icons) this.emitFile({ type: "asset", fileName, source });
      const assets = Object.keys(bundle).filter((f) => f.startsWith("assets/"));
      const shell = ["/", "/manifest.webmanifest", "/icon-192.png", "/icon-512.png", ...assets.map((f) => `/${f}`)];
      const version = createHash("sha256").update(shell.join("\n")).digest("hex").slice(0, 12);
      const template = readFileSync(join(import.meta.dirname, "..", "sw.js"), "utf8");
      this.emitFile({
        type: "asset",
        fileName: "sw.js",
        source: template.replace("__SHELL__", JSON.stringify(shell)).replace("__VERSION__", JSON.stringify(version)),
      });
    },
  };
}
