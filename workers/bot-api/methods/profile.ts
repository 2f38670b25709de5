/**
 * The bot's profile: its name, description and short description per language, the menu button,
 * the default administrator rights it asks for, and its profile photo; and users' profile photos.
 * Texts and settings live in the bot's BotObject (durable-objects/bot-profile.ts); the default name
 * is the bot account's first name, and photos are the core's profile photos (photos.*).
 */
import * as v from "valibot";
import type { BotTextField } from "../../../durable-objects/bot-profile.ts";
import { tgProfilePhoto } from "../../../protocol/bot-api/convert.ts";
import { bool, int, json } from "../../../protocol/bot-api/params.ts";
import { Errors } from "../../../protocol/errors.ts";
import { type BotContext, botMethod } from "../context.ts";
import { badRequest } from "../errors.ts";
import { inputFile } from "./files.ts";

const Lang = v.optional(v.pipe(v.string(), v.regex(/^([a-z]{2})?$/, "invalid language code specified")), "");
const text = (max: number, what: string) => v.optional(v.pipe(v.string(), v.maxLength(max, `${what} is too long`)), "");

/** setMy<Text> / getMy<Text> for one of the bot's texts. */
function textMethods(field: BotTextField, max: number, what: string) {
  return {
    set: botMethod(v.object({ [field]: text(max, what), language_code: Lang }), async (ctx, p) => {
      const given = p as Record<string, string>;
      const value = given[field] ?? "";
      const lang = given.language_code ?? "";
      // The default name is the account's name, shown to everyone: it changes there too.
      if (field === "name" && lang === "" && value !== "")
        await ctx.call("account.updateProfile", { first_name: value });
      return (await ctx.bot()).setText(field, lang, value);
    }),
    get: botMethod(
      v.object({ language_code: Lang }),
      async (ctx, p) => {
        const stored = await (await ctx.bot()).text(field, p.language_code);
        if (stored !== null || field !== "name") return { [field]: stored ?? "" };
        const [me] = await ctx.call("users.getUsers", { ids: [ctx.botId] });
        return { name: me?.first_name ?? "" };
      },
      { free: true },
    ),
  };
}
const names = textMethods("name", 64, "bot name");
const descriptions = textMethods("description", 512, "bot description");
const shortDescriptions = textMethods("short_description", 120, "bot short description");

