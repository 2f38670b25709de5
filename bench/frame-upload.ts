/**
 * Upload MB/s through the encrypted session with each frame cipher, in one run (issue #23): one
 * client seals every frame with XChaCha20-Poly1305 (the old path, `frameGcmFromBytes: Infinity`),
 * one with the default (AES-256-GCM from 4 KiB). Rounds alternate so machine noise hits both alike.
 * Size per upload: BENCH_CIPHER_MB (default 32).
 */
import { uploadFile } from "../clients/sdk/index.ts";
import { fileStream, signUp } from "./media.ts";
import type { RunningSystem } from "./session.ts";
import { ratio, round } from "./stats.ts";

const MB = 1024 * 1024;

export async function benchFrameUpload(sys: RunningSystem, rounds = 3): Promise<Record<string, unknown>> {
  const bytes = Number(process.env.BENCH_CIPHER_MB ?? 32) * MB;
  const clients = {
    xchacha: await signUp(sys, { frameGcmFromBytes: Number.POSITIVE_INFINITY }),
    aesgcm: await signUp(sys),
  };
  const seconds: Record<keyof typeof clients, number[]> = { xchacha: [], aesgcm: [] };
  try {
    for (let i = 0; i < rounds; i++) {
      for (const name of ["xchacha", "aesgcm"] as const) {
        const t0 = performance.now();
        const ref = await uploadFile(clients[name], fileStream(bytes), { size: bytes, parallel: 4 });
        seconds[name].push((performance.now() - t0) / 1000);
        if (ref.size !== bytes) throw new Error(`uploaded ${ref.size} of ${bytes} bytes`);
      }
    }
  } finally {
    for (const c of Object.values(clients)) c.close();
  }
  const best = (s: number[]) => bytes / MB / Math.min(...s);
  const mean = (s: number[]) => ((bytes / MB) * s.length) / s.reduce((a, b) => a + b, 0);
  return {
    mb_per_upload: bytes / MB,
    rounds,
    xchacha_upload_MBps: { best: round(best(seconds.xchacha), 1), mean: round(mean(seconds.xchacha), 1) },
    aesgcm_upload_MBps: { best: round(best(seconds.aesgcm), 1), mean: round(mean(seconds.aesgcm), 1) },
    aesgcm_over_xchacha_mean: ratio(mean(seconds.aesgcm), mean(seconds.xchacha)),
  };
}
