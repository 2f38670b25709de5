/** Media end to end: Alice uploads a photo and sends it to Bob, who downloads identical bytes by RPC and by signed URL. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { downloadFile, fileUrl, RpcError, uploadFile } from "../../clients/sdk/index.ts";
import { isFileMedia } from "../../protocol/model/message-media.ts";
import { makePng } from "../media/png.ts";
import { server, signUp } from "./story.ts";

const srv = server();
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Deterministic bytes standing in for a photo. */
function photoBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + (i >> 8)) & 0xff;
  return out;
}

describe("sending a photo", () => {
  it("Should let Bob download exactly what Alice uploaded, by RPC and by a signed Range URL", async () => {
    const alice = await signUp(srv, "Alice");
    const bob = await signUp(srv, "Bob");
    const photo = await makePng(1600, 1200);
    const progress: number[] = [];
    const ref = await uploadFile(alice.client, photo, {
      name: "beach.png",
      mimeType: "image/png",
      onProgress: (done) => progress.push(done),
    });
    expect(ref).toMatchObject({ size: photo.length, mime_type: "image/png", name: "beach.png", sha256: sha(photo) });
    expect(ref).toMatchObject({ w: 1600, h: 1200 });
    expect(progress.at(-1)).toBe(photo.length);

    await alice.client.call("messages.sendMedia", {
      peer: { _: "user", id: bob.user.id },
      media: { media_id: ref.media_id, access_hash: ref.access_hash },
      message: "look",
      random_id: String(Date.now()),
    });
    const history = await bob.client.call("messages.getHistory", { peer: { _: "user", id: alice.user.id } });
    const got = history.messages.find((m) => m.media)?.media;
    expect(got).toMatchObject({ media_id: ref.media_id, size: photo.length, sha256: ref.sha256 });
    if (!got || !isFileMedia(got)) return;
    // The thumbnail rides in the message: an inline preview, and stored sizes Bob can fetch.
    expect(got.thumbnails.map((t) => t.type).sort()).toEqual(["i", "m", "s", "x"]);
    expect(got.thumbnails.find((t) => t.type === "i")?.bytes).toMatch(/^[A-Za-z0-9_-]{100,}$/);
    const small = await downloadFile(bob.client, got, { thumb: "s" });
    expect(small.length).toBe(got.thumbnails.find((t) => t.type === "s")?.size);
    expect([small[0], small[1]]).toEqual([0xff, 0xd8]);

    const viaRpc = await downloadFile(bob.client, got);
    expect(sha(viaRpc)).toBe(sha(photo));

    const { url } = await fileUrl(bob.client, got, 60);
    const whole = await fetch(`${srv.url}${url}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(sha(new Uint8Array(await whole.arrayBuffer()))).toBe(sha(photo));

    const part = await fetch(`${srv.url}${url}`, { headers: { Range: "bytes=1000-1999" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 1000-1999/${photo.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(photo.subarray(1000, 2000));

    const tail = await fetch(`${srv.url}${url}`, { headers: { Range: "bytes=-10" } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get("content-range")).toBe(`bytes ${photo.length - 10}-${photo.length - 1}/${photo.length}`);

    const beyond = await fetch(`${srv.url}${url}`, { headers: { Range: `bytes=${photo.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${photo.length}`);
  });

  it("Should refuse a stranger, a wrong access hash and a tampered URL", async () => {
    const alice = await signUp(srv, "Alice");
    const carol = await signUp(srv, "Carol");
    const ref = await uploadFile(alice.client, photoBytes(4000), { mimeType: "image/png" });
    const input = { media_id: ref.media_id, access_hash: ref.access_hash };

    await expect(downloadFile(carol.client, input)).rejects.toThrow(new RpcError(403, "MEDIA_ACCESS_DENIED"));
    await expect(fileUrl(carol.client, input)).rejects.toThrow(new RpcError(403, "MEDIA_ACCESS_DENIED"));
    const forged = { media_id: ref.media_id, access_hash: `${ref.access_hash.slice(0, -2)}AA` };
    await expect(downloadFile(alice.client, forged)).rejects.toThrow(new RpcError(400, "MEDIA_INVALID"));
    await expect(downloadFile(alice.client, { media_id: ref.media_id, access_hash: "" })).rejects.toThrow(
      new RpcError(400, "ACCESS_HASH_INVALID"),
    );
    // Carol cannot attach Alice's file to her own messages either.
    await expect(
      carol.client.call("messages.sendMedia", {
        peer: { _: "user", id: alice.user.id },
        media: input,
        random_id: String(Date.now()),
      }),
    ).rejects.toThrow(RpcError);

    const { url } = await fileUrl(alice.client, input, 60);
    expect((await fetch(`${srv.url}${url}`)).status).toBe(200);
    const [id, expires, sig] = url.slice("/files/".length).split(".") as [string, string, string];
    const later = `/files/${id}.${Number(expires) + 3600}.${sig}`;
    const flipped = `/files/${id}.${expires}.${sig.startsWith("A") ? "B" : "A"}${sig.slice(1)}`;
    for (const bad of [later, flipped, "/files/garbage"]) {
      const res = await fetch(`${srv.url}${bad}`);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 403, message: "FILE_URL_INVALID" } });
    }
  });

  it("Should upload from a stream of unknown length, and resume a started upload sending only missing parts", async () => {
    const alice = await signUp(srv, "Alice");
    const data = photoBytes(3 * 512 * 1024 + 77);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let o = 0; o < data.length; o += 100_000) c.enqueue(data.slice(o, o + 100_000));
        c.close();
      },
    });
    expect((await uploadFile(alice.client, stream)).sha256).toBe(sha(data));

    // Two parts go up, then the "app" stops; a later run resumes from the server's state.
    const fileId = `resume${Date.now()}`;
    for (const i of [0, 2]) {
      await alice.client.call(
        "upload.saveFilePart",
        { file_id: fileId, file_part: i },
        data.subarray(i * 512 * 1024, (i + 1) * 512 * 1024),
      );
    }
    const sent: number[] = [];
    const ref = await uploadFile(alice.client, data, { resumeFileId: fileId, onPartSent: (i) => sent.push(i) });
    expect(sent.sort()).toEqual([1, 3]);
    expect(ref.sha256).toBe(sha(data));
  });
});
