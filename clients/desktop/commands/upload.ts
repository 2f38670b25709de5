/**
 * `edgegram upload <peer> <file>`: sends a file with a progress bar. The upload's
 * file id is saved in the config dir before the first part goes out, so running
 * the same command again after an interruption sends only the missing parts.
 */
import { stat } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { RpcError } from "../../../protocol/errors.ts";
import type { EdgegramClient } from "../../sdk/client.ts";
import { FileStorage } from "../../sdk/file-storage.ts";
import { uploadPath } from "../../sdk/upload-node.ts";
import { type Command, stringOpt, withClient } from "../command.ts";
import { expandHome } from "../config.ts";
import { CliError, ProgressBar, usageError } from "../output.ts";
import { peerRef, randomId, resolvePeer } from "../peer.ts";

const MIME: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".pdf": "application/pdf",
  ".json": "application/json",
  ".zip": "application/zip",
  ".mp4": "video/mp4",
  ".mp3": "audio/mpeg",
};

interface Pending {
  fileId: string;
  randomId: string;
}

export const upload: Command = {
  name: "upload",
  usage: "edgegram upload <peer> <file> [--caption <text>]",
  summary: "send a file with a progress bar; re-run after an interruption to resume",
  options: { caption: { type: "string" } },
  async run(ctx) {
    const [peerArg, fileArg] = ctx.args;
    if (!peerArg || !fileArg || ctx.args.length > 2) throw usageError("ARGUMENTS_INVALID", `usage: ${upload.usage}`);
    const path = resolve(expandHome(fileArg));
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new CliError(400, "FILE_NOT_FOUND", path);
    const mimeType = MIME[extname(path).toLowerCase()] ?? "application/octet-stream";
    await withClient(ctx.flags, async ({ client, session }) => {
      const peer = await resolvePeer(client, peerArg);
      // Same file (path, size, mtime) to the same chat → same upload, so a re-run resumes it.
      const uploads = new FileStorage(join(session.dir, "uploads.json"));
      const key = `${peerRef(peer)}|${path}|${info.size}|${info.mtimeMs}`;
      const saved = await uploads.get(key);
      const pending: Pending = saved ? (JSON.parse(saved) as Pending) : { fileId: "", randomId: randomId() };
      const bar = new ProgressBar(basename(path), info.size, ctx.out.json);
      if (pending.fileId) await reportResume(client, pending.fileId, basename(path), ctx.out.json);
      const send = (resumeFileId?: string) =>
        uploadPath(client, path, {
          mimeType,
          ...(resumeFileId ? { resumeFileId } : {}),
          onFileId: (fileId) => {
            pending.fileId = fileId;
            void uploads.set(key, JSON.stringify(pending));
          },
          onProgress: (done) => bar.update(done),
        });
      const media = await send(pending.fileId || undefined).catch((e: unknown) => {
        // The server no longer knows the earlier upload (expired): start over.
        if (pending.fileId && e instanceof RpcError && e.code === 400 && /FILE_/.test(e.text)) return send();
        throw e;
      });
      bar.finish();
      const caption = stringOpt(ctx, "caption");
      const { message } = await client.call("messages.sendMedia", {
        peer,
        media: { media_id: media.media_id, access_hash: media.access_hash },
        random_id: pending.randomId,
        ...(caption ? { message: caption } : {}),
      });
      await uploads.delete(key);
      ctx.out.result({ message, media }, () => `Sent #${message.id} (${basename(path)})`);
    });
  },
};

/** Tells how much of an interrupted upload the server already holds. */
async function reportResume(client: EdgegramClient, fileId: string, name: string, json: boolean): Promise<void> {
  const state = await client.call("upload.getUploadState", { file_id: fileId }).catch(() => null);
  const parts = state?.parts.length ?? 0;
  if (json) process.stderr.write(`${JSON.stringify({ resume: { file_id: fileId, parts_on_server: parts } })}\n`);
  else process.stderr.write(`Resuming the earlier upload of ${name} (${parts} parts already on the server).\n`);
}
