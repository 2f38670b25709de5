/** sendMediaGroup: an album is one messages.sendMultiMedia — 2–10 items sharing a media_group_id, all or none. */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { makePng } from "../media/png.ts";
import { Uploader } from "../media/uploader.ts";
import { person, pushed, say } from "../messaging/people.ts";
import { API, botCall, type Loose, ownerWithBot } from "./helpers.ts";

/** POSTs a multipart sendMediaGroup with the given files attached as attach://f<i>. */
async function sendAlbum(token: string, chatId: number, items: { type: string; file: File; caption?: string }[]) {
  const form = new FormData();
  form.set("chat_id", String(chatId));
  form.set(
    "media",
    JSON.stringify(
      items.map((it, i) => ({
        type: it.type,
        media: `attach://f${i}`,
        ...(it.caption ? { caption: it.caption } : {}),
      })),
    ),
  );
  items.forEach((it, i) => {
    form.set(`f${i}`, it.file);
  });
  const res = await SELF.fetch(`${API}/bot${token}/sendMediaGroup`, { method: "POST", body: form });
  return (await res.json()) as { ok: boolean; result?: Loose[]; description?: string; error_code?: number };
}

const photo = async (name: string) => new File([await makePng(40, 30)], name, { type: "image/png" });
const doc = (name: string) => new File([new TextEncoder().encode(`notes ${name}`)], name, { type: "text/plain" });
const song = (name: string) => new File([new Uint8Array(64).fill(7)], name, { type: "audio/mpeg" });

