/**
 * sendLocation, sendVenue, sendContact, sendDice, sendPoll and stopPoll: Bot
 * API methods mapped onto messages.sendMedia with inputMedia* kinds, and
 * messages.stopPoll. Limits and errors come from the core (message-media.ts).
 */
import * as v from "valibot";
import { randomDecimalId } from "../../../protocol/binary.ts";
import { tgPoll } from "../../../protocol/bot-api/convert-content.ts";
import { bool, ChatId, int, json, str } from "../../../protocol/bot-api/params.ts";
import type { InputMediaKind } from "../../../protocol/model/message-media.ts";
import { isPollMedia } from "../../../protocol/model/message-media.ts";
import { type BotContext, botMethod } from "../context.ts";
import { badRequest } from "../errors.ts";
import { Common, formatted, internalMarkup, present, replyTo, resolveChat } from "./messages.ts";

/** A number given as a number or as decimal text (form fields). */
export const float = (what: string) =>
  v.pipe(
    v.union(
      [v.number(), v.pipe(v.string(), v.regex(/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/), v.transform(Number))],
      `${what} must be a Float number`,
    ),
    v.transform((n) => Number(n)),
  );

const Place = {
  latitude: float("latitude"),
  longitude: float("longitude"),
};

export const geoPoint = (p: { latitude: number; longitude: number; horizontal_accuracy?: number | undefined }) => ({
  lat: p.latitude,
  long: p.longitude,
  ...(p.horizontal_accuracy !== undefined ? { accuracy_radius: Math.round(p.horizontal_accuracy) } : {}),
});

async function sendContent(
  ctx: BotContext,
  p: v.InferOutput<v.ObjectSchema<typeof Common, undefined>>,
  media: InputMediaKind,
) {
  const markup = internalMarkup(p.reply_markup);
  const sent = await ctx.call("messages.sendMedia", {
    peer: await resolveChat(ctx, p.chat_id),
    media,
    ...replyTo(p),
    ...(markup ? { reply_markup: markup } : {}),
    random_id: randomDecimalId(),
  });
  return present(ctx, sent.message);
}

/** Poll options: InputPollOption objects (Bot API 7.3+) or plain strings (older bots). */
const PollOptions = json(
  v.array(v.union([str(), v.looseObject({ text: str() })], "poll option must be a String or an InputPollOption")),
  "poll options",
);

