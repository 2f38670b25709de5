/**
 * Frame cipher figures for issue #23: seal and open MB/s of today's frames (sealFrame/openFrame,
 * XChaCha20-Poly1305 from noble) beside WebCrypto AES-256-GCM, at the frame sizes clients send.
 * Run: `node bench/frame-cipher.ts`.
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "../protocol/binary.ts";
import { openFrame, sealFrame } from "../protocol/frame.ts";
import { ratio, round } from "./stats.ts";

/** Small RPCs (100 B, 1 KiB), a 4 KiB message, a 64 KiB chunk and a 512 KiB upload part. */
const SIZES = [100, 1024, 4096, 64 * 1024, 512 * 1024];

async function mbPerSecond(size: number, budgetMs: number, op: () => unknown): Promise<number> {
  let bytes = 0;
  const start = performance.now();
  while (performance.now() - start < budgetMs) {
    await op();
    bytes += size;
  }
  return bytes / 1e6 / ((performance.now() - start) / 1000);
}

export async function benchFrameCipher(budgetMs = 300) {
  const key = randomBytes(32);
  const keyId = randomBytes(8);
  const seal = await crypto.subtle.importKey("raw", key, "AES-GCM", false, ["encrypt", "decrypt"]);
  const rows: Record<string, unknown>[] = [];
  for (const size of SIZES) {
    const blob = randomBytes(size);
    const payload = { sessionId: 1n, msgId: 2n, seqNo: 3, body: { t: "rpc" }, blob };
    const frame = sealFrame(key, keyId, payload);
    const rawNonce = randomBytes(24);
    const raw = xchacha20poly1305(key, rawNonce).encrypt(blob);
    const iv = randomBytes(12) as Uint8Array<ArrayBuffer>;
    const gcm = new Uint8Array(
      await crypto.subtle.encrypt({ name: "AES-GCM", iv }, seal, blob as Uint8Array<ArrayBuffer>),
    );
    const frameSeal = await mbPerSecond(size, budgetMs, () => sealFrame(key, keyId, payload));
    const frameOpen = await mbPerSecond(size, budgetMs, () => openFrame(key, frame));
    const chachaSeal = await mbPerSecond(size, budgetMs, () => xchacha20poly1305(key, randomBytes(24)).encrypt(blob));
    const chachaOpen = await mbPerSecond(size, budgetMs, () => xchacha20poly1305(key, rawNonce).decrypt(raw));
    const aesSeal = await mbPerSecond(size, budgetMs, () =>
      crypto.subtle.encrypt(
        { name: "AES-GCM", iv: randomBytes(12) as Uint8Array<ArrayBuffer> },
        seal,
        blob as Uint8Array<ArrayBuffer>,
      ),
    );
    const aesOpen = await mbPerSecond(size, budgetMs, () => crypto.subtle.decrypt({ name: "AES-GCM", iv }, seal, gcm));
    rows.push({
      size,
      frame_seal_MBps: round(frameSeal, 1),
      frame_open_MBps: round(frameOpen, 1),
      xchacha_seal_MBps: round(chachaSeal, 1),
      xchacha_open_MBps: round(chachaOpen, 1),
      aesgcm_seal_MBps: round(aesSeal, 1),
      aesgcm_open_MBps: round(aesOpen, 1),
      aesgcm_over_frame_seal: ratio(aesSeal, frameSeal),
      aesgcm_over_frame_open: ratio(aesOpen, frameOpen),
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchFrameCipher());
