/**
 * Sticker sets by a bot: made from uploaded files, edited only by their bot, seen by everyone, sent
 * with their set's name, and offered by supergroups — each refused with Telegram's words when wrong.
 */
import { describe, expect, it } from "vitest";
import { makePng } from "../media/png.ts";
import { errorOf, type Person, person, randomId, say } from "../messaging/people.ts";
import { botCall, botMultipart, type Loose, ownerWithBot } from "./helpers.ts";

let n = 0;
const png = async () => new File([await makePng(512, 512 - ++n)], `s${n}.png`, { type: "image/png" });

/** A bot, its owner, and a sticker file the bot uploaded for the owner. */
async function stickerBot() {
  const bot = await ownerWithBot("Alice");
  const upload = async () => {
    const r = await botMultipart(bot.token, "uploadStickerFile", {
      user_id: String(bot.owner.id),
      sticker_format: "static",
      sticker: await png(),
    });
    expect(r.ok).toBe(true);
    return r.result.file_id as string;
  };
  return { ...bot, upload, call: (m: string, p: Loose) => botCall(bot.token, m, p) };
}

const sticker = (file: string, emoji = ["😀"], extra: Loose = {}) => ({
  sticker: file,
  format: "static",
  emoji_list: emoji,
  ...extra,
});

async function withSet(type = "regular", count = 2) {
  const b = await stickerBot();
  const files: [string, ...string[]] = [await b.upload()];
  for (let i = 1; i < count; i++) files.push(await b.upload());
  const name = `pack${++n}_by_${b.username}`;
  const made = await b.call("createNewStickerSet", {
    user_id: b.owner.id,
    name,
    title: "My pack",
    sticker_type: type,
    stickers: files.map((f, i) => sticker(f, [i % 2 ? "🐱" : "😀"])),
  });
  expect(made.body).toEqual({ ok: true, result: true });
  const set = async () => (await b.call("getStickerSet", { name })).body.result;
  return { ...b, name, files, set };
}

const bad = (description: string) => ({ ok: false, error_code: 400, description });

