/**
 * Locations, venues, contacts, dice and polls between the internal model
 * (message-media.ts) and Bot API shapes: message fields, and the `poll` /
 * `poll_answer` updates a bot gets for the polls it sent.
 */
import type { Location, PollAnswer, Poll as TgPoll, User as TgUser } from "@grammyjs/types";
import type { GeoPoint, MessageMediaKind, Poll, PollResults } from "../model/message-media.ts";

export function tgLocation(g: GeoPoint): Location {
  return {
    latitude: g.lat,
    longitude: g.long,
    ...(g.accuracy_radius !== undefined ? { horizontal_accuracy: g.accuracy_radius } : {}),
  };
}

/**
 * Correct answers are known only where the viewer may see them (results marked `correct`).
 * Option ids of polls sent through the Bot API are their positions, so persistent_id is the index too.
 */
export function tgPoll(poll: Poll, results: PollResults): TgPoll {
  const byOption = new Map(results.results.map((r) => [r.option, r]));
  const correct = poll.answers.flatMap((a, i) => (byOption.get(a.option)?.correct ? [i] : []));
  const out: TgPoll & { correct_option_id?: number } = {
    id: poll.id,
    question: poll.question,
    options: poll.answers.map((a) => ({
      persistent_id: a.option,
      text: a.text,
      voter_count: byOption.get(a.option)?.voters ?? 0,
    })),
    total_voter_count: results.total_voters,
    is_closed: poll.closed === true,
    is_anonymous: poll.public_voters !== true,
    type: poll.quiz ? "quiz" : "regular",
    allows_multiple_answers: poll.multiple_choice === true,
    allows_revoting: poll.revoting === true,
    members_only: false,
  };
  if (correct.length > 0) {
    out.correct_option_ids = correct;
    out.correct_option_id = correct[0] as number; // Bot API ≤ 9.0 bots read the single id
  }
  if (results.solution) out.explanation = results.solution;
  if (poll.close_date !== undefined) out.close_date = poll.close_date;
  return out;
}

/** The fields a Bot API Message gets for one of these media. */
export function contentFields(m: MessageMediaKind): Record<string, unknown> {
  switch (m._) {
    case "messageMediaGeo":
      return {
        location: {
          ...tgLocation(m.geo),
          ...(m.period !== undefined ? { live_period: m.period } : {}),
          ...(m.heading !== undefined ? { heading: m.heading } : {}),
          ...(m.proximity_notification_radius ? { proximity_alert_radius: m.proximity_notification_radius } : {}),
        },
      };
    case "messageMediaVenue": {
      const location = tgLocation(m.geo);
      const ids =
        m.provider === "foursquare"
          ? { foursquare_id: m.venue_id, foursquare_type: m.venue_type }
          : m.provider === "gplaces"
            ? { google_place_id: m.venue_id, google_place_type: m.venue_type }
            : {};
      const venue = { location, title: m.title, address: m.address };
      for (const [k, v] of Object.entries(ids)) if (v) Object.assign(venue, { [k]: v });
      return { location, venue };
    }
    case "messageMediaContact":
      return {
        contact: {
          phone_number: m.phone_number,
          first_name: m.first_name,
          ...(m.last_name ? { last_name: m.last_name } : {}),
          ...(m.user_id !== undefined ? { user_id: m.user_id } : {}),
          ...(m.vcard ? { vcard: m.vcard } : {}),
        },
      };
    case "messageMediaDice":
      return { dice: { emoji: m.emoticon, value: m.value } };
    case "messageMediaPoll":
      return { poll: tgPoll(m.poll, m.results) };
  }
}

/** A vote in one of the bot's non-anonymous polls. */
export function tgPollAnswer(pollId: string, user: TgUser, options: string[]): PollAnswer {
  return {
    poll_id: pollId,
    user,
    option_ids: options.map(Number).filter(Number.isInteger),
    option_persistent_ids: options,
  };
}
