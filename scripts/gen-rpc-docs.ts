/**
 * Writes docs/rpc.md, the RPC method reference, from the valibot schemas in
 * protocol/rpc and protocol/model (`npm run docs:rpc`). `--check` only says
 * whether the committed file is current (exit 1 when stale).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderRpcDocs } from "./rpc-docs/render.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "docs", "rpc.md");
const text = await renderRpcDocs(root);

if (process.argv.includes("--check")) {
  const current = readFileSync(target, "utf8");
  if (current !== text) {
    console.error("docs/rpc.md is stale: run `npm run docs:rpc`");
    process.exit(1);
  }
  console.log("docs/rpc.md is current");
} else {
  writeFileSync(target, text);
  console.log(`wrote docs/rpc.md (${text.length} characters)`);
}
