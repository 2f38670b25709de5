/** Schemas and helpers for locations, venues, contacts, dice and polls (protocol/model/message-media.ts). */
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { throwDice } from "../../core/rpc/content.ts";
import {
  InputMedia,
  inputMediaOf,
  isFileMedia,
  type MessageMediaKind,
  summaryOf,
} from "../../protocol/model/message-media.ts";

const errorOf = (input: unknown) => {
  const r = v.safeParse(InputMedia, input);
  return r.success ? "ok" : r.issues[0]?.message;
};

describe("input media", () => {
  it("keeps an uploaded file's reference apart from the tagged kinds", () => {
    const ref = { media_id: "abcdefghijklmnop", access_hash: "abcdefghijklmnop" };
    expect(errorOf(ref)).toBe("ok");
    expect(isFileMedia(ref)).toBe(true);
    expect(isFileMedia({ _: "inputMediaDice", emoticon: "🎲" })).toBe(false);
  });

  it("names what is wrong in Telegram's words", () => {
    expect(errorOf({ _: "inputMediaGeoPoint", geo_point: { lat: -91, long: 0 } })).toBe("GEO_POINT_INVALID");
    expect(errorOf({ _: "inputMediaGeoPoint", geo_point: { lat: 0 } })).toBe("GEO_POINT_INVALID");
    expect(errorOf({ _: "inputMediaDice", emoticon: "🎱" })).toBe("DICE_EMOJI_INVALID");
    const answers = [
      { text: "a", option: "0" },
      { text: "b", option: "0" },
    ];
    expect(errorOf({ _: "inputMediaPoll", poll: { question: "Q", answers } })).toBe("POLL_OPTION_DUPLICATE");
    const two = [answers[0], { text: "b", option: "1" }];
    expect(
      errorOf({ _: "inputMediaPoll", poll: { question: "Q", answers: two, quiz: true }, correct_answers: ["0", "1"] }),
    ).toBe("QUIZ_CORRECT_ANSWERS_TOO_MUCH");
    expect(errorOf({ _: "inputMediaPoll", poll: { question: "Q", answers: two }, correct_answers: ["0"] })).toBe(
      "QUIZ_CORRECT_ANSWER_INVALID",
    );
    expect(
      errorOf({
        _: "inputMediaPoll",
        poll: { question: "Q", answers: two, quiz: true, revoting: true },
        correct_answers: ["0"],
      }),
    ).toBe("QUIZ_REVOTE_INVALID");
    expect(errorOf({ _: "inputMediaContact", phone_number: "+1555", first_name: "A", vcard: "x".repeat(2049) })).toBe(
      "VCARD_INVALID",
    );
    expect(errorOf({ _: "inputMediaSticker" })).not.toBe("ok");
  });
});

describe("summaries and copies", () => {
  const poll: MessageMediaKind = {
    _: "messageMediaPoll",
    poll: {
      id: "1",
      question: "Lunch?",
      answers: [
        { text: "Soup", option: "0" },
        { text: "Salad", option: "1" },
      ],
      quiz: true,
      closed: true,
    },
    results: {
      results: [
        { option: "0", voters: 2 },
        { option: "1", voters: 1, correct: true },
      ],
      total_voters: 3,
      solution: "Greens",
    },
  };

  it("summarises each kind in one line", () => {
    expect(summaryOf({ _: "messageMediaGeo", geo: { lat: 1, long: -2.5 } })).toBe("📍 Location 1.00000, -2.50000");
    expect(summaryOf({ _: "messageMediaDice", emoticon: "🎰", value: 64 })).toBe("🎰 64");
    expect(summaryOf({ _: "messageMediaContact", phone_number: "+1", first_name: "Ann" })).toBe("👤 Ann, +1");
    expect(summaryOf(poll)).toBe("📊 Quiz: Lunch? — Soup 2 · Salad 1 (3 votes, closed)");
  });

  it("re-sends a quiz with its known answer, and refuses one whose answer is hidden", () => {
    expect(inputMediaOf(poll)).toEqual({
      _: "inputMediaPoll",
      poll: { question: "Lunch?", answers: poll._ === "messageMediaPoll" ? poll.poll.answers : [], quiz: true },
      correct_answers: ["1"],
      solution: "Greens",
    });
    const hidden = { ...poll, results: { results: [], total_voters: 0 } } as MessageMediaKind;
    expect(inputMediaOf(hidden)).toBeNull();
    expect(inputMediaOf({ _: "messageMediaContact", phone_number: "+1", first_name: "A", user_id: 5 })).toEqual({
      _: "inputMediaContact",
      phone_number: "+1",
      first_name: "A",
    });
  });
});

describe("dice", () => {
  it("throws every value in range and nothing outside it", () => {
    for (const max of [5, 6, 64]) {
      const seen = new Set<number>();
      for (let i = 0; i < max * 60; i++) seen.add(throwDice(max));
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: max }, (_, i) => i + 1));
    }
  });
});
