/**
 * Message content beyond text and files, in Telegram's MTProto shape: a point
 * on the map, a venue, a contact card, a dice throw and a poll — what a client
 * sends (`inputMedia*`, in messages.sendMedia) and what a message carries
 * (`messageMedia*`). Validation errors use Telegram's names.
 */
import * as v from "valibot";
import { DecimalId } from "./ids.ts";
import { InputMediaRef, MediaRef } from "./media.ts";

// ------------------------------------------------------------ limits (Bot API 9.x, as in @grammyjs/types 5.0)

export const POLL_QUESTION_MAX = 300;
export const POLL_OPTIONS_MIN = 1;
export const POLL_OPTIONS_MAX = 12;
export const POLL_OPTION_MAX = 100;
export const POLL_SOLUTION_MAX = 200;
export const VCARD_MAX = 2048;
export const ACCURACY_MAX = 1500;

/** The dice Telegram knows and the largest value each can show (values start at 1). */
export const DICE_MAX_VALUE: Readonly<Record<string, number>> = {
  "🎲": 6,
  "🎯": 6,
  "🏀": 5,
  "⚽": 5,
  "🎳": 6,
  "🎰": 64,
};

// ------------------------------------------------------------ pieces

const Latitude = v.pipe(
  v.number("GEO_POINT_INVALID"),
  v.minValue(-90, "GEO_POINT_INVALID"),
  v.maxValue(90, "GEO_POINT_INVALID"),
);
const Longitude = v.pipe(
  v.number("GEO_POINT_INVALID"),
  v.minValue(-180, "GEO_POINT_INVALID"),
  v.maxValue(180, "GEO_POINT_INVALID"),
);

/** A point on the map; `accuracy_radius` is the uncertainty in metres. */
export const GeoPoint = v.object(
  {
    lat: Latitude,
    long: Longitude,
    accuracy_radius: v.optional(
      v.pipe(
        v.number("GEO_POINT_INVALID"),
        v.integer("GEO_POINT_INVALID"),
        v.minValue(0, "GEO_POINT_INVALID"),
        v.maxValue(ACCURACY_MAX, "GEO_POINT_INVALID"),
      ),
    ),
  },
  "GEO_POINT_INVALID",
);
export type GeoPoint = v.InferOutput<typeof GeoPoint>;

const Bounded = (max: number, error: string, min = 0) =>
  v.pipe(v.string(error), v.minLength(min, error), v.maxLength(max, error));

const VenueFields = {
  title: v.pipe(
    Bounded(256, "VENUE_TITLE_INVALID"),
    v.check((s) => s.trim().length > 0, "VENUE_TITLE_INVALID"),
  ),
  address: Bounded(512, "VENUE_ADDRESS_INVALID"),
  /** "foursquare" or "gplaces", with the venue's id and type there. */
  provider: v.optional(v.picklist(["foursquare", "gplaces"], "VENUE_PROVIDER_INVALID")),
  venue_id: v.optional(Bounded(128, "VENUE_ID_INVALID")),
  venue_type: v.optional(Bounded(128, "VENUE_TYPE_INVALID")),
};

const ContactFields = {
  phone_number: v.pipe(v.string("PHONE_NUMBER_INVALID"), v.regex(/^\+?[0-9][0-9 ()-]{2,30}$/, "PHONE_NUMBER_INVALID")),
  first_name: v.pipe(
    Bounded(64, "FIRSTNAME_INVALID", 1),
    v.check((s) => s.trim().length > 0, "FIRSTNAME_INVALID"),
  ),
  last_name: v.optional(Bounded(64, "LASTNAME_INVALID")),
  vcard: v.optional(
    v.pipe(
      v.string("VCARD_INVALID"),
      v.check((s) => new TextEncoder().encode(s).length <= VCARD_MAX, "VCARD_INVALID"),
    ),
  ),
};

const DiceEmoticon = v.pipe(
  v.string("DICE_EMOJI_INVALID"),
  v.check((s) => Object.hasOwn(DICE_MAX_VALUE, s), "DICE_EMOJI_INVALID"),
);