describe("createNewStickerSet and getStickerSet", () => {
  it("Should make a set from uploaded and attached files that everyone signed in can see and download", async () => {
    const b = await stickerBot();
    const uploaded = await b.upload();
    const name = `Cats_by_${b.username}`;
    const made = await botMultipart(b.token, "createNewStickerSet", {
      user_id: String(b.owner.id),
      name,
      title: "Cats",
      stickers: JSON.stringify([
        sticker(uploaded, ["😺", "😸"], { keywords: ["cat"] }),
        sticker("attach://second", ["🐈"]),
      ]),
      second: await png(),
    });
    expect(made).toEqual({ ok: true, result: true });
    const got = await b.call("getStickerSet", { name: name.toLowerCase() });
    expect(got.body.result).toMatchObject({ name, title: "Cats", sticker_type: "regular" });
    const stickers = got.body.result.stickers as Loose[];
    expect(stickers).toHaveLength(2);
    expect(stickers[0]).toMatchObject({
      file_id: uploaded,
      type: "regular",
      emoji: "😺",
      set_name: name,
      is_animated: false,
      is_video: false,
      width: 512,
    });
    expect(stickers[1].emoji).toBe("🐈");

    // A stranger sees the set through the Edgegram RPC and may read its files.
    const carol = await person("Carol");
    const seen = await carol.call("messages.getStickerSet", { name });
    expect(seen.stickers.map((s: Loose) => s.emoji)).toEqual([["😺", "😸"], ["🐈"]]);
    expect(seen.stickers[0].keywords).toEqual(["cat"]);
    expect(seen.owner_id).toBe(b.owner.id);
    const file = await carol.call("upload.getFile", {
      media_id: seen.stickers[0].media_id,
      access_hash: seen.stickers[0].access_hash,
      offset: 0,
      limit: 1024,
    });
    expect(file.mime_type).toBe("image/png");
  }, 30_000);

  it("Should refuse a bad name, a taken name, an unknown user, bad emoji and a wrong format, leaving no set", async () => {
    const b = await stickerBot();
    const file = await b.upload();
    const base = { user_id: b.owner.id, title: "T", stickers: [sticker(file)] };
    const wrongSuffix = await b.call("createNewStickerSet", { ...base, name: "cats_by_someone_else_bot" });
    expect(wrongSuffix.body).toEqual(bad("Bad Request: invalid sticker set name is specified"));
    const badChars = await b.call("createNewStickerSet", { ...base, name: `ca-ts_by_${b.username}` });
    expect(badChars.body).toEqual(bad("Bad Request: invalid sticker set name is specified"));
    const noUser = await b.call("createNewStickerSet", { ...base, user_id: 123, name: `a_by_${b.username}` });
    expect(noUser.body).toEqual(bad("Bad Request: user not found"));
    const noEmoji = await b.call("createNewStickerSet", {
      ...base,
      name: `b_by_${b.username}`,
      stickers: [sticker(file, [])],
    });
    expect(noEmoji.body).toEqual(bad("Bad Request: invalid sticker emojis"));
    const video = await b.call("createNewStickerSet", {
      ...base,
      name: `c_by_${b.username}`,
      stickers: [{ ...sticker(file), format: "video" }],
    });
    expect(video.body).toEqual(bad("Bad Request: STICKER_FILE_INVALID"));
    const none = await b.call("createNewStickerSet", { ...base, name: `d_by_${b.username}`, stickers: [] });
    expect(none.body).toEqual(bad("Bad Request: sticker list must be non-empty"));
    for (const name of ["a", "b", "c", "d"]) {
      const missing = await b.call("getStickerSet", { name: `${name}_by_${b.username}` });
      expect(missing.body).toEqual(bad("Bad Request: STICKERSET_INVALID"));
    }

    const ok = await b.call("createNewStickerSet", { ...base, name: `e_by_${b.username}` });
    expect(ok.body.ok).toBe(true);
    const other = await stickerBot();
    const taken = await b.call("createNewStickerSet", {
      ...base,
      name: `E_by_${b.username}`,
      stickers: [sticker(await b.upload())],
    });
    expect(taken.body).toEqual(bad("Bad Request: sticker set name is already occupied"));
    // Another bot's file_id is not this bot's upload.
    const foreign = await other.call("createNewStickerSet", {
      ...base,
      user_id: other.owner.id,
      name: `f_by_${other.username}`,
    });
    expect(foreign.body.ok).toBe(false);
    // An upload typed application/octet-stream (as bot libraries send it) is known by its bytes.
    const untyped = await botMultipart(b.token, "uploadStickerFile", {
      user_id: String(b.owner.id),
      sticker_format: "static",
      sticker: new File([await makePng(512, 100)], "s", { type: "application/octet-stream" }),
    });
    const byBytes = await b.call("createNewStickerSet", {
      ...base,
      name: `g_by_${b.username}`,
      stickers: [sticker(untyped.result.file_id)],
    });
    expect(byBytes.body).toEqual({ ok: true, result: true });
    const notImage = await botMultipart(b.token, "uploadStickerFile", {
      user_id: String(b.owner.id),
      sticker_format: "static",
      sticker: new File([new TextEncoder().encode("plain text")], "s", { type: "application/octet-stream" }),
    });
    const refused = await b.call("createNewStickerSet", {
      ...base,
      name: `h_by_${b.username}`,
      stickers: [sticker(notImage.result.file_id)],
    });
    expect(refused.body).toEqual(bad("Bad Request: STICKER_FILE_INVALID"));
    const noFile = await b.call("uploadStickerFile", { user_id: b.owner.id, sticker_format: "static", sticker: file });
    expect(noFile.body).toEqual(bad("Bad Request: sticker file must be uploaded"));
  }, 30_000);
});

