/**
 * The bot's profile (name, descriptions, menu button, default administrator rights, its photo) and
 * users' profile photos through getUserProfilePhotos, each with Telegram's refusals.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { makePng } from "../media/png.ts";
import { Uploader } from "../media/uploader.ts";
import { API, botCall, botMultipart, type Loose, ownerWithBot } from "./helpers.ts";

describe("the bot's profile", () => {
  it("Should keep name, description and short description per language, falling back to the default", async () => {
    const { owner, token, botId } = await ownerWithBot("Namer");
    expect((await botCall(token, "getMyName")).body.result).toEqual({ name: "Test Bot" });
    expect((await botCall(token, "getMyDescription")).body.result).toEqual({ description: "" });

    expect((await botCall(token, "setMyName", { name: "Weather Bot" })).body).toEqual({ ok: true, result: true });
    expect((await botCall(token, "setMyName", { name: "Wetterbot", language_code: "de" })).body.ok).toBe(true);
    expect((await botCall(token, "getMyName", { language_code: "de" })).body.result).toEqual({ name: "Wetterbot" });
    expect((await botCall(token, "getMyName", { language_code: "fr" })).body.result).toEqual({ name: "Weather Bot" });
    // The default name is the bot account's name: users see it.
    const [seen] = await owner.call<Loose[]>("users.getUsers", { ids: [botId] });
    expect(seen.first_name).toBe("Weather Bot");
    // An empty name removes the language's own, which falls back again.
    await botCall(token, "setMyName", { name: "", language_code: "de" });
    expect((await botCall(token, "getMyName", { language_code: "de" })).body.result).toEqual({ name: "Weather Bot" });

    await botCall(token, "setMyDescription", { description: "Forecasts for any city." });
    await botCall(token, "setMyShortDescription", { short_description: "Forecasts" });
    await botCall(token, "setMyShortDescription", { short_description: "Vorhersagen", language_code: "de" });
    expect((await botCall(token, "getMyDescription", { language_code: "de" })).body.result).toEqual({
      description: "Forecasts for any city.",
    });
    expect((await botCall(token, "getMyShortDescription", { language_code: "de" })).body.result).toEqual({
      short_description: "Vorhersagen",
    });
    // Users see the default texts in the bot's full profile.
    const full = await owner.call<Loose>("users.getFullUser", { id: botId });
    expect(full.bot_info).toEqual({ description: "Forecasts for any city.", short_description: "Forecasts" });
  });

  it("Should refuse texts over Telegram's lengths and bad language codes, and change nothing", async () => {
    const { token } = await ownerWithBot("Refused");
    const long = await botCall(token, "setMyName", { name: "n".repeat(65) });
    expect(long.body).toMatchObject({ ok: false, error_code: 400, description: "Bad Request: bot name is too long" });
    const desc = await botCall(token, "setMyDescription", { description: "d".repeat(513) });
    expect(desc.body.description).toBe("Bad Request: bot description is too long");
    const short = await botCall(token, "setMyShortDescription", { short_description: "s".repeat(121) });
    expect(short.body.description).toBe("Bad Request: bot short description is too long");
    const lang = await botCall(token, "setMyName", { name: "x", language_code: "english" });
    expect(lang.body.description).toBe("Bad Request: invalid language code specified");
    expect((await botCall(token, "getMyName")).body.result).toEqual({ name: "Test Bot" });
  });

  it("Should keep a default menu button and one per private chat; groups have none", async () => {
    const { owner, token } = await ownerWithBot("Menu");
    expect((await botCall(token, "getChatMenuButton")).body.result).toEqual({ type: "commands" });
    const app = { type: "web_app", text: "Open", web_app: { url: "https://example.com/app" } };
    expect((await botCall(token, "setChatMenuButton", { menu_button: app })).body.result).toBe(true);
    expect((await botCall(token, "getChatMenuButton")).body.result).toEqual(app);
    // A chat without its own button shows the bot's default; its own wins once set.
    expect((await botCall(token, "getChatMenuButton", { chat_id: owner.id })).body.result).toEqual(app);
    await botCall(token, "setChatMenuButton", { chat_id: owner.id, menu_button: { type: "commands" } });
    expect((await botCall(token, "getChatMenuButton", { chat_id: owner.id })).body.result).toEqual({
      type: "commands",
    });
    await botCall(token, "setChatMenuButton", { chat_id: owner.id, menu_button: { type: "default" } });
    expect((await botCall(token, "getChatMenuButton", { chat_id: owner.id })).body.result).toEqual(app);

    const insecure = await botCall(token, "setChatMenuButton", {
      menu_button: { type: "web_app", text: "Open", web_app: { url: "http://example.com" } },
    });
    expect(insecure.body.description).toBe("Bad Request: inline keyboard button Web App URL is invalid");
    const group = await botCall(token, "setChatMenuButton", { chat_id: -5, menu_button: { type: "commands" } });
    expect(group.body.description).toBe("Bad Request: chat not found");
    const unknown = await botCall(token, "setChatMenuButton", { menu_button: { type: "games" } });
    expect(unknown.body.description).toBe("Bad Request: can't parse menu button");
  });

  it("Should keep default administrator rights for groups and for channels apart", async () => {
    const { token } = await ownerWithBot("Rights");
    const none = (await botCall<Loose>(token, "getMyDefaultAdministratorRights")).body.result;
    expect(Object.values(none).every((x) => x === false)).toBe(true);
    await botCall(token, "setMyDefaultAdministratorRights", {
      rights: { can_delete_messages: true, can_pin_messages: true },
    });
    await botCall(token, "setMyDefaultAdministratorRights", {
      rights: { can_post_messages: true },
      for_channels: true,
    });
    const groups = (await botCall<Loose>(token, "getMyDefaultAdministratorRights")).body.result;
    expect(groups).toMatchObject({ can_delete_messages: true, can_pin_messages: true, can_post_messages: false });
    const channels = (await botCall<Loose>(token, "getMyDefaultAdministratorRights", { for_channels: true })).body
      .result;
    expect(channels).toMatchObject({ can_post_messages: true, can_delete_messages: false });
    await botCall(token, "setMyDefaultAdministratorRights", {});
    expect((await botCall<Loose>(token, "getMyDefaultAdministratorRights")).body.result.can_delete_messages).toBe(
      false,
    );
    const bad = await botCall(token, "setMyDefaultAdministratorRights", { rights: "{not json" });
    expect(bad.body.description).toBe("Bad Request: can't parse administrator rights JSON object");
  });

  it("Should set and remove the bot's profile photo, shown to users, and refuse a reused file_id", async () => {
    const { owner, token, botId } = await ownerWithBot("Photo");
    const pic = new File([await makePng(640, 480)], "me.png", { type: "image/png" });
    const set = await botMultipart(token, "setMyProfilePhoto", {
      photo: JSON.stringify({ type: "static", photo: "attach://pic" }),
      pic,
    });
    expect(set).toMatchObject({ ok: true, result: true });
    const [bot] = await owner.call<Loose[]>("users.getUsers", { ids: [botId] });
    expect(bot.photo?.media_id).toBeTruthy();
    const reused = await botCall(token, "setMyProfilePhoto", {
      photo: { type: "static", photo: `${bot.photo.media_id}.${bot.photo.access_hash}` },
    });
    expect(reused.body.description).toBe("Bad Request: can't use file_id for profile photos");

    expect((await botCall(token, "removeMyProfilePhoto")).body.result).toBe(true);
    const [after] = await owner.call<Loose[]>("users.getUsers", { ids: [botId] });
    expect(after.photo).toBeUndefined();
    expect((await botCall(token, "removeMyProfilePhoto")).body.ok).toBe(false);
  });
});

describe("getUserProfilePhotos", () => {
  it("Should list a user's photos newest first with their sizes, page them, and serve the files", async () => {
    const { token } = await ownerWithBot("Viewer");
    const carol = await Uploader.signUp("Carol");
    for (const [w, h] of [
      [400, 300],
      [900, 600],
    ] as const) {
      const ref = await carol.upload(await makePng(w, h), { mime: "image/png" });
      await carol.call("photos.uploadProfilePhoto", { media_id: ref.media_id, access_hash: ref.access_hash });
    }
    const all = (await botCall<Loose>(token, "getUserProfilePhotos", { user_id: carol.id })).body.result;
    expect(all.total_count).toBe(2);
    const newest = all.photos[0] as Loose[];
    const biggest = newest[newest.length - 1];
    expect([biggest.width, biggest.height]).toEqual([900, 600]);
    // Thumbnails first, ascending, each smaller than the original.
    expect(newest.length).toBeGreaterThan(1);
    expect(newest.slice(0, -1).every((s: Loose) => s.width < 900)).toBe(true);

    const page = (await botCall<Loose>(token, "getUserProfilePhotos", { user_id: carol.id, offset: 1, limit: 1 })).body
      .result;
    expect(page.total_count).toBe(2);
    expect(page.photos[0].at(-1).width).toBe(400);

    const file = (await botCall<Loose>(token, "getFile", { file_id: biggest.file_id })).body;
    expect(file.ok).toBe(true);
    const bytes = await SELF.fetch(`${API}/file/bot${token}/${file.result.file_path}`);
    expect(bytes.status).toBe(200);
    expect((await bytes.arrayBuffer()).byteLength).toBe(biggest.file_size);

    const nobody = await botCall(token, "getUserProfilePhotos", { user_id: 99_999_999_999 });
    expect(nobody.body.description).toBe("Bad Request: user not found");
    const badLimit = await botCall(token, "getUserProfilePhotos", { user_id: carol.id, limit: 101 });
    expect(badLimit.body.description).toBe("Bad Request: limit is invalid");
  });
});