/** A poll option's id (Telegram's `option` bytes): short and opaque to clients. */
export const PollOptionId = v.pipe(v.string("OPTION_INVALID"), v.regex(/^[0-9A-Za-z_-]{1,16}$/, "OPTION_INVALID"));

export const PollAnswer = v.object({
  text: v.pipe(
    v.string("POLL_OPTION_INVALID"),
    v.check((s) => s.trim().length > 0, "POLL_OPTION_INVALID"),
    v.maxLength(POLL_OPTION_MAX, "POLL_OPTION_INVALID"),
  ),
  option: PollOptionId,
});
export type PollAnswer = v.InferOutput<typeof PollAnswer>;

/** A poll as everyone sees it. Correct quiz answers are not here but in the viewer's `results`. */
export const Poll = v.object({
  /** Unique across the server, as Telegram's poll id. */
  id: DecimalId,
  question: v.string(),
  answers: v.array(PollAnswer),
  closed: v.optional(v.boolean()),
  /** Voters are visible (a non-anonymous poll): the bot that sent it learns who voted for what. */
  public_voters: v.optional(v.boolean()),
  multiple_choice: v.optional(v.boolean()),
  quiz: v.optional(v.boolean()),
  /** A vote may be changed or retracted (default for regular polls, never for quizzes). */
  revoting: v.optional(v.boolean()),
  /** Unix seconds when the poll closes by itself. */
  close_date: v.optional(v.number()),
});
export type Poll = v.InferOutput<typeof Poll>;

export const PollAnswerVoters = v.object({
  option: v.string(),
  voters: v.number(),
  /** The viewer voted for this option. */
  chosen: v.optional(v.boolean()),
  /** A quiz's correct option: shown once the viewer voted, the poll closed, or to its author. */
  correct: v.optional(v.boolean()),
});

/** Vote counts; `min` results (pushed to everyone alike) carry no `chosen`/`correct` flags. */
export const PollResults = v.object({
  min: v.optional(v.boolean()),
  results: v.array(PollAnswerVoters),
  total_voters: v.number(),
  /** The quiz's explanation, shown with the correct answer. */
  solution: v.optional(v.string()),
});
export type PollResults = v.InferOutput<typeof PollResults>;

// ------------------------------------------------------------ what a message carries

/** Telegram's "until stopped" live period. */
export const LIVE_PERIOD_FOREVER = 0x7fffffff;
/** A live location's extras: seconds it stays editable after sending, heading (1–360°), alert radius (m). */
const LiveFields = {
  period: v.optional(
    v.pipe(
      v.number("GEO_PERIOD_INVALID"),
      v.integer("GEO_PERIOD_INVALID"),
      v.check((n) => (n >= 60 && n <= 86_400) || n === LIVE_PERIOD_FOREVER, "GEO_PERIOD_INVALID"),
    ),
  ),
  heading: v.optional(
    v.pipe(
      v.number("GEO_HEADING_INVALID"),
      v.integer("GEO_HEADING_INVALID"),
      v.minValue(1, "GEO_HEADING_INVALID"),
      v.maxValue(360, "GEO_HEADING_INVALID"),
    ),
  ),
  proximity_notification_radius: v.optional(
    v.pipe(
      v.number("GEO_PROXIMITY_INVALID"),
      v.integer("GEO_PROXIMITY_INVALID"),
      v.minValue(0, "GEO_PROXIMITY_INVALID"),
      v.maxValue(100_000, "GEO_PROXIMITY_INVALID"),
    ),
  ),
};
export const MessageMediaGeo = v.object({ _: v.literal("messageMediaGeo"), geo: GeoPoint, ...LiveFields });
export const MessageMediaVenue = v.object({ _: v.literal("messageMediaVenue"), geo: GeoPoint, ...VenueFields });
export const MessageMediaContact = v.object({
  _: v.literal("messageMediaContact"),
  ...ContactFields,
  /** Set when the phone number belongs to an Edgegram account. */
  user_id: v.optional(v.number()),
});
export const MessageMediaDice = v.object({ _: v.literal("messageMediaDice"), emoticon: v.string(), value: v.number() });
export const MessageMediaPoll = v.object({ _: v.literal("messageMediaPoll"), poll: Poll, results: PollResults });

