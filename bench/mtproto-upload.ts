/**
 * Upload MB/s over MTProto (GramJS's uploadFile: upload.saveBigFilePart in 512 KiB parts, 4 workers, then
 * messages.uploadMedia to finish it) beside the Edgegram SDK's uploadFile (512 KiB parts, 4 in flight),
 * round by round on the same running system so machine noise hits both alike.
 */
import { randomBytes } from "node:crypto";
import { Api } from "telegram";
import { CustomFile } from "telegram/client/uploads.js";
import { uploadFile } from "../clients/sdk/index.ts";
import { devSignUp } from "../scripts/dev-account.ts";
import { gramUser, type Sys } from "./mtproto-messaging.ts";
import { ratio, round, summarize } from "./stats.ts";

const MB = 1024 * 1024;

export async function mtprotoUpload(sys: Sys, mb = Number(process.env.BENCH_MTPROTO_UPLOAD_MB || 20), rounds = 3) {
  const bytes = mb * MB;
  const gram = await gramUser(sys, "Uploader");
  const sdk = await devSignUp(sys, `+5${String(Date.now()).slice(-8)}9999`, "Sdk Uploader");
  const gramRate: number[] = [];
  const sdkRate: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // Fresh bytes each round: neither side may be helped by content it already stored.
    const a = randomBytes(bytes);
    let t = performance.now();
    // maxBufferSize: GramJS otherwise reads a file of 20 MB or more from its path, and this one is in memory.
    const file = await gram.client.uploadFile({
      file: new CustomFile(`bench${i}.bin`, bytes, "", a),
      workers: 4,
      maxBufferSize: bytes + 1,
    });
    const media = await gram.client.invoke(
      new Api.messages.UploadMedia({
        peer: new Api.InputPeerSelf(),
        media: new Api.InputMediaUploadedDocument({ file, mimeType: "application/octet-stream", attributes: [] }),
      }),
    );
    gramRate.push(bytes / MB / ((performance.now() - t) / 1000));
    const size = Number(((media as Api.MessageMediaDocument).document as Api.Document).size);
    if (size !== bytes) throw new Error(`GramJS uploaded ${size} of ${bytes} bytes`);

    const b = randomBytes(bytes);
    t = performance.now();
    const ref = await uploadFile(sdk.client, b, { name: `bench${i}.bin`, parallel: 4 });
    sdkRate.push(bytes / MB / ((performance.now() - t) / 1000));
    if (ref.size !== bytes) throw new Error(`the SDK uploaded ${ref.size} of ${bytes} bytes`);
  }
  await gram.client.destroy();
  sdk.client.close();
  const g = summarize(gramRate.map((x) => round(x, 1)));
  const s = summarize(sdkRate.map((x) => round(x, 1)));
  return {
    mb_per_upload: mb,
    gramjs_upload_mb_per_s: g,
    sdk_upload_mb_per_s: s,
    mtproto_over_sdk_upload_p50: ratio(g.p50, s.p50),
  };
}
