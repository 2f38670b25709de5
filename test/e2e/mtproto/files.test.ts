/**
 * Files over MTProto on the one core: GramJS (npm `telegram`, unchanged) uploads a photo and a
 * document in parts, an Edgegram SDK user sees them with their thumbnails and downloads them
 * byte-identical, and GramJS downloads what the SDK user sent by Telegram's upload.getFile rules; a
 * user outside the chat, or a forged reference, is refused.
 */
import { randomBytes } from "node:crypto";
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { CustomFile } from "telegram/client/uploads.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { downloadFile, uploadFile } from "../../../clients/sdk/index.ts";
import type { MediaRef } from "../../../protocol/model/media.ts";
import type { Message } from "../../../protocol/model/message.ts";
import { testPhoto } from "../../browser/photo.ts";
import { server, signUp } from "../story.ts";
import { addGramjsServerKey, gramjsClient, gramjsSignUp } from "./gramjs-client.ts";

const srv = server();
const clients: TelegramClient[] = [];

async function gramUser(name: string): Promise<TelegramClient> {
  const client = gramjsClient(srv.url);
  clients.push(client);
  await gramjsSignUp(srv.url, client, name, "Files");
  return client;
}

const unique = (p: string) => `${p}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

beforeAll(() => addGramjsServerKey(inject("mtprotoPublicKeyPem")));
afterAll(async () => {
  for (const c of clients) await c.destroy().catch(() => {});
});

/** The SDK user's newest message with media from their history with `peerId`. */
async function newestMedia(person: Awaited<ReturnType<typeof signUp>>, peerId: number): Promise<MediaRef> {
  for (let i = 0; i < 50; i++) {
    const h = await person.client.call("messages.getHistory", { peer: { _: "user", id: peerId }, limit: 1 });
    const m = h.messages[0] as Message | undefined;
    if (m?.media && !("_" in m.media)) return m.media as MediaRef;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no media arrived");
}

describe("files over MTProto", () => {
  it("GramJS sends a photo and a 3 MB document; the SDK user sees thumbnails and downloads both byte-identical", async () => {
    const gram = await gramUser("Photog");
    const gramMe = await gram.getMe();
    const sdk = await signUp(srv, "Viewer");
    const username = unique("viewer");
    await sdk.client.call("account.updateUsername", { username });

    const photo = testPhoto(900, 700);
    await gram.sendFile(username, {
      file: new CustomFile("bands.png", photo.length, "", photo),
      caption: "a photo",
    });
    const seen = await newestMedia(sdk, Number(gramMe.id));
    expect(seen.mime_type).toBe("image/png");
    expect([seen.w, seen.h]).toEqual([900, 700]);
    expect(seen.thumbnails.map((t) => t.type)).toEqual(expect.arrayContaining(["s", "m"]));
    expect(Buffer.from(await downloadFile(sdk.client, seen)).equals(photo)).toBe(true);

    const doc = randomBytes(3 * 1024 * 1024 + 12345);
    await gram.sendFile(username, {
      file: new CustomFile("data.bin", doc.length, "", doc),
      forceDocument: true,
    });
    const docRef = await newestMedia(sdk, Number(gramMe.id));
    expect([docRef.name, docRef.size]).toEqual(["data.bin", doc.length]);
    expect(Buffer.from(await downloadFile(sdk.client, docRef)).equals(doc)).toBe(true);

    // GramJS reads its own history: the photo with Telegram's sizes, the document with its attributes.
    const mine = (await gram.getMessages(username, { limit: 2 })) as Api.Message[];
    const [docMsg, photoMsg] = mine;
    const p = (photoMsg!.media as Api.MessageMediaPhoto).photo as Api.Photo;
    expect(p.sizes.map((s) => (s as Api.PhotoSize).type)).toEqual(["s", "m", "x", "y"]);
    expect((p.sizes.at(-1) as Api.PhotoSize).w).toBe(900);
    const d = (docMsg!.media as Api.MessageMediaDocument).document as Api.Document;
    expect(d.attributes.find((a) => a instanceof Api.DocumentAttributeFilename)).toMatchObject({
      fileName: "data.bin",
    });
    expect(Buffer.from((await gram.downloadMedia(docMsg!)) as Buffer).equals(doc)).toBe(true);
    sdk.client.close();
  }, 120_000);

  it("GramJS downloads a photo the SDK user sent, original and thumbnail; a stranger and a forged reference are refused", async () => {
    const gram = await gramUser("Receiver");
    const gramName = unique("receiver");
    await gram.invoke(new Api.account.UpdateUsername({ username: gramName }));
    const sdk = await signUp(srv, "Sender");
    const { user } = await sdk.client.call("contacts.resolveUsername", { username: gramName });
    const photo = testPhoto(1000, 600);
    const ref = await uploadFile(sdk.client, photo, { mimeType: "image/png", name: "sent.png" });
    await sdk.client.call("messages.sendMedia", {
      peer: { _: "user", id: user.id },
      media: { media_id: ref.media_id, access_hash: ref.access_hash },
      random_id: String(Date.now()),
    });
    let msg: Api.Message | undefined;
    for (let i = 0; i < 50 && !msg?.media; i++) {
      msg = ((await gram.getMessages(sdk.user.id.toString(), { limit: 1 })) as Api.Message[])[0];
      if (!msg?.media) await new Promise((r) => setTimeout(r, 100));
    }
    const original = (await gram.downloadMedia(msg!)) as Buffer;
    expect(Buffer.from(original).equals(photo)).toBe(true);
    const p = (msg!.media as Api.MessageMediaPhoto).photo as Api.Photo;
    const location = new Api.InputPhotoFileLocation({
      id: p.id,
      accessHash: p.accessHash,
      fileReference: p.fileReference,
      thumbSize: "s",
    });
    const thumb = (await gram.invoke(
      new Api.upload.GetFile({ location, offset: bigInt(0), limit: 512 * 1024 }),
    )) as Api.upload.File;
    expect(thumb.bytes.length).toBeGreaterThan(100);
    expect(thumb.bytes.length).toBeLessThan(photo.length);
    expect(thumb.type).toBeInstanceOf(Api.storage.FileJpeg);

    // Telegram's offset/limit rules.
    await expect(gram.invoke(new Api.upload.GetFile({ location, offset: bigInt(0), limit: 1000 }))).rejects.toThrow(
      /LIMIT_INVALID/,
    );
    await expect(gram.invoke(new Api.upload.GetFile({ location, offset: bigInt(100), limit: 4096 }))).rejects.toThrow(
      /OFFSET_INVALID/,
    );

    // A stranger with the receiver's location (hash, reference) is refused, as is a forged reference.
    const stranger = await gramUser("Stranger");
    await expect(stranger.invoke(new Api.upload.GetFile({ location, offset: bigInt(0), limit: 4096 }))).rejects.toThrow(
      /FILE_REFERENCE_INVALID/,
    );
    const forged = new Api.InputPhotoFileLocation({
      id: p.id,
      accessHash: p.accessHash,
      fileReference: Buffer.from("not-a-reference"),
      thumbSize: "y",
    });
    await expect(
      gram.invoke(new Api.upload.GetFile({ location: forged, offset: bigInt(0), limit: 4096 })),
    ).rejects.toThrow(/FILE_REFERENCE_INVALID/);
    sdk.client.close();
  }, 120_000);

  it("GramJS sends an album of three photos (uploadMedia, then sendMultiMedia): the SDK user gets one group, in order", async () => {
    const gram = await gramUser("Albumist");
    const gramMe = await gram.getMe();
    const sdk = await signUp(srv, "Albumviewer");
    const username = unique("albumviewer");
    await sdk.client.call("account.updateUsername", { username });
    const photos = [testPhoto(300, 200), testPhoto(200, 300), testPhoto(250, 250)];
    await gram.sendFile(username, {
      file: photos.map((p, i) => new CustomFile(`p${i}.png`, p.length, "", p)),
      caption: ["one", "two", "three"],
    });
    let msgs: Message[] = [];
    for (let i = 0; i < 50 && msgs.length < 3; i++) {
      const h = await sdk.client.call("messages.getHistory", { peer: { _: "user", id: Number(gramMe.id) }, limit: 5 });
      msgs = (h.messages as Message[]).filter((m) => m.grouped_id !== undefined).reverse();
      if (msgs.length < 3) await new Promise((r) => setTimeout(r, 100));
    }
    expect(msgs.map((m) => m.message)).toEqual(["one", "two", "three"]);
    expect(new Set(msgs.map((m) => m.grouped_id)).size).toBe(1);
    for (const [i, m] of msgs.entries())
      expect(Buffer.from(await downloadFile(sdk.client, m.media as MediaRef)).equals(photos[i]!)).toBe(true);
    sdk.client.close();
  }, 120_000);
});