describe("editing a set", () => {
  it("Should add, reorder, re-emoji, retitle, replace, delete stickers and delete the set", async () => {
    const s = await withSet("regular", 2);
    const third = await s.upload();
    const added = await s.call("addStickerToSet", {
      user_id: s.owner.id,
      name: s.name,
      sticker: sticker(third, ["🔥"]),
    });
    expect(added.body).toEqual({ ok: true, result: true });
    expect((await s.set()).stickers.map((x: Loose) => x.file_id)).toEqual([...s.files, third]);

    expect((await s.call("setStickerPositionInSet", { sticker: third, position: 0 })).body.result).toBe(true);
    expect((await s.set()).stickers.map((x: Loose) => x.file_id)).toEqual([third, ...s.files]);

    await s.call("setStickerEmojiList", { sticker: third, emoji_list: ["🌶", "🔥"] });
    await s.call("setStickerKeywords", { sticker: third, keywords: ["hot", "spicy"] });
    await s.call("setStickerSetTitle", { name: s.name, title: "Renamed" });
    const after = await s.set();
    expect(after.title).toBe("Renamed");
    expect(after.stickers[0].emoji).toBe("🌶");
    const carol = await person("Carol");
    const raw = await carol.call("messages.getStickerSet", { name: s.name });
    expect(raw.stickers[0]).toMatchObject({ emoji: ["🌶", "🔥"], keywords: ["hot", "spicy"] });

    const fresh = await s.upload();
    const replaced = await s.call("replaceStickerInSet", {
      user_id: s.owner.id,
      name: s.name,
      old_sticker: s.files[0],
      sticker: sticker(fresh, ["🆕"]),
    });
    expect(replaced.body.result).toBe(true);
    expect((await s.set()).stickers.map((x: Loose) => x.file_id)).toEqual([third, fresh, s.files[1]]);

    expect((await s.call("deleteStickerFromSet", { sticker: third })).body.result).toBe(true);
    expect((await s.set()).stickers.map((x: Loose) => x.file_id)).toEqual([fresh, s.files[1]]);

    const thumb = await botMultipart(s.token, "setStickerSetThumbnail", {
      name: s.name,
      user_id: String(s.owner.id),
      format: "static",
      thumbnail: await png(),
    });
    expect(thumb).toEqual({ ok: true, result: true });
    expect((await s.set()).thumbnail.width).toBe(512);

    expect((await s.call("deleteStickerSet", { name: s.name })).body.result).toBe(true);
    expect((await s.call("getStickerSet", { name: s.name })).body).toEqual(bad("Bad Request: STICKERSET_INVALID"));
    expect(await errorOf(carol, "messages.getStickerSet", { name: s.name })).toContain("STICKERSET_INVALID");
  }, 30_000);

  it("Should refuse another bot, unknown stickers, bad positions and masks on a regular set, changing nothing", async () => {
    const s = await withSet("regular", 2);
    const other = await stickerBot();
    const before = await s.set();
    const foreignAdd = await other.call("addStickerToSet", {
      user_id: other.owner.id,
      name: s.name,
      sticker: sticker(await other.upload()),
    });
    expect(foreignAdd.body).toEqual(bad("Bad Request: STICKERSET_INVALID"));
    for (const [method, params] of [
      ["setStickerSetTitle", { name: s.name, title: "Mine" }],
      ["deleteStickerSet", { name: s.name }],
      ["deleteStickerFromSet", { sticker: s.files[0] }],
      ["setStickerPositionInSet", { sticker: s.files[0], position: 1 }],
      ["setStickerEmojiList", { sticker: s.files[0], emoji_list: ["🙃"] }],
    ] as const) {
      const r = await other.call(method, params);
      expect(r.body, method).toEqual(bad("Bad Request: STICKERSET_INVALID"));
    }
    const position = await s.call("setStickerPositionInSet", { sticker: s.files[0], position: 5 });
    expect(position.body).toEqual(bad("Bad Request: POSITION_INVALID"));
    const loose = await s.upload();
    const notInSet = await s.call("deleteStickerFromSet", { sticker: loose });
    expect(notInSet.body).toEqual(bad("Bad Request: STICKER_INVALID"));
    const wrongId = await s.call("deleteStickerFromSet", { sticker: "nonsense" });
    expect(wrongId.body).toEqual(bad("Bad Request: wrong file identifier/HTTP URL specified"));
    const mask = await s.call("setStickerMaskPosition", {
      sticker: s.files[0],
      mask_position: { point: "eyes", x_shift: 0, y_shift: 0, scale: 1 },
    });
    expect(mask.body).toEqual(bad("Bad Request: STICKER_MASK_COORDS_NOT_SUPPORTED"));
    const emptyTitle = await s.call("setStickerSetTitle", { name: s.name, title: "  " });
    expect(emptyTitle.body).toEqual(bad("Bad Request: STICKERSET_TITLE_INVALID"));
    const twice = await s.call("addStickerToSet", { user_id: s.owner.id, name: s.name, sticker: sticker(s.files[0]) });
    expect(twice.body).toEqual(bad("Bad Request: STICKER_DOCUMENT_INVALID"));
    expect(await s.set()).toEqual(before);
  }, 30_000);

  it("Should keep mask positions on a mask set and clear them when none is given", async () => {
    const s = await withSet("mask", 1);
    const where = { point: "eyes", x_shift: 0.5, y_shift: -0.25, scale: 2 };
    const set = await s.call("setStickerMaskPosition", { sticker: s.files[0], mask_position: where });
    expect(set.body.result).toBe(true);
    expect((await s.set()).stickers[0]).toMatchObject({ type: "mask", mask_position: where });
    await s.call("setStickerMaskPosition", { sticker: s.files[0] });
    expect((await s.set()).stickers[0].mask_position).toBeUndefined();
  }, 30_000);
});

