/**
 * Frame cipher figures for issue #23: seal and open MB/s of whole frames through FrameSealer and
 * FrameOpener with XChaCha20-Poly1305 (noble) and with WebCrypto AES-256-GCM, at the sizes clients
 * send. Run: `node bench/frame-cipher.ts` (or `npm run bench -- frame-cipher`).
 */
import { type Bytes, randomBytes, utf8 } from "../protocol/binary.ts";
import { encodePlaintext } from "../protocol/frame.ts";
import { FrameOpener, FrameSealer } from "../protocol/frame-stream.ts";
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

export async function benchFrameCipher(budgetMs = 500): Promise<Record<string, unknown>[]> {
  await measure(50); // warm-up: JIT and WebCrypto's thread pool, figures discarded
  return measure(budgetMs);
}

async function measure(budgetMs: number): Promise<Record<string, unknown>[]> {
  const key = randomBytes(32);
  const keyId = randomBytes(8);
  const json = utf8(JSON.stringify({ _: "rpc", method: "upload.saveFilePart", params: { file_id: "1", part: 0 } }));
  const rows: Record<string, unknown>[] = [];
  for (const size of SIZES) {
    // `size` is the whole plaintext: the JSON plus a blob filling the rest.
    const blob = randomBytes(Math.max(0, size - 24 - json.length));
    const plain = encodePlaintext({ sessionId: 1n, msgId: 2n, seqNo: 3, blob }, json);
    const figures: Record<string, number> = {};
    for (const [name, gcmFrom] of [
      ["xchacha", Number.POSITIVE_INFINITY],
      ["aesgcm", 0],
    ] as const) {
      const sealer = new FrameSealer(key, keyId, "c2s", gcmFrom);
      const opener = new FrameOpener(key, "c2s");
      const frame: Bytes = await sealer.seal(plain);
      figures[`${name}_seal`] = await mbPerSecond(size, budgetMs, () => sealer.seal(plain));
      figures[`${name}_open`] = await mbPerSecond(size, budgetMs, () => opener.open(frame));
    }
    const f = (k: string) => figures[k] as number;
    rows.push({
      size,
      xchacha_seal_MBps: round(f("xchacha_seal"), 1),
      xchacha_open_MBps: round(f("xchacha_open"), 1),
      aesgcm_seal_MBps: round(f("aesgcm_seal"), 1),
      aesgcm_open_MBps: round(f("aesgcm_open"), 1),
      aesgcm_over_xchacha_seal: ratio(f("aesgcm_seal"), f("xchacha_seal")),
      aesgcm_over_xchacha_open: ratio(f("aesgcm_open"), f("xchacha_open")),
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchFrameCipher());
