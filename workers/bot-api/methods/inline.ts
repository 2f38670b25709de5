/**
 * answerInlineQuery: the Bot API's InlineQueryResult* become Edgegram's inline results
 * (protocol/model/inline.ts) for the user's messages.getInlineBotResults waiting in the BotObject.
 * Articles, and files by file_id (cached) or by URL (uploaded as the bot) are supported.
 */
import * as v from "valibot";
import { parseFileId } from "../../../protocol/bot-api/convert.ts";
import { bool, int, json, str } from "../../../protocol/bot-api/params.ts";
import type { InlineMessage, InlineResult } from "../../../protocol/model/inline.ts";
import { type BotContext, botMethod } from "../context.ts";
import { badRequest } from "../errors.ts";
import { inputFile, type Kind } from "./files.ts";
import { formatted, internalMarkup, type Markup } from "./messages.ts";

type Raw = Record<string, unknown>;

/** Result types carrying a file, and the kind its URL is uploaded as. */
const FILE_KINDS: Record<string, Kind> = {
  photo: "photo",
  gif: "animation",
  mpeg4_gif: "animation",
  video: "video",
  audio: "audio",
  voice: "voice",
  document: "document",
  sticker: "sticker",
};

const text = (r: Raw, field: string) => (typeof r[field] === "string" ? (r[field] as string) : undefined);

function unparsable(why: string): never {
  throw badRequest(`can't parse inline query result: ${why}`);
}

const num = (r: Raw, field: string) => {
  const x = r[field];
  return typeof x === "number" ? x : typeof x === "string" && x.trim() !== "" ? Number(x) : undefined;
};

/** A location, venue or contact given by the fields Telegram uses for both the result types and the input contents. */
function placeOrContact(r: Raw): InlineMessage["content"] {
  const lat = num(r, "latitude");
  const long = num(r, "longitude");
  const phone = text(r, "phone_number");
  if (phone !== undefined) {
    const last = text(r, "last_name");
    const vcard = text(r, "vcard");
    return {
      _: "inputMediaContact",
      phone_number: phone,
      first_name: text(r, "first_name") ?? "",
      ...(last !== undefined ? { last_name: last } : {}),
      ...(vcard !== undefined ? { vcard } : {}),
    };
  }
  if (lat === undefined || long === undefined) return undefined;
  const accuracy = num(r, "horizontal_accuracy");
  const geo_point = {
    lat,
    long,
    ...(accuracy !== undefined ? { accuracy_radius: Math.round(accuracy) } : {}),
  };
  const address = text(r, "address");
  if (address !== undefined) return { _: "inputMediaVenue", geo_point, title: text(r, "title") ?? "", address };
  const period = num(r, "live_period");
  return { _: "inputMediaGeoPoint", geo_point, ...(period !== undefined ? { period } : {}) };
}

/** InputTextMessageContent, InputLocationMessageContent, InputVenueMessageContent or InputContactMessageContent (no invoices). */
function textContent(c: unknown): InlineMessage {
  if (typeof c !== "object" || c === null) return unparsable('field "input_message_content" must be of type Object');
  const content = c as Raw;
  const messageText = text(content, "message_text");
  if (messageText === undefined) {
    const other = placeOrContact(content);
    if (!other) return unparsable("unsupported input message content");
    return { message: "", content: other };
  }
  const body = formatted(messageText, text(content, "parse_mode"), content.entities as unknown[] | undefined);
  if (body.message.trim() === "") throw badRequest("MESSAGE_EMPTY");
  return { message: body.message, ...(body.entities.length ? { entities: body.entities } : {}) };
}

async function fileOf(ctx: BotContext, r: Raw, type: string, kind: Kind) {
  const cached = text(r, `${type}_file_id`);
  if (cached !== undefined) {
    const ref = parseFileId(cached);
    if (!ref) throw badRequest("FILE_ID_INVALID");
    return { media_id: ref.media_id, access_hash: ref.access_hash };
  }
  const url = text(r, `${type}_url`);
  if (url === undefined) return unparsable(`field "${type}_file_id" or "${type}_url" must be specified`);
  const ref = await inputFile(ctx, url, kind);
  return { media_id: ref.media_id, access_hash: ref.access_hash };
}

async function resultOf(ctx: BotContext, r: Raw): Promise<InlineResult> {
  const type = text(r, "type");
  const id = text(r, "id");
  if (type === undefined) return unparsable('field "type" must be of type String');
  if (id === undefined) return unparsable('field "id" must be of type String');
  const markup = internalMarkup(r.reply_markup as v.InferOutput<typeof Markup>);
  const common = {
    id,
    type,
    ...(text(r, "title") !== undefined ? { title: text(r, "title") as string } : {}),
    ...(text(r, "description") !== undefined ? { description: text(r, "description") as string } : {}),
    ...(text(r, "url") !== undefined ? { url: text(r, "url") as string } : {}),
    ...(text(r, "thumbnail_url") !== undefined ? { thumb_url: text(r, "thumbnail_url") as string } : {}),
  };
  const withMarkup = (m: InlineMessage): InlineMessage => (markup ? { ...m, reply_markup: markup } : m);
  if (type === "article") {
    if (common.title === undefined) return unparsable('field "title" must be of type String');
    return { ...common, send: withMarkup(textContent(r.input_message_content)) };
  }
  if (type === "location" || type === "venue" || type === "contact") {
    const content = placeOrContact(r);
    if (!content) return unparsable(`wrong ${type} result`);
    const send =
      r.input_message_content !== undefined ? textContent(r.input_message_content) : { message: "", content };
    return { ...common, send: withMarkup(send) };
  }
  const kind = FILE_KINDS[type];
  if (!kind) return unparsable(`unsupported result type "${type}"`);
  const media = await fileOf(ctx, r, type, kind);
  // A file result sends the file with its caption, unless input_message_content replaces it.
  const caption = formatted(text(r, "caption") ?? "", text(r, "parse_mode"), r.caption_entities as unknown[]);
  const send =
    r.input_message_content !== undefined
      ? textContent(r.input_message_content)
      : { message: caption.message, ...(caption.entities.length ? { entities: caption.entities } : {}), media };
  return { ...common, media, send: withMarkup(send) };
}

export const inlineMethods = {
  answerinlinequery: botMethod(
    v.object({
      inline_query_id: str(),
      results: json(v.array(v.looseObject({})), "inline query results"),
      cache_time: v.optional(int("cache_time"), 300),
      is_personal: v.optional(bool()),
      next_offset: v.optional(v.string()),
      button: v.optional(
        json(v.looseObject({ text: str(), start_parameter: v.optional(v.string()) }), "inline query results button"),
      ),
    }),
    async (ctx, p) => {
      const results: InlineResult[] = [];
      for (const r of p.results) results.push(await resultOf(ctx, r));
      return (await ctx.bot()).answerInlineQuery(p.inline_query_id, {
        results,
        cache_time: Math.max(0, p.cache_time),
        ...(p.is_personal ? { personal: true } : {}),
        ...(p.next_offset ? { next_offset: p.next_offset } : {}),
        ...(p.button?.start_parameter !== undefined
          ? { switch_pm: { text: p.button.text, start_param: p.button.start_parameter } }
          : {}),
      });
    },
  ),
};