describe("sendMediaGroup", () => {
  it("Should send photos as one album the user receives with one grouped_id, and answer with media_group_id", async () => {
    const { owner: alice, token } = await ownerWithBot("Alice");
    const botId = Number(token.split(":")[0]);
    await say(alice, { id: botId }, "/start");
    const r = await sendAlbum(token, alice.id, [
      { type: "photo", file: await photo("a.png"), caption: "first" },
      { type: "photo", file: await photo("b.png") },
      { type: "document", file: doc("c.txt") },
    ]);
    expect(r).toMatchObject({
      ok: false,
      error_code: 400,
      description: "Bad Request: document can't be mixed with other media types",
    });

    const ok = await sendAlbum(token, alice.id, [
      { type: "photo", file: await photo("a.png"), caption: "first" },
      { type: "photo", file: await photo("b.png") },
    ]);
    expect(ok.ok).toBe(true);
    const [one, two] = ok.result as Loose[];
    expect(one.media_group_id).toMatch(/^\d+$/);
    expect(two.media_group_id).toBe(one.media_group_id);
    expect(two.message_id).toBe(one.message_id + 1);
    expect(one.caption).toBe("first");
    expect(one.photo).toBeDefined();

    const second = await pushed(alice, "updateNewMessage", (u) => u.message.id === two.message_id);
    expect(second.message.grouped_id).toBe(one.media_group_id);
    const history = await alice.call("messages.getHistory", { peer: { _: "user", id: botId }, limit: 10 });
    // The refused mixed album left nothing behind: /start and the two photos only.
    expect(history.messages.map((m: Loose) => m.grouped_id ?? m.message)).toEqual([
      one.media_group_id,
      one.media_group_id,
      "/start",
    ]);
  }, 30_000);

  it("Should group documents with documents and audio with audio, and refuse the rest in Telegram's words", async () => {
    const { owner: alice, token } = await ownerWithBot("Alice");
    const botId = Number(token.split(":")[0]);
    await say(alice, { id: botId }, "/start");
    const docs = await sendAlbum(token, alice.id, [
      { type: "document", file: doc("a.txt") },
      { type: "document", file: doc("b.txt") },
    ]);
    expect(docs.ok).toBe(true);
    expect(docs.result?.map((m) => Boolean(m.document))).toEqual([true, true]);
    const songs = await sendAlbum(token, alice.id, [
      { type: "audio", file: song("a.mp3") },
      { type: "audio", file: song("b.mp3") },
    ]);
    expect(songs.ok).toBe(true);

    const mixedAudio = await sendAlbum(token, alice.id, [
      { type: "photo", file: await photo("a.png") },
      { type: "audio", file: song("b.mp3") },
    ]);
    expect(mixedAudio.description).toBe("Bad Request: audio can't be mixed with other media types");
    const single = await sendAlbum(token, alice.id, [{ type: "photo", file: await photo("a.png") }]);
    expect(single).toMatchObject({ ok: false, error_code: 400 });
    const p = await photo("p.png");
    const eleven = await sendAlbum(
      token,
      alice.id,
      Array.from({ length: 11 }, () => ({ type: "photo", file: p })),
    );
    expect(eleven.description).toBe("Bad Request: too many messages to send as an album");
    const none = await botCall(token, "sendMediaGroup", { chat_id: alice.id, media: [] });
    expect(none.body.description).toBe("Bad Request: there are no messages to send");
    const badFile = await botCall(token, "sendMediaGroup", {
      chat_id: alice.id,
      media: [
        { type: "document", media: docs.result?.[0].document.file_id },
        { type: "document", media: "not-a-file-id" },
      ],
    });
    expect(badFile.body).toMatchObject({ ok: false, error_code: 400 });
    const history = await alice.call("messages.getHistory", { peer: { _: "user", id: botId }, limit: 20 });
    expect(history.messages).toHaveLength(5);
  }, 30_000);

  it("Should refuse a core album that mixes a document with a photo, or has 11 items; a retry returns the same album", async () => {
    const alice = await Uploader.signUp("Alice");
    const bob = await person("Bob");
    const png = await alice.upload(await makePng(40, 30), { mime: "image/png" });
    const png2 = await alice.upload(await makePng(30, 40), { mime: "image/png" });
    const txt = await alice.upload(new TextEncoder().encode("a plain document"), { mime: "text/plain" });
    const item = (ref: { media_id: string; access_hash: string }, n: number) => ({
      media: { media_id: ref.media_id, access_hash: ref.access_hash },
      random_id: String(Date.now() * 100 + n),
    });
    const peer = { _: "user", id: bob.id };
    const call = (multi_media: unknown[]) =>
      alice.call("messages.sendMultiMedia", { peer, multi_media }).then(
        (r) => r.result as { messages: { id: number; grouped_id?: string }[] },
        (e: Error) => e.message,
      );
    expect(await call([item(png, 1), item(txt, 2)])).toBe("400 GROUPED_MEDIA_INVALID");
    expect(await call(Array.from({ length: 11 }, (_, i) => item(png, 10 + i)))).toBe("400 MULTI_MEDIA_TOO_LONG");
    expect(await call([])).toBe("400 MEDIA_EMPTY");
    const history = await bob.call("messages.getHistory", { peer: { _: "user", id: alice.id } }).catch(() => null);
    expect(history?.messages ?? []).toHaveLength(0);

    const items = [item(png, 30), item(png2, 31)];
    const album = await call(items);
    if (typeof album === "string") throw new Error(album);
    expect(album.messages).toHaveLength(2);
    expect(album.messages[0]?.grouped_id).toBe(album.messages[1]?.grouped_id);
    const again = await call(items);
    if (typeof again === "string") throw new Error(again);
    expect(again.messages.map((m) => m.id)).toEqual(album.messages.map((m) => m.id));
    // An album item takes only a file of its own class: a photo, not a document.
    const first = album.messages[0]?.id as number;
    const edit = (ref: { media_id: string; access_hash: string }) =>
      alice
        .call("messages.editMessage", {
          peer,
          id: first,
          media: { media_id: ref.media_id, access_hash: ref.access_hash },
        })
        .then(
          () => "ok",
          (e: Error) => e.message,
        );
    expect(await edit(txt)).toBe("400 GROUPED_MEDIA_INVALID");
    expect(await edit(png2)).toBe("ok");
    const seen = await bob.call("messages.getHistory", { peer: { _: "user", id: alice.id } });
    expect(seen.messages.map((m: { grouped_id?: string }) => m.grouped_id)).toEqual([
      album.messages[0]?.grouped_id,
      album.messages[0]?.grouped_id,
    ]);
  });
});
