/**
 * Media benchmarks against a running local system:
 * - upload MB/s through session → gateway → media → R2 (SDK, 512 KiB parts,
 *   4 in flight) vs a direct R2 put of the same bytes in the same run (the
 *   media worker's R2 binding through wrangler's platform proxy: the local R2 alone);
 * - peak RSS of the server process tree (wrangler + workerd) during a
 *   small and a large upload: flat memory means the large one does not cost more.
 * Sizes: BENCH_MEDIA_MB (default 100) and BENCH_MEDIA_LARGE_MB (default 1024).
 * Standalone: `node bench/media.ts` starts its own local system.
 */
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { getPlatformProxy } from "wrangler";
import { EdgegramClient, uploadFile } from "../clients/sdk/index.ts";
import { scratchStateDir } from "../scripts/local-system.ts";

interface RunningSystem {
  url: string;
  serverKey: string;
  process?: ChildProcess;
}

const MB = 1024 * 1024;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export async function signUp(sys: RunningSystem, opts: { frameGcmFromBytes?: number } = {}): Promise<EdgegramClient> {
  const client = new EdgegramClient({ server: sys.url, serverKey: sys.serverKey, deviceModel: "bench", ...opts });
  await client.connect();
  const phone = `+5${String(Date.now()).slice(-9)}`;
  const sent = await client.call("auth.sendCode", { phone_number: phone });
  const { code } = (await (await fetch(`${sys.url}/dev/codes/${encodeURIComponent(phone)}`)).json()) as {
    code: string;
  };
  await client.call("auth.signIn", { phone_number: phone, phone_code_hash: sent.phone_code_hash, phone_code: code });
  await client.call("auth.signUp", { phone_number: phone, phone_code_hash: sent.phone_code_hash, first_name: "Bench" });
  return client;
}

/** `bytes` pseudo-random bytes as a stream of 1 MiB chunks, generated as read (the bench holds no whole file). */
export function fileStream(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  let x = 0x12345678;
  return new ReadableStream({
    pull(c) {
      if (sent >= bytes) return c.close();
      const n = Math.min(MB, bytes - sent);
      const chunk = new Uint8Array(n);
      const words = new Uint32Array(chunk.buffer, 0, n >> 2);
      for (let i = 0; i < words.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        words[i] = x >>> 0;
      }
      sent += n;
      c.enqueue(chunk);
    },
  });
}

/** Resident memory of a process and all its descendants (Linux /proc), in MiB. */
function treeRssMiB(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone meanwhile
    }
  }
  let kb = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop() as number;
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return kb / 1024;
}

async function timedUpload(client: EdgegramClient, sys: RunningSystem, bytes: number) {
  const pid = sys.process?.pid;
  const before = pid ? treeRssMiB(pid) : 0;
  let peak = before;
  const timer = pid ? setInterval(() => (peak = Math.max(peak, treeRssMiB(pid))), 250) : null;
  const t0 = performance.now();
  const ref = await uploadFile(client, fileStream(bytes), { size: bytes, parallel: 4 });
  const seconds = (performance.now() - t0) / 1000;
  if (timer) clearInterval(timer);
  if (ref.size !== bytes) throw new Error(`uploaded ${ref.size} of ${bytes} bytes`);
  return {
    mb: bytes / MB,
    seconds: round(seconds, 2),
    mb_per_s: round(bytes / MB / seconds),
    rss_before_mib: round(before),
    rss_peak_mib: round(peak),
  };
}

/** The floor: the same bytes put straight into a local R2 bucket, streamed. */
async function directR2Put(bytes: number) {
  const dir = scratchStateDir("edgegram-r2");
  // The media worker's own R2 binding, persisted under the same state root as the local system's.
  const proxy = await getPlatformProxy<{ MEDIA_BUCKET: { put(key: string, body: unknown): Promise<unknown> } }>({
    configPath: "workers/media/wrangler.toml",
    persist: { path: dir },
  });
  try {
    const bucket = proxy.env.MEDIA_BUCKET;
    // R2 wants a known length: the bytes are materialised first (outside the timing).
    const body = new Uint8Array(await new Response(fileStream(bytes)).arrayBuffer());
    const t0 = performance.now();
    await bucket.put("bench", body);
    const seconds = (performance.now() - t0) / 1000;
    return { mb: bytes / MB, seconds: round(seconds, 2), mb_per_s: round(bytes / MB / seconds) };
  } finally {
    await proxy.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchMedia(sys: RunningSystem): Promise<Record<string, unknown>> {
  const small = Number(process.env.BENCH_MEDIA_MB || 100) * MB;
  const large = Number(process.env.BENCH_MEDIA_LARGE_MB || 1024) * MB;
  const client = await signUp(sys);
  try {
    const upload = await timedUpload(client, sys, small);
    const r2 = await directR2Put(small);
    const largeUpload = await timedUpload(client, sys, large);
    return {
      upload_small: upload,
      direct_r2_put: r2,
      upload_vs_r2_put: round(upload.mb_per_s / r2.mb_per_s, 3),
      upload_large: largeUpload,
      peak_rss_large_vs_small: round(largeUpload.rss_peak_mib / upload.rss_peak_mib, 2),
    };
  } finally {
    client.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { startLocalSystem } = await import("../scripts/local-system.ts");
  const stateDir = scratchStateDir("edgegram-bench-media");
  const sys = await startLocalSystem({ stateDir });
  try {
    console.log(JSON.stringify(await benchMedia(sys), null, 2));
  } catch (e) {
    console.error(sys.output().slice(-5000));
    throw e;
  } finally {
    await sys.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
