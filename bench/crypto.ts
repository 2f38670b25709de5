/**
 * AEAD throughput: @noble/ciphers XChaCha20-Poly1305 (what frames use) vs
 * WebCrypto AES-256-GCM, on frame-sized payloads, in this process (Node 22).
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "../protocol/binary.ts";
import { ratio, round } from "./stats.ts";

const SIZES = [256, 4096, 64 * 1024, 512 * 1024];

async function mbPerSecond(size: number, budgetMs: number, op: (data: Uint8Array) => unknown): Promise<number> {
  const data = randomBytes(size);
  let bytes = 0;
  const start = performance.now();
  while (performance.now() - start < budgetMs) {
    await op(data);
    bytes += size;
  }
  return bytes / 1e6 / ((performance.now() - start) / 1000);
}

export async function benchCrypto(budgetMs = 400) {
  const key = randomBytes(32);
  const aesKey = await crypto.subtle.importKey("raw", key, "AES-GCM", false, ["encrypt"]);
  const rows: Record<string, unknown>[] = [];
  for (const size of SIZES) {
    const noble = await mbPerSecond(size, budgetMs, (d) => xchacha20poly1305(key, randomBytes(24)).encrypt(d));
    const webcrypto = await mbPerSecond(size, budgetMs, (d) =>
      crypto.subtle.encrypt({ name: "AES-GCM", iv: randomBytes(12) }, aesKey, d as Uint8Array<ArrayBuffer>),
    );
    rows.push({
      size,
      noble_xchacha_MBps: round(noble, 1),
      webcrypto_aesgcm_MBps: round(webcrypto, 1),
      noble_over_webcrypto: ratio(noble, webcrypto),
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchCrypto());