export const contentMethods = {
  sendlocation: botMethod(
    v.object({
      ...Common,
      ...Place,
      horizontal_accuracy: v.optional(float("horizontal_accuracy")),
      // With live_period the location may be moved (editMessageLiveLocation) until the period ends.
      live_period: v.optional(int("live_period")),
      heading: v.optional(int("heading")),
      proximity_alert_radius: v.optional(int("proximity_alert_radius")),
    }),
    (ctx, p) =>
      sendContent(ctx, p, {
        _: "inputMediaGeoPoint",
        geo_point: geoPoint(p),
        ...(p.live_period !== undefined ? { period: p.live_period } : {}),
        ...(p.live_period !== undefined && p.heading !== undefined ? { heading: p.heading } : {}),
        ...(p.live_period !== undefined && p.proximity_alert_radius !== undefined
          ? { proximity_notification_radius: p.proximity_alert_radius }
          : {}),
      }),
  ),
  sendvenue: botMethod(
    v.object({
      ...Common,
      ...Place,
      title: str(),
      address: str(),
      foursquare_id: v.optional(str()),
      foursquare_type: v.optional(str()),
      google_place_id: v.optional(str()),
      google_place_type: v.optional(str()),
    }),
    (ctx, p) => {
      const provider = p.foursquare_id
        ? { provider: "foursquare" as const, venue_id: p.foursquare_id, venue_type: p.foursquare_type ?? "" }
        : p.google_place_id
          ? { provider: "gplaces" as const, venue_id: p.google_place_id, venue_type: p.google_place_type ?? "" }
          : {};
      return sendContent(ctx, p, {
        _: "inputMediaVenue",
        geo_point: geoPoint(p),
        title: p.title,
        address: p.address,
        ...provider,
      });
    },
  ),
  sendcontact: botMethod(
    v.object({
      ...Common,
      phone_number: str(),
      first_name: str(),
      last_name: v.optional(str()),
      vcard: v.optional(str()),
    }),
    (ctx, p) =>
      sendContent(ctx, p, {
        _: "inputMediaContact",
        phone_number: p.phone_number,
        first_name: p.first_name,
        ...(p.last_name ? { last_name: p.last_name } : {}),
        ...(p.vcard ? { vcard: p.vcard } : {}),
      }),
  ),
  senddice: botMethod(v.object({ ...Common, emoji: v.optional(str(), "🎲") }), (ctx, p) =>
    sendContent(ctx, p, { _: "inputMediaDice", emoticon: p.emoji }),
  ),
  sendpoll: botMethod(
    v.object({
      ...Common,
      question: str(),
      options: PollOptions,
      is_anonymous: v.optional(bool(), true),
      type: v.optional(v.picklist(["regular", "quiz"], "wrong poll type specified"), "regular"),
      allows_multiple_answers: v.optional(bool(), false),
      allows_revoting: v.optional(bool()),
      correct_option_id: v.optional(int("correct_option_id")),
      correct_option_ids: v.optional(json(v.array(int("correct_option_ids")), "correct option identifiers")),
      explanation: v.optional(str()),
      explanation_parse_mode: v.optional(v.string()),
      question_parse_mode: v.optional(v.string()),
      explanation_entities: v.optional(v.unknown()),
      open_period: v.optional(int("open_period")),
      close_date: v.optional(int("close_date")),
      is_closed: v.optional(bool()),
    }),
    (ctx, p) => {
      const quiz = p.type === "quiz";
      const correct = p.correct_option_ids ?? (p.correct_option_id !== undefined ? [p.correct_option_id] : []);
      // Option ids are positions: poll_answer's option_ids are then exactly Telegram's.
      const answers = p.options.map((o, i) => ({ text: typeof o === "string" ? o : o.text, option: String(i) }));
      if (quiz && correct.some((c) => c < 0 || c >= answers.length))
        throw badRequest("wrong correct option identifier specified");
      return sendContent(ctx, p, {
        _: "inputMediaPoll",
        poll: {
          // Formatting is parsed away: polls keep plain text (Telegram allows only custom emoji there).
          question: formatted(p.question, p.question_parse_mode, []).message,
          answers,
          ...(p.is_closed ? { closed: true } : {}),
          ...(p.is_anonymous ? {} : { public_voters: true }),
          ...(p.allows_multiple_answers ? { multiple_choice: true } : {}),
          ...(quiz ? { quiz: true } : {}),
          ...(p.allows_revoting !== undefined ? { revoting: p.allows_revoting } : {}),
          ...(p.open_period !== undefined ? { close_period: p.open_period } : {}),
          ...(p.close_date !== undefined ? { close_date: p.close_date } : {}),
        },
        ...(quiz || correct.length > 0 ? { correct_answers: correct.map(String) } : {}),
        ...(p.explanation ? { solution: formatted(p.explanation, p.explanation_parse_mode, []).message } : {}),
      });
    },
  ),
  stoppoll: botMethod(
    v.object({ chat_id: ChatId, message_id: int("message_id"), reply_markup: v.optional(v.unknown()) }),
    async (ctx, p) => {
      const out = await ctx.call("messages.stopPoll", {
        peer: await resolveChat(ctx, p.chat_id),
        id: p.message_id,
      });
      const media = out.message.media;
      if (!isPollMedia(media)) throw badRequest("message with poll to stop not found");
      return tgPoll(media.poll, media.results);
    },
  ),
};
