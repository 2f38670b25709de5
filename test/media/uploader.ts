/**
 * A signed-in raw device that uploads and downloads files part by part, for
 * the media tests inside workerd: `const alice = await Uploader.signUp("Alice")`.
 */
import { SELF } from "cloudflare:test";
import { toHex } from "../../protocol/binary.ts";
import type { MediaRef } from "../../protocol/model/media.ts";
import { RawDevice, signUpRaw } from "../gateway/raw-device.ts";

const BASE = "http://gateway.test";

export class RpcFailure extends Error {}

export class Uploader {
  readonly dev: RawDevice;
  readonly id: number;

  private constructor(dev: RawDevice, id: number) {
    this.dev = dev;
    this.id = id;
  }

  static async signUp(name: string): Promise<Uploader> {
    const dev = await RawDevice.connect();
    const { id } = await signUpRaw(dev, name);
    return new Uploader(dev, id);
  }

  /** One RPC with an optional blob; resolves to the result and any blob, rejects with "CODE TEXT". */
  async call(method: string, params: unknown, blob?: Uint8Array): Promise<{ result: unknown; blob: Uint8Array }> {
    const { frame, msgId } = this.dev.frame({ _: "rpc", method, params }, blob ? { blob } : {});
    this.dev.send(frame);
    const id = msgId.toString();
    const r = await this.dev.next(
      (m) => (m.body._ === "result" || m.body._ === "error") && m.body.req_msg_id === id,
      20_000,
    );
    if (!r) throw new RpcFailure(`no answer to ${method}`);
    if (r.body._ === "error") throw new RpcFailure(`${r.body.code} ${r.body.message}`);
    return { result: (r.body as { result: unknown }).result, blob: r.blob };
  }

  savePart(fileId: string, part: number, bytes: Uint8Array, total?: number) {
    return total === undefined
      ? this.call("upload.saveFilePart", { file_id: fileId, file_part: part }, bytes)
      : this.call("upload.saveBigFilePart", { file_id: fileId, file_part: part, file_total_parts: total }, bytes);
  }

  async state(fileId: string) {
    return (await this.call("upload.getUploadState", { file_id: fileId })).result as {
      parts: number[];
      total_parts: number | null;
      part_size: number | null;
      bytes: number;
    };
  }

  async finish(fileId: string, parts: number, extra: Record<string, unknown> = {}): Promise<MediaRef> {
    return (await this.call("messages.uploadMedia", { file_id: fileId, parts, ...extra })).result as MediaRef;
  }

  /** Uploads `data` in parts of `partSize` (big-file RPC when `big`), in the given part order. */
  async upload(
    data: Uint8Array,
    opts: { partSize?: number; big?: boolean; order?: (n: number) => number[]; mime?: string } = {},
  ): Promise<MediaRef> {
    const partSize = opts.partSize ?? 512 * 1024;
    const n = Math.ceil(data.length / partSize);
    const fileId = newFileId();
    const order = opts.order?.(n) ?? [...Array(n).keys()];
    for (const i of order) {
      await this.savePart(fileId, i, data.subarray(i * partSize, (i + 1) * partSize), opts.big ? n : undefined);
    }
    return this.finish(fileId, n, { mime_type: opts.mime ?? "application/octet-stream", sha256: await sha256(data) });
  }

  /** Downloads a whole media by upload.getFile in 512 KiB reads. */
  async download(ref: { media_id: string; access_hash: string }, thumb?: string): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let offset = 0;
    for (;;) {
      const { blob } = await this.call("upload.getFile", {
        ...ref,
        offset,
        limit: 512 * 1024,
        ...(thumb ? { thumb_size: thumb } : {}),
      });
      if (!blob.length) break;
      chunks.push(blob);
      offset += blob.length;
      if (blob.length < 512 * 1024) break;
    }
    return concat(chunks);
  }
}

let fileCounter = 0;
export const newFileId = () => `${Date.now()}${++fileCounter}${Math.floor(Math.random() * 1e6)}`;

export async function sha256(b: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", b)));
}

/** Deterministic pseudo-random bytes (crypto.getRandomValues is capped at 64 KiB per call). */
export function bytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed * 2654435761;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export const fetchUrl = (path: string, init?: RequestInit) => SELF.fetch(`${BASE}${path}`, init);