describe("custom emoji sets", () => {
  it("Should answer getCustomEmojiStickers and take a set's own emoji as its thumbnail", async () => {
    const s = await withSet("custom_emoji", 2);
    const set = await s.set();
    expect(set.sticker_type).toBe("custom_emoji");
    const ids = set.stickers.map((x: Loose) => x.custom_emoji_id as string);
    expect(ids.every((id: string) => typeof id === "string" && id.length > 0)).toBe(true);
    const got = await s.call("getCustomEmojiStickers", { custom_emoji_ids: [ids[1], "0000000000000000", "x"] });
    expect(got.body.result).toHaveLength(1);
    expect(got.body.result[0]).toMatchObject({ custom_emoji_id: ids[1], type: "custom_emoji", set_name: s.name });

    const thumb = await s.call("setCustomEmojiStickerSetThumbnail", { name: s.name, custom_emoji_id: ids[1] });
    expect(thumb.body.result).toBe(true);
    expect((await s.set()).thumbnail.file_unique_id).toBe(set.stickers[1].file_unique_id);

    const regular = await withSet("regular", 1);
    const foreign = await s.call("setCustomEmojiStickerSetThumbnail", {
      name: s.name,
      custom_emoji_id: "no_such_emoji_id_0",
    });
    expect(foreign.body).toEqual(bad("Bad Request: CUSTOM_EMOJI_INVALID"));
    const notEmoji = await regular.call("setCustomEmojiStickerSetThumbnail", { name: regular.name });
    expect(notEmoji.body).toEqual(bad("Bad Request: STICKERSET_INVALID"));
    // Regular stickers are not custom emoji.
    const regularId = (await regular.set()).stickers[0].file_unique_id;
    expect((await s.call("getCustomEmojiStickers", { custom_emoji_ids: [regularId] })).body.result).toEqual([]);
  }, 30_000);
});

