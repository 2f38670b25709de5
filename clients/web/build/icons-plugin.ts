/** Vite plugin: emits the app's PNG icons (192, 512, maskable) drawn at build time, so no binaries live in git. */
import type { Plugin } from "vite";
import { drawIcon } from "./icon.ts";

export function pwaIcons(): Plugin {
  return {
    name: "edgegram-pwa-icons",
    generateBundle() {
      for (const size of [192, 512]) {
        this.emitFile({ type: "asset", fileName: `icon-${size}.png`, source: drawIcon(size, false) });
      }
      this.emitFile({ type: "asset", fileName: "icon-maskable-512.png", source: drawIcon(512, true) });
      this.emitFile({ type: "asset", fileName: "apple-touch-icon.png", source: drawIcon(180, true) });
    },
  };
}