const MenuButton = v.variant(
  "type",
  [
    v.object({ type: v.literal("commands") }),
    v.object({ type: v.literal("default") }),
    v.object({
      type: v.literal("web_app"),
      text: v.pipe(
        v.string(),
        v.minLength(1, "menu button text is empty"),
        v.maxLength(64, "menu button text is too long"),
      ),
      web_app: v.object({
        url: v.pipe(v.string(), v.regex(/^https:\/\//i, "inline keyboard button Web App URL is invalid")),
      }),
    }),
  ],
  "can't parse menu button",
);

/** The private chat a menu button is for: a user's id (groups have no menu button). */
async function menuChat(ctx: BotContext, chatId: number | undefined): Promise<string> {
  if (chatId === undefined) return "menu:default";
  if (chatId <= 0) throw badRequest("chat not found");
  const [u] = await ctx.call("users.getUsers", { ids: [chatId] });
  if (!u || u.bot) throw badRequest("chat not found");
  return `menu:${chatId}`;
}

/** Telegram's ChatAdministratorRights: every right, false unless given. */
const RIGHTS = [
  "is_anonymous",
  "can_manage_chat",
  "can_delete_messages",
  "can_manage_video_chats",
  "can_restrict_members",
  "can_promote_members",
  "can_change_info",
  "can_invite_users",
  "can_post_stories",
  "can_edit_stories",
  "can_delete_stories",
  "can_post_messages",
  "can_edit_messages",
  "can_pin_messages",
  "can_manage_topics",
  "can_manage_direct_messages",
] as const;
const Rights = v.object(Object.fromEntries(RIGHTS.map((r) => [r, v.optional(v.boolean())])));
const rightsOf = (given: Record<string, boolean | undefined> | null): Record<string, boolean> =>
  Object.fromEntries(RIGHTS.map((r) => [r, given?.[r] === true]));

const InputProfilePhoto = v.variant(
  "type",
  [
    v.object({ type: v.literal("static"), photo: v.string() }),
    v.object({ type: v.literal("animated"), animation: v.string(), main_frame_timestamp: v.optional(v.number()) }),
  ],
  "can't parse InputProfilePhoto",
);

export const profileMethods = {
  setmyname: names.set,
  getmyname: names.get,
  setmydescription: descriptions.set,
  getmydescription: descriptions.get,
  setmyshortdescription: shortDescriptions.set,
  getmyshortdescription: shortDescriptions.get,

  setchatmenubutton: botMethod(
    v.object({ chat_id: v.optional(int("chat_id")), menu_button: v.optional(json(MenuButton, "menu button")) }),
    async (ctx, p) => {
      const key = await menuChat(ctx, p.chat_id);
      // The default button for everyone is "commands"; a chat's "default" follows the bot's default.
      const unset = !p.menu_button || p.menu_button.type === "default";
      return (await ctx.bot()).setSetting(key, unset ? null : p.menu_button);
    },
  ),
  getchatmenubutton: botMethod(
    v.object({ chat_id: v.optional(int("chat_id")) }),
    async (ctx, p) => {
      const bot = await ctx.bot();
      const key = await menuChat(ctx, p.chat_id);
      return (
        (await bot.setting(key)) ??
        (key === "menu:default" ? null : await bot.setting("menu:default")) ?? {
          type: "commands",
        }
      );
    },
    { free: true },
  ),

  setmydefaultadministratorrights: botMethod(
    v.object({ rights: v.optional(json(Rights, "administrator rights")), for_channels: v.optional(bool()) }),
    async (ctx, p) =>
      (await ctx.bot()).setSetting(p.for_channels ? "rights:channels" : "rights:groups", p.rights ?? null),
  ),
  getmydefaultadministratorrights: botMethod(
    v.object({ for_channels: v.optional(bool()) }),
    async (ctx, p) =>
      rightsOf(
        (await (await ctx.bot()).setting(p.for_channels ? "rights:channels" : "rights:groups")) as Record<
          string,
          boolean
        > | null,
      ),
    { free: true },
  ),

  setmyprofilephoto: botMethod(v.object({ photo: json(InputProfilePhoto, "InputProfilePhoto") }), async (ctx, p) => {
    if (p.photo.type === "animated") throw Errors.badRequest("PHOTO_INVALID");
    // Telegram takes profile photos only as new uploads, never by file_id.
    if (!p.photo.photo.startsWith("attach://")) throw badRequest("can't use file_id for profile photos");
    const ref = await inputFile(ctx, p.photo.photo, "photo");
    await ctx.call("photos.uploadProfilePhoto", { media_id: ref.media_id, access_hash: ref.access_hash });
    return true;
  }),
  removemyprofilephoto: botMethod(v.object({}), async (ctx) => {
    const { photos } = await ctx.call("photos.getUserPhotos", { user_id: ctx.botId, offset: 0, limit: 1 });
    const [current] = photos;
    if (!current) throw badRequest("PHOTO_NOT_FOUND"); // nothing to remove, as Telegram answers
    await ctx.call("photos.deletePhotos", { id: [current.media_id] });
    return true;
  }),

  getuserprofilephotos: botMethod(
    v.object({
      user_id: int("user_id"),
      offset: v.optional(v.pipe(int("offset"), v.minValue(0, "offset is invalid"))),
      limit: v.optional(v.pipe(int("limit"), v.minValue(1, "limit is invalid"), v.maxValue(100, "limit is invalid"))),
    }),
    async (ctx, p) => {
      const [u] = p.user_id > 0 ? await ctx.call("users.getUsers", { ids: [p.user_id] }) : [];
      if (!u) throw Errors.badRequest("USER_ID_INVALID");
      const { photos, count } = await ctx.call("photos.getUserPhotos", {
        user_id: p.user_id,
        offset: p.offset ?? 0,
        limit: p.limit ?? 100,
      });
      return { total_count: count, photos: photos.map(tgProfilePhoto) };
    },
    { free: true },
  ),
};
