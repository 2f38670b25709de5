/**
 * The kill test: an upload is under way when the server process is killed
 * (SIGKILL, no goodbye); after a restart on the same state the SDK resumes,
 * sending only the parts the server lacks, and the file's SHA-256 matches.
 * Size: EDGEGRAM_KILL_TEST_MB (default 40, several 8 MiB R2 parts).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EdgegramClient, type MemoryStorage, uploadFile } from "../../clients/sdk/index.ts";
import { type LocalSystem, startLocalSystem } from "../../scripts/local-system.ts";
import { signUp } from "./story.ts";

const MB = 1024 * 1024;
const SIZE = Number(process.env.EDGEGRAM_KILL_TEST_MB || 40) * MB;
const PART = 512 * 1024;

function fileBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
    out[i + 1] = (x >>> 8) & 0xff;
    out[i + 2] = (x >>> 16) & 0xff;
    out[i + 3] = (x >>> 24) & 0xff;
  }
  return out;
}

describe("killing the server mid-upload", () => {
  const stateDir = mkdtempSync(join(tmpdir(), "edgegram-kill-"));
  const systems: LocalSystem[] = [];
  afterAll(async () => {
    for (const s of systems) await s.stop("SIGKILL");
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("Should lose nothing: the SDK resumes with only the missing parts and the hash matches", async () => {
    const data = fileBytes(SIZE);
    const totalParts = Math.ceil(SIZE / PART);
    const first = await startLocalSystem({ stateDir });
    systems.push(first);
    const alice = await signUp({ url: first.url, key: first.serverKey }, "Alice");

    let fileId = "";
    let stored = 0;
    const aborted = new AbortController();
    const killed = new Promise<void>((resolve) => {
      uploadFile(alice.client, data, {
        parallel: 4,
        signal: aborted.signal,
        retries: 1,
        onFileId: (id) => {
          fileId = id;
        },
        onProgress: (done) => {
          stored = done;
          if (done >= SIZE * 0.4) resolve();
        },
      }).catch(() => undefined);
    });
    await killed;
    await first.stop("SIGKILL");
    aborted.abort();
    alice.client.close();
    expect(stored).toBeLessThan(SIZE);

    const second = await startLocalSystem({ stateDir });
    systems.push(second);
    // Same device (its auth key lives in `alice.storage` and in the server's persisted state).
    const client = new EdgegramClient({
      server: second.url,
      serverKey: second.serverKey,
      storage: alice.storage as MemoryStorage,
    });
    await client.connect();
    const state = await client.call("upload.getUploadState", { file_id: fileId });
    expect(state.total_parts).toBe(totalParts);
    expect(state.parts.length).toBeGreaterThanOrEqual(Math.floor(stored / PART));
    expect(state.parts.length).toBeLessThan(totalParts);

    const sent = new Set<number>();
    const ref = await uploadFile(client, data, { resumeFileId: fileId, onPartSent: (i) => sent.add(i) });
    for (const i of state.parts) expect(sent.has(i)).toBe(false);
    expect(sent.size).toBe(totalParts - state.parts.length);
    expect(ref.size).toBe(SIZE);
    expect(ref.sha256).toBe(createHash("sha256").update(data).digest("hex"));
    client.close();
  }, 600_000);
});
