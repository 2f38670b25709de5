/** Who may read a media: owner, members of chats it was sent into; signed URLs that expire and cannot be altered. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signDownload } from "../../core/media/keys.ts";
import { FILE_URL_MAX_TTL_SECONDS } from "../../protocol/rpc/upload.ts";
import { testSecrets } from "../secrets.ts";
import { bytes, fetchUrl, sha256, Uploader } from "./uploader.ts";

const media = () => env.MEDIA as unknown as import("../../workers/media/index.ts").MediaService;
/** The error text of a service-binding call that must fail (handled at once, so no rejection goes unhandled). */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: Error) => e.message,
  );
const privateKey = (a: number, b: number) => `private:${Math.min(a, b)}:${Math.max(a, b)}`;

describe("media access", () => {
  it("Should let members of a chat the media was sent into read it, and nobody else", async () => {
    const alice = await Uploader.signUp("Alice");
    const bob = await Uploader.signUp("Bob");
    const carol = await Uploader.signUp("Carol");
    const data = bytes(3000, 5);
    const ref = await alice.upload(data);
    const input = { media_id: ref.media_id, access_hash: ref.access_hash };
    await expect(bob.download(input)).rejects.toThrow("403 MEDIA_ACCESS_DENIED");
    await media().grantToChat(ref.media_id, privateKey(alice.id, bob.id));
    expect(await sha256(await bob.download(input))).toBe(await sha256(data));
    await expect(carol.download(input)).rejects.toThrow("403 MEDIA_ACCESS_DENIED");
    // A group Carol is not in does not help her.
    await media().grantToChat(ref.media_id, "chat:987654321");
    await expect(carol.download(input)).rejects.toThrow("403 MEDIA_ACCESS_DENIED");
    expect(await failure(media().grantToChat("A".repeat(32), "chat:1"))).toBe("400 MEDIA_INVALID");
  });

  it("Should resolve a reference for its owner only, and only with the right hash", async () => {
    const alice = await Uploader.signUp("Alice");
    const ref = await alice.upload(bytes(2048));
    expect(await media().resolveForMessage(alice.id, ref)).toEqual(ref);
    expect(await failure(media().resolveForMessage(alice.id + 1, ref))).toBe("403 MEDIA_ACCESS_DENIED");
    expect(
      await failure(media().resolveForMessage(alice.id, { media_id: ref.media_id, access_hash: "x".repeat(43) })),
    ).toBe("400 MEDIA_INVALID");
  });

  it("Should refuse negative offsets, oversized limits and reads past the end", async () => {
    const alice = await Uploader.signUp("Alice");
    const ref = await alice.upload(bytes(1000));
    const read = (offset: number, limit: number) =>
      alice.call("upload.getFile", { media_id: ref.media_id, access_hash: ref.access_hash, offset, limit });
    await expect(read(-1, 1024)).rejects.toThrow("400 OFFSET_INVALID");
    await expect(read(0, 600 * 1024)).rejects.toThrow("400 LIMIT_INVALID");
    await expect(read(0, 0)).rejects.toThrow("400 LIMIT_INVALID");
    await expect(read(1001, 10)).rejects.toThrow("400 OFFSET_INVALID");
    expect((await read(990, 100)).blob.length).toBe(10);
    expect((await read(1000, 100)).blob.length).toBe(0);
  });

  it("Should serve a signed URL with Range and HEAD, and refuse it once expired", async () => {
    const alice = await Uploader.signUp("Alice");
    const data = bytes(10_000, 8);
    const ref = await alice.upload(data, { mime: "video/mp4" });
    const { result } = await alice.call("upload.getFileUrl", { ...ref, ttl_seconds: 60 });
    const { url } = result as { url: string };
    const head = await fetchUrl(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("10000");
    expect(head.headers.get("content-type")).toBe("video/mp4");
    const mid = await fetchUrl(url, { headers: { Range: "bytes=5000-" } });
    expect(mid.status).toBe(206);
    expect(mid.headers.get("content-range")).toBe("bytes 5000-9999/10000");
    expect(new Uint8Array(await mid.arrayBuffer())).toEqual(data.subarray(5000));
    expect((await fetchUrl(url, { headers: { Range: "bytes=9-3" } })).status).toBe(416);

    const expired = await signDownload(testSecrets.MEDIA_SECRET, ref.media_id, Math.floor(Date.now() / 1000) - 1);
    const res = await fetchUrl(`/files/${expired}`);
    expect(res.status).toBe(403);
    const otherKey = await signDownload("ab".repeat(32), ref.media_id, Math.floor(Date.now() / 1000) + 600);
    expect((await fetchUrl(`/files/${otherKey}`)).status).toBe(403);
  });

  it("Should bound a revoked device's file URLs: URLs live at most an hour, tokens claiming longer are refused", async () => {
    const alice = await Uploader.signUp("Alice");
    const ref = await alice.upload(bytes(100, 5), { mime: "image/png" });
    await expect(
      alice.call("upload.getFileUrl", { ...ref, ttl_seconds: FILE_URL_MAX_TTL_SECONDS + 1 }),
    ).rejects.toThrow("400 TTL_SECONDS_INVALID");
    const { result } = await alice.call("upload.getFileUrl", { ...ref });
    const { url, expires } = result as { url: string; expires: number };
    expect(expires).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + FILE_URL_MAX_TTL_SECONDS);
    // Logging out does not recall a bearer URL, but it dies with its expiry, within the hour.
    await alice.call("auth.logOut", {});
    expect((await fetchUrl(url, { method: "HEAD" })).status).toBe(200);
    // A token signed for a day (as before the cap) no longer works, whoever made it.
    const day = await signDownload(testSecrets.MEDIA_SECRET, ref.media_id, Math.floor(Date.now() / 1000) + 86_400);
    expect((await fetchUrl(`/files/${day}`)).status).toBe(403);
    const hour = await signDownload(testSecrets.MEDIA_SECRET, ref.media_id, Math.floor(Date.now() / 1000) + 3500);
    expect((await fetchUrl(`/files/${hour}`, { method: "HEAD" })).status).toBe(200);
  });

  it("Should serve uploaded files so that none can run script on the app's origin", async () => {
    const alice = await Uploader.signUp("Alice");
    const urlOf = async (mime: string) => {
      const ref = await alice.upload(bytes(64, 3), { mime });
      return ((await alice.call("upload.getFileUrl", { ...ref, ttl_seconds: 60 })).result as { url: string }).url;
    };
    // Hostile or active content is a download, never a page; inert media may show inline.
    for (const mime of ["text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/pdf"]) {
      const res = await fetchUrl(await urlOf(mime));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition"), mime).toBe("attachment");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    }
    for (const mime of ["image/png", "image/jpeg", "video/mp4", "audio/mpeg"]) {
      const res = await fetchUrl(await urlOf(mime), { method: "HEAD" });
      expect(res.headers.get("content-disposition"), mime).toBe("inline");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    }
    // Refusals carry the same guard.
    const refused = await fetchUrl("/files/not-a-token");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