describe("sendSticker from a set", () => {
  it("Should send a set's sticker with its set name and emoji, and a loose file as a plain sticker", async () => {
    const s = await withSet("regular", 1);
    await say(s.owner, { id: s.botId }, "/start");
    const sent = await s.call("sendSticker", { chat_id: s.owner.id, sticker: s.files[0] });
    expect(sent.body.result.sticker).toMatchObject({ file_id: s.files[0], set_name: s.name, emoji: "😀" });
    const loose = await s.call("sendSticker", { chat_id: s.owner.id, sticker: await s.upload() });
    expect(loose.body.result.sticker.type).toBe("regular");
    expect(loose.body.result.sticker.set_name).toBeUndefined();
  }, 30_000);

  it("Should let anyone send a set's sticker, but not someone else's loose file", async () => {
    const s = await withSet("regular", 1);
    const other = await stickerBot();
    await say(other.owner, { id: other.botId }, "/start");
    const byOtherBot = await other.call("sendSticker", { chat_id: other.owner.id, sticker: s.files[0] });
    expect(byOtherBot.body.result.sticker).toMatchObject({ set_name: s.name, emoji: "😀" });
    const loose = await s.upload();
    const foreign = await other.call("sendSticker", { chat_id: other.owner.id, sticker: loose });
    expect(foreign.body.ok).toBe(false);

    const carol = await person("Carol");
    const set = await carol.call("messages.getStickerSet", { name: s.name });
    const { media_id, access_hash } = set.stickers[0];
    const sent = await carol.call("messages.sendMedia", {
      peer: { _: "user", id: other.owner.id },
      media: { media_id, access_hash },
      message: "",
      random_id: randomId(),
    });
    expect(sent.message.media.media_id).toBe(media_id);
    expect(
      await errorOf(carol, "messages.sendMedia", {
        peer: { _: "user", id: other.owner.id },
        media: { media_id: loose.split(".")[0], access_hash: loose.split(".")[1] },
        message: "",
        random_id: randomId(),
      }),
    ).toContain("MEDIA_ACCESS_DENIED");
  }, 30_000);
});

describe("setChatStickerSet and deleteChatStickerSet", () => {
  async function supergroup(s: { owner: Person; botId: number }, admin: boolean) {
    const { chat } = await s.owner.call("channels.createChannel", { title: "Club", megagroup: true });
    await s.owner.call("channels.inviteToChannel", { channel_id: chat.id, users: [s.botId] });
    if (admin) await s.owner.call("channels.editAdmin", { channel_id: chat.id, user_id: s.botId, is_admin: true });
    return -(1_000_000_000_000 + chat.id);
  }

  it("Should let an admin bot set and clear a supergroup's set, shown by getChat", async () => {
    const s = await withSet("regular", 1);
    const chatId = await supergroup(s, true);
    expect((await s.call("getChat", { chat_id: chatId })).body.result.can_set_sticker_set).toBe(true);
    const set = await s.call("setChatStickerSet", { chat_id: chatId, sticker_set_name: s.name });
    expect(set.body).toEqual({ ok: true, result: true });
    expect((await s.call("getChat", { chat_id: chatId })).body.result.sticker_set_name).toBe(s.name);
    expect((await s.call("deleteChatStickerSet", { chat_id: chatId })).body.result).toBe(true);
    expect((await s.call("getChat", { chat_id: chatId })).body.result.sticker_set_name).toBeUndefined();
  }, 30_000);

  it("Should refuse a bot that is not an admin, basic groups, private chats and unknown sets", async () => {
    const s = await withSet("regular", 1);
    const plain = await supergroup(s, false);
    const denied = await s.call("setChatStickerSet", { chat_id: plain, sticker_set_name: s.name });
    expect(denied.body).toEqual(bad("Bad Request: not enough rights to change supergroup sticker set"));
    expect((await s.call("deleteChatStickerSet", { chat_id: plain })).body).toEqual(
      bad("Bad Request: not enough rights to change supergroup sticker set"),
    );
    const chat = await s.call("getChat", { chat_id: plain });
    expect(chat.body.result.sticker_set_name).toBeUndefined();
    expect(chat.body.result.can_set_sticker_set).toBeUndefined();

    const admin = await supergroup(s, true);
    const unknown = await s.call("setChatStickerSet", { chat_id: admin, sticker_set_name: "nope_by_nobody" });
    expect(unknown.body).toEqual(bad("Bad Request: STICKERSET_INVALID"));
    const { chat: group } = await s.owner.call("messages.createChat", { title: "G", users: [s.botId] });
    const basic = await s.call("setChatStickerSet", { chat_id: -group.id, sticker_set_name: s.name });
    expect(basic.body).toEqual(bad("Bad Request: method is available only for supergroups"));
    const priv = await s.call("setChatStickerSet", { chat_id: s.owner.id, sticker_set_name: s.name });
    expect(priv.body).toEqual(bad("Bad Request: method is available only for supergroups"));
  }, 30_000);
});
