/** `edgegram download <peer> <msg-id> [out]`: saves a message's file, with a progress bar ("-" writes to stdout). */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { isFileMedia } from "../../../protocol/model/message-media.ts";
import { downloadFile } from "../../sdk/upload.ts";
import { type Command, withClient } from "../command.ts";
import { expandHome } from "../config.ts";
import { CliError, ProgressBar, usageError } from "../output.ts";
import { resolvePeer } from "../peer.ts";

export const download: Command = {
  name: "download",
  usage: "edgegram download <peer> <msg-id> [out | -] [--force]",
  summary: "save the file of a message (default: its own name in the current directory)",
  options: { force: { type: "boolean" } },
  async run(ctx) {
    const [peerArg, idArg, outArg] = ctx.args;
    if (!peerArg || !idArg || ctx.args.length > 3) throw usageError("ARGUMENTS_INVALID", `usage: ${download.usage}`);
    if (!/^\d{1,15}$/.test(idArg) || Number(idArg) < 1) throw usageError("MESSAGE_ID_INVALID");
    await withClient(ctx.flags, async ({ client }) => {
      const peer = await resolvePeer(client, peerArg);
      const { messages } = await client.call("messages.getMessages", { peer, id: [Number(idArg)] });
      const media = messages[0]?.media;
      if (!messages[0]) throw new CliError(400, "MESSAGE_ID_INVALID", `no message #${idArg} in that chat`);
      if (!media || !isFileMedia(media))
        throw new CliError(400, "MESSAGE_HAS_NO_MEDIA", `message #${idArg} carries no file`);
      const toStdout = outArg === "-";
      const path = toStdout
        ? "-"
        : resolve(outArg ? expandHome(outArg) : basename(media.name ?? `file-${media.media_id.slice(0, 8)}`));
      if (!toStdout && existsSync(path) && !ctx.opts.force) {
        throw new CliError(409, "FILE_EXISTS", `${path} exists; pass --force to overwrite`);
      }
      const bar = new ProgressBar(basename(path), media.size, ctx.out.json);
      const bytes = await downloadFile(client, media, { onProgress: (done) => bar.update(done) });
      bar.finish();
      if (toStdout) {
        process.stdout.write(bytes);
        return;
      }
      await writeFile(path, bytes);
      ctx.out.result({ path, size: bytes.length, mime_type: media.mime_type }, () => `Saved ${path}`);
    });
  },
};