/** Non-file message content, tagged by `_` (files are the untagged MediaRef). */
export const MessageMediaKind = v.variant("_", [
  MessageMediaGeo,
  MessageMediaVenue,
  MessageMediaContact,
  MessageMediaDice,
  MessageMediaPoll,
]);
export type MessageMediaKind = v.InferOutput<typeof MessageMediaKind>;
export type MessageMediaPoll = v.InferOutput<typeof MessageMediaPoll>;

// ------------------------------------------------------------ what a client sends

export const InputPoll = v.pipe(
  v.object({
    question: v.pipe(
      v.string("POLL_QUESTION_INVALID"),
      v.check((s) => s.trim().length > 0, "POLL_QUESTION_INVALID"),
      v.maxLength(POLL_QUESTION_MAX, "POLL_QUESTION_INVALID"),
    ),
    answers: v.pipe(
      v.array(PollAnswer, "POLL_ANSWERS_INVALID"),
      v.minLength(POLL_OPTIONS_MIN, "POLL_ANSWERS_INVALID"),
      v.maxLength(POLL_OPTIONS_MAX, "POLL_ANSWERS_INVALID"),
      v.check((a) => new Set(a.map((x) => x.option)).size === a.length, "POLL_OPTION_DUPLICATE"),
    ),
    closed: v.optional(v.boolean()),
    public_voters: v.optional(v.boolean()),
    multiple_choice: v.optional(v.boolean()),
    quiz: v.optional(v.boolean()),
    revoting: v.optional(v.boolean()),
    /** Seconds the poll stays open (5 s to a month), or an absolute close date. */
    close_period: v.optional(
      v.pipe(
        v.number(),
        v.integer("POLL_CLOSE_INVALID"),
        v.minValue(5, "POLL_CLOSE_INVALID"),
        v.maxValue(2_628_000, "POLL_CLOSE_INVALID"),
      ),
    ),
    close_date: v.optional(v.pipe(v.number(), v.integer("POLL_CLOSE_INVALID"))),
  }),
  v.check((p) => !(p.quiz && p.revoting), "QUIZ_REVOTE_INVALID"),
  v.check((p) => p.close_period === undefined || p.close_date === undefined, "POLL_CLOSE_INVALID"),
);

/** With `period`, a live location: its sender may move it (messages.editLiveLocation) until the period ends. */
export const InputMediaGeoPoint = v.object({ _: v.literal("inputMediaGeoPoint"), geo_point: GeoPoint, ...LiveFields });
export const InputMediaVenue = v.object({ _: v.literal("inputMediaVenue"), geo_point: GeoPoint, ...VenueFields });
export const InputMediaContact = v.object({ _: v.literal("inputMediaContact"), ...ContactFields });
/** The value is never sent: the server throws the dice. */
export const InputMediaDice = v.object({ _: v.literal("inputMediaDice"), emoticon: DiceEmoticon });
export const InputMediaPoll = v.object({
  _: v.literal("inputMediaPoll"),
  poll: InputPoll,
  /** Options that are right (quizzes only; exactly one unless multiple_choice). */
  correct_answers: v.optional(v.array(PollOptionId)),
  solution: v.optional(v.pipe(v.string(), v.maxLength(POLL_SOLUTION_MAX, "POLL_SOLUTION_INVALID"))),
});
export type InputMediaPoll = v.InferOutput<typeof InputMediaPoll>;

const quizChecks = (p: InputMediaPoll) => {
  const correct = p.correct_answers ?? [];
  if (!p.poll.quiz) return correct.length === 0 ? null : "QUIZ_CORRECT_ANSWER_INVALID";
  if (correct.length === 0) return "QUIZ_CORRECT_ANSWERS_EMPTY";
  if (correct.length > 1 && !p.poll.multiple_choice) return "QUIZ_CORRECT_ANSWERS_TOO_MUCH";
  if (!correct.every((c) => p.poll.answers.some((a) => a.option === c))) return "QUIZ_CORRECT_ANSWER_INVALID";
  return null;
};

