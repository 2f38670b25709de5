/**
 * Telethon (Debian's python3-telethon 1.25, run as telethon_files.py, over MTProto's HTTP transport)
 * uploads a 20 MB document in 512 KiB parts (upload.saveBigFilePart) that an Edgegram SDK user downloads
 * byte-identical, and downloads, with its sizes and a thumbnail, the photo the SDK user sent it.
 */
import { createHash } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { downloadFile, uploadFile } from "../../../clients/sdk/index.ts";
import type { MediaRef } from "../../../protocol/model/media.ts";
import type { Message } from "../../../protocol/model/message.ts";
import { testPhoto } from "../../browser/photo.ts";
import { newPhone, server, signUp } from "../story.ts";
import { runPythonScript } from "./python-script.ts";
import { hostPort } from "./server-key.ts";

const SIZE = 20 * 1024 * 1024 + 4321;
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("Telethon files", () => {
  it("uploads a 20 MB document the SDK user downloads byte-identical, and downloads the SDK user's photo", async () => {
    const srv = server();
    const sdk = await signUp(srv, "Filer");
    const sdkName = `filer${Date.now().toString(36)}`;
    await sdk.client.call("account.updateUsername", { username: sdkName });
    const username = `telefiles${Date.now().toString(36)}`;
    const args = {
      url: srv.url,
      port: hostPort(srv.url).port,
      pem: inject("mtprotoPublicKeyPem"),
      phone: newPhone(),
      username,
      peer_username: sdkName,
      seed: 7,
      size: SIZE,
    };
    const photo = testPhoto(1200, 800);
    let result:
      | {
          doc_sha256: string;
          doc_size: number;
          doc_name: string;
          photo_sizes: string[];
          photo_sha256: string;
          thumb_len: number;
        }
      | undefined;
    let teleId = 0;
    const run = await runPythonScript("telethon_files.py", args, async (line) => {
      if (line === "READY") {
        const { user } = await sdk.client.call("contacts.resolveUsername", { username });
        teleId = user.id;
        const ref = await uploadFile(sdk.client, photo, { mimeType: "image/png", name: "bands.png" });
        await sdk.client.call("messages.sendMedia", {
          peer: { _: "user", id: user.id },
          media: { media_id: ref.media_id, access_hash: ref.access_hash },
          random_id: String(Date.now()),
        });
        return "go";
      }
      if (line.startsWith("{")) result = JSON.parse(line);
      return undefined;
    });
    expect(run.code, run.stderr).toBe(0);
    expect(result?.doc_size).toBe(SIZE);
    expect(result?.doc_name).toBe("big.bin");
    expect(result?.photo_sizes).toEqual(["s", "m", "x", "y"]);
    expect(result?.photo_sha256).toBe(sha256(photo));
    expect(result?.thumb_len).toBeGreaterThan(100);

    const h = await sdk.client.call("messages.getHistory", { peer: { _: "user", id: teleId }, limit: 1 });
    const doc = (h.messages[0] as Message).media as MediaRef;
    expect([doc.name, doc.size]).toEqual(["big.bin", SIZE]);
    expect(sha256(await downloadFile(sdk.client, doc))).toBe(result?.doc_sha256);
    sdk.client.close();
  }, 300_000);
});
