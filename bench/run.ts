/**
 * `npm run bench`: starts a fresh local system and runs every benchmark in
 * one go, printing figures as ratios against baselines measured in the same
 * run. Writes the full report to bench/last-report.json (git-ignored).
 */
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { scratchStateDir, startLocalSystem, stateRoot } from "../scripts/local-system.ts";
import { benchCrypto } from "./crypto.ts";
import { benchFrameCipher } from "./frame-cipher.ts";
import { benchSession } from "./session.ts";

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);
const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${process.platform} ${process.arch}`,
  /** Where Durable Object storage lived: RAM (/dev/shm) unless EDGEGRAM_STATE_ROOT says otherwise. */
  state_root: stateRoot(),
};

if (wanted("crypto")) {
  report.crypto = await benchCrypto();
  console.log("\n# AEAD throughput (Node 22, this process)");
  console.table(report.crypto);
}

if (wanted("frame-cipher")) {
  report.frame_cipher = await benchFrameCipher();
  console.log("\n# Frame seal/open MB/s: XChaCha20-Poly1305 vs AES-256-GCM (Node 22, this process)");
  console.table(report.frame_cipher);
}

const stateDir = scratchStateDir("edgegram-bench");
const sys = await startLocalSystem({ stateDir });
try {
  if (wanted("session")) {
    report.session = await benchSession(sys);
    console.log("\n# Session: handshake and encrypted RPC vs bare WebSocket echo");
    console.log(JSON.stringify(report.session, null, 2));
  }
  // Benchmarks owned by the other components, run when they exist.
  const suites: [string, string, string][] = [
    ["messaging", "./messaging.ts", "benchMessaging"],
    ["media", "./media.ts", "benchMedia"],
    ["frame-upload", "./frame-upload.ts", "benchFrameUpload"],
    ["bot-api", "./bot-api.ts", "benchBotApi"],
    ["web", "./web.ts", "benchWeb"],
    ["mtproto", "./mtproto.ts", "benchMtproto"],
    ["cost", "./cost.ts", "benchCost"],
  ];
  for (const [name, path, fn] of suites) {
    if (!wanted(name) || !existsSync(new URL(path, import.meta.url))) continue;
    const mod = (await import(path)) as Record<string, (s: typeof sys) => Promise<unknown>>;
    const run = mod[fn];
    if (!run) continue;
    console.log(`\n# ${name}`);
    try {
      report[name] = await run(sys);
      console.log(JSON.stringify(report[name], null, 2));
    } catch (e) {
      report[name] = { error: String(e) };
      console.log(`failed: ${String(e)}`);
    }
  }
} finally {
  await sys.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
writeFileSync(new URL("./last-report.json", import.meta.url), JSON.stringify(report, null, 2));
console.log("\nfull report: bench/last-report.json");