export const InputMediaKind = v.pipe(
  v.variant("_", [InputMediaGeoPoint, InputMediaVenue, InputMediaContact, InputMediaDice, InputMediaPoll]),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.value._ !== "inputMediaPoll") return;
    const error = quizChecks(dataset.value);
    if (error) addIssue({ message: error });
  }),
);
export type InputMediaKind = v.InferOutput<typeof InputMediaKind>;

// ------------------------------------------------------------ either kind

// Picked by the tag rather than v.union, so a bad location reports GEO_POINT_INVALID, not a generic mismatch.
const tagged = (m: unknown) => typeof m === "object" && m !== null && "_" in m;

/** What a message's `media` holds: an uploaded file (untagged MediaRef) or one of the kinds above. */
export const MessageMedia = v.lazy((m) => (tagged(m) ? MessageMediaKind : MediaRef));
export type MessageMedia = v.InferOutput<typeof MessageMedia>;

/** What messages.sendMedia takes: an uploaded file's reference or one of the input kinds above. */
export const InputMedia = v.lazy((m) => (tagged(m) ? InputMediaKind : InputMediaRef));
export type InputMedia = v.InferOutput<typeof InputMedia>;

/** Whether the media is a stored file (photo, document …) rather than a location, contact, dice or poll. */
export function isFileMedia<T extends object>(m: T): m is Exclude<T, { _: string }> {
  return !("_" in m);
}

export function isPollMedia(m: MessageMedia | undefined): m is MessageMediaPoll {
  return m !== undefined && "_" in m && m._ === "messageMediaPoll";
}

/** What re-sends this content elsewhere (copying); a quiz copies only when its answers are known. */
export function inputMediaOf(m: MessageMediaKind): InputMediaKind | null {
  switch (m._) {
    case "messageMediaGeo":
      return { _: "inputMediaGeoPoint", geo_point: m.geo };
    case "messageMediaVenue": {
      const { _, geo, ...venue } = m;
      return { _: "inputMediaVenue", geo_point: geo, ...venue };
    }
    case "messageMediaContact": {
      const { _, user_id, ...card } = m;
      return { _: "inputMediaContact", ...card };
    }
    case "messageMediaDice":
      return { _: "inputMediaDice", emoticon: m.emoticon };
    case "messageMediaPoll": {
      const correct = m.results.results.filter((r) => r.correct).map((r) => r.option);
      if (m.poll.quiz && correct.length === 0) return null;
      const { id, closed, close_date, ...poll } = m.poll;
      return {
        _: "inputMediaPoll",
        poll,
        ...(m.poll.quiz ? { correct_answers: correct } : {}),
        ...(m.results.solution ? { solution: m.results.solution } : {}),
      };
    }
  }
}

/** One line of text for previews and terminals: "📍 52.52000, 13.40500", "🎲 4", "📊 Lunch? — Soup 2 · Salad 1 (3 votes)". */
export function summaryOf(m: MessageMediaKind): string {
  const place = (g: GeoPoint) => `${g.lat.toFixed(5)}, ${g.long.toFixed(5)}`;
  switch (m._) {
    case "messageMediaGeo":
      return `📍 Location ${place(m.geo)}`;
    case "messageMediaVenue":
      return `📍 ${m.title}${m.address ? `, ${m.address}` : ""} (${place(m.geo)})`;
    case "messageMediaContact":
      return `👤 ${[m.first_name, m.last_name].filter(Boolean).join(" ")}, ${m.phone_number}`;
    case "messageMediaDice":
      return `${m.emoticon} ${m.value}`;
    case "messageMediaPoll": {
      const votes = new Map(m.results.results.map((r) => [r.option, r.voters]));
      const options = m.poll.answers.map((a) => `${a.text} ${votes.get(a.option) ?? 0}`).join(" · ");
      const n = m.results.total_voters;
      const kind = m.poll.quiz ? "Quiz" : "Poll";
      return `📊 ${kind}: ${m.poll.question} — ${options} (${n} vote${n === 1 ? "" : "s"}${m.poll.closed ? ", closed" : ""})`;
    }
  }
}
