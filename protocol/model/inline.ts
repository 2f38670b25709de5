/**
 * Inline mode's results: what a bot offers for "@bot query" (Telegram's botInlineResult /
 * botInlineMediaResult) and what choosing one sends. The Bot API's InlineQueryResult* map onto it.
 */
import * as v from "valibot";
import { InputMediaRef } from "./media.ts";
import { MAX_MESSAGE_LENGTH, MessageEntities, ReplyMarkup } from "./message.ts";
import { InputMediaContact, InputMediaGeoPoint, InputMediaVenue } from "./message-media.ts";

export const INLINE_RESULTS_MAX = 50;

/** What choosing a result posts (as the user, "via @bot"): text, a file with its caption, or a location, venue or contact. */
export const InlineMessage = v.object({
  message: v.pipe(v.string(), v.maxLength(MAX_MESSAGE_LENGTH, "MESSAGE_TOO_LONG")),
  entities: v.optional(MessageEntities),
  media: v.optional(InputMediaRef),
  content: v.optional(v.variant("_", [InputMediaGeoPoint, InputMediaVenue, InputMediaContact])),
  reply_markup: v.optional(ReplyMarkup),
});
export type InlineMessage = v.InferOutput<typeof InlineMessage>;

export const InlineResult = v.object({
  id: v.pipe(v.string(), v.minLength(1, "RESULT_ID_INVALID"), v.maxLength(64, "RESULT_ID_INVALID")),
  /** article, photo, document, sticker, gif, video, audio, voice … (the Bot API's result type). */
  type: v.pipe(v.string(), v.regex(/^[a-z_0-9]{1,32}$/, "RESULT_TYPE_INVALID")),
  title: v.optional(v.pipe(v.string(), v.maxLength(512))),
  description: v.optional(v.pipe(v.string(), v.maxLength(512))),
  url: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  thumb_url: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  /** The file the result shows (cached results); choosing it sends that file unless `send` names another. */
  media: v.optional(InputMediaRef),
  send: InlineMessage,
});
export type InlineResult = v.InferOutput<typeof InlineResult>;

/** A bot's answer to one inline query. */
export const InlineAnswer = v.object({
  results: v.pipe(
    v.array(InlineResult),
    v.maxLength(INLINE_RESULTS_MAX, "RESULTS_TOO_MUCH"),
    v.check((r) => new Set(r.map((x) => x.id)).size === r.length, "RESULT_ID_DUPLICATE"),
  ),
  /** Seconds the server may answer the same query from this answer (Telegram's default 300). */
  cache_time: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Cached for the asking user only. */
  personal: v.optional(v.boolean()),
  next_offset: v.optional(v.pipe(v.string(), v.maxLength(64, "NEXT_OFFSET_INVALID"))),
  /** A button above the results: opens a private chat with the bot with this start parameter. */
  switch_pm: v.optional(v.object({ text: v.string(), start_param: v.string() })),
});
export type InlineAnswer = v.InferOutput<typeof InlineAnswer>;
