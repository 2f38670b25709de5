/** sendLocation, sendVenue, sendContact, sendDice, sendPoll, stopPoll, and the poll / poll_answer updates a bot gets. */
import { describe, expect, it } from "vitest";
import { errorOf, type Loose, type Person, person, pushed, randomId, say } from "../messaging/people.ts";
import { botCall, ownerWithBot } from "./helpers.ts";

/** Polls until an update matching `match` arrives (confirming what came before); fails after a few rounds. */
async function updateWhere(token: string, match: (u: Loose) => boolean): Promise<Loose> {
  let offset = 0;
  for (let round = 0; round < 5; round++) {
    const r = await botCall(token, "getUpdates", { offset, timeout: 3 });
    expect(r.body.ok).toBe(true);
    for (const u of r.body.result as Loose[]) {
      offset = u.update_id + 1;
      if (match(u)) {
        await botCall(token, "getUpdates", { offset, timeout: 0 });
        return u;
      }
    }
  }
  throw new Error("the expected update never came");
}

/** A user who has started the bot (so the bot may write to them). */
async function started(): Promise<{ alice: Person; token: string; botId: number }> {
  const { owner: alice, token, botId } = await ownerWithBot("Alice");
  await say(alice, { id: botId }, "/start");
  await updateWhere(token, (u) => u.message?.text === "/start");
  return { alice, token, botId };
}

describe("Bot API: locations, venues, contacts and dice", () => {
  it("sendLocation and sendVenue send places the user sees; bad coordinates are refused", async () => {
    const { alice, token } = await started();
    const loc = await botCall(token, "sendLocation", {
      chat_id: alice.id,
      latitude: 52.52,
      longitude: 13.405,
      horizontal_accuracy: 30,
      live_period: 600,
    });
    expect(loc.body.result.location).toEqual({
      latitude: 52.52,
      longitude: 13.405,
      horizontal_accuracy: 30,
      live_period: 600,
    });
    const seen = await pushed(alice, "updateNewMessage", (u) => u.message.id === loc.body.result.message_id);
    expect(seen.message.media).toEqual({
      _: "messageMediaGeo",
      geo: { lat: 52.52, long: 13.405, accuracy_radius: 30 },
      period: 600,
    });

    // Form fields arrive as text.
    const venue = await botCall(token, "sendVenue", {
      chat_id: String(alice.id),
      latitude: "48.8584",
      longitude: "2.2945",
      title: "Eiffel Tower",
      address: "Champ de Mars",
      foursquare_id: "4adcda09f964a520d53321e3",
    });
    expect(venue.body.result).toMatchObject({
      location: { latitude: 48.8584, longitude: 2.2945 },
      venue: {
        location: { latitude: 48.8584, longitude: 2.2945 },
        title: "Eiffel Tower",
        address: "Champ de Mars",
        foursquare_id: "4adcda09f964a520d53321e3",
      },
    });

    const bad = await botCall(token, "sendLocation", { chat_id: alice.id, latitude: 123, longitude: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.description).toContain("GEO_POINT_INVALID");
    const noLat = await botCall(token, "sendLocation", { chat_id: alice.id, longitude: 0 });
    expect(noLat.status).toBe(400);
  });

  it("sendContact names the Edgegram user with that phone; a user's contact reaches the bot", async () => {
    const { alice, token, botId } = await started();
    const bob = await person("Bob");
    const card = await botCall(token, "sendContact", {
      chat_id: alice.id,
      phone_number: bob.phone,
      first_name: "Bob",
      last_name: "B",
    });
    expect(card.body.result.contact).toEqual({
      phone_number: bob.phone,
      first_name: "Bob",
      last_name: "B",
      user_id: bob.id,
    });
    expect((await botCall(token, "sendContact", { chat_id: alice.id, phone_number: "+1234567" })).status).toBe(400);

    await alice.call("messages.sendMedia", {
      peer: { _: "user", id: botId },
      media: { _: "inputMediaContact", phone_number: alice.phone, first_name: "Alice" },
      random_id: randomId(),
    });
    const u = await updateWhere(token, (x) => x.message?.contact !== undefined);
    expect(u.message.contact).toEqual({ phone_number: alice.phone, first_name: "Alice", user_id: alice.id });
  });

  it("sendDice: the server picks the value in Telegram's range; a forged value is ignored; unknown emoji refused", async () => {
    const { alice, token } = await started();
    const ranges: Record<string, number> = { "🎲": 6, "🎯": 6, "🏀": 5, "⚽": 5, "🎳": 6, "🎰": 64 };
    for (const [emoji, max] of Object.entries(ranges)) {
      const r = await botCall(token, "sendDice", { chat_id: alice.id, emoji, value: 99 });
      expect(r.body.result.dice.emoji).toBe(emoji);
      expect(r.body.result.dice.value).toBeGreaterThanOrEqual(1);
      expect(r.body.result.dice.value).toBeLessThanOrEqual(max);
    }
    expect((await botCall(token, "sendDice", { chat_id: alice.id })).body.result.dice.emoji).toBe("🎲");
    const bad = await botCall(token, "sendDice", { chat_id: alice.id, emoji: "🍕" });
    expect(bad.status).toBe(400);
    expect(bad.body.description).toContain("DICE_EMOJI_INVALID");
  });
});

describe("Bot API: polls", () => {
  it("a non-anonymous poll: the user votes, the bot gets poll_answer and poll; stopPoll closes it", async () => {
    const { alice, token, botId } = await started();
    const sent = await botCall(token, "sendPoll", {
      chat_id: alice.id,
      question: "Tea or coffee?",
      options: JSON.stringify([{ text: "Tea" }, "Coffee", { text: "Water" }]),
      is_anonymous: false,
    });
    expect(sent.body.ok).toBe(true);
    const poll = sent.body.result.poll;
    expect(poll).toMatchObject({
      question: "Tea or coffee?",
      options: [
        { text: "Tea", voter_count: 0 },
        { text: "Coffee", voter_count: 0 },
        { text: "Water", voter_count: 0 },
      ],
      total_voter_count: 0,
      is_closed: false,
      is_anonymous: false,
      type: "regular",
      allows_multiple_answers: false,
      allows_revoting: true,
    });
    const peer = { _: "user", id: botId };
    await alice.call("messages.sendVote", { peer, msg_id: sent.body.result.message_id, options: ["1"] });
    const answer = await updateWhere(token, (u) => u.poll_answer !== undefined);
    expect(answer.poll_answer).toEqual({
      poll_id: poll.id,
      user: { id: alice.id, is_bot: false, first_name: "Alice" },
      option_ids: [1],
      option_persistent_ids: ["1"],
    });
    const stopped = await botCall(token, "stopPoll", { chat_id: alice.id, message_id: sent.body.result.message_id });
    expect(stopped.body.result).toMatchObject({ id: poll.id, is_closed: true, total_voter_count: 1 });
    expect(stopped.body.result.options[1].voter_count).toBe(1);
    const closedUpdate = await updateWhere(token, (u) => u.poll?.is_closed === true);
    expect(closedUpdate.poll.id).toBe(poll.id);
    expect(
      await errorOf(alice, "messages.sendVote", { peer, msg_id: sent.body.result.message_id, options: ["0"] }),
    ).toBe("400 MESSAGE_POLL_CLOSED");
    const again = await botCall(token, "stopPoll", { chat_id: alice.id, message_id: sent.body.result.message_id });
    expect(again.body.description).toBe("Bad Request: poll has already been closed");
  });

  it("a quiz shows the bot its correct answer; an anonymous poll gives the bot counts but no voter", async () => {
    const { alice, token, botId } = await started();
    const quiz = await botCall(token, "sendPoll", {
      chat_id: alice.id,
      question: "2 + 2?",
      options: ["3", "4"],
      type: "quiz",
      correct_option_id: 1,
      explanation: "<b>Arithmetic</b>",
      explanation_parse_mode: "HTML",
    });
    expect(quiz.body.result.poll).toMatchObject({
      type: "quiz",
      correct_option_ids: [1],
      correct_option_id: 1,
      explanation: "Arithmetic",
      allows_revoting: false,
    });
    const peer = { _: "user", id: botId };
    const voted = await alice.call("messages.sendVote", { peer, msg_id: quiz.body.result.message_id, options: ["0"] });
    expect(voted.updates[0].results.results[1].correct).toBe(true);

    const anon = await botCall(token, "sendPoll", { chat_id: alice.id, question: "Anon?", options: ["a", "b"] });
    await alice.call("messages.sendVote", { peer, msg_id: anon.body.result.message_id, options: ["0"] });
    const update = await updateWhere(token, (u) => u.poll?.id === anon.body.result.poll.id);
    expect(update.poll.total_voter_count).toBe(1);
    expect(update.poll.is_anonymous).toBe(true);
  });

  it("a poll with open_period closes by itself and the bot gets the closed poll", async () => {
    const { alice, token } = await started();
    const sent = await botCall(token, "sendPoll", {
      chat_id: alice.id,
      question: "Quick?",
      options: ["yes", "no"],
      open_period: 5,
    });
    expect(sent.body.result.poll.close_date).toBeGreaterThan(Math.floor(Date.now() / 1000));
    const closed = await updateWhere(token, (u) => u.poll?.id === sent.body.result.poll.id && u.poll.is_closed);
    expect(closed.poll.total_voter_count).toBe(0);
  }, 30_000);

  it("bad polls are refused with a description", async () => {
    const { alice, token, botId } = await started();
    const send = (params: Record<string, unknown>) =>
      botCall(token, "sendPoll", { chat_id: alice.id, question: "Q?", options: ["a", "b"], ...params });
    const cases: [Record<string, unknown>, string][] = [
      [{ options: [] }, "POLL_ANSWERS_INVALID"],
      [{ options: Array.from({ length: 13 }, (_, i) => `o${i}`) }, "POLL_ANSWERS_INVALID"],
      [{ options: ["a", ""] }, "POLL_OPTION_INVALID"],
      [{ question: "" }, "POLL_QUESTION_INVALID"],
      [{ type: "quiz" }, "QUIZ_CORRECT_ANSWERS_EMPTY"],
      [{ type: "quiz", correct_option_id: 5 }, "wrong correct option identifier"],
      [{ type: "survey" }, "wrong poll type"],
    ];
    for (const [params, text] of cases) {
      const r = await send(params);
      expect(r.status, JSON.stringify(params)).toBe(400);
      expect(r.body.description, JSON.stringify(params)).toContain(text);
    }
    // A channel's subscribers vote anonymously.
    const { chat } = await alice.call("channels.createChannel", { title: "News" });
    await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [botId] });
    await alice.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true });
    const channelPoll = await botCall(token, "sendPoll", {
      chat_id: -(1_000_000_000_000 + chat.id),
      question: "Q?",
      options: ["a", "b"],
      is_anonymous: false,
    });
    expect(channelPoll.body.description).toBe("Bad Request: non-anonymous polls can't be sent to channel chats");
    const anonymous = await botCall(token, "sendPoll", {
      chat_id: -(1_000_000_000_000 + chat.id),
      question: "Q?",
      options: ["a", "b"],
    });
    expect(anonymous.body.result.chat.type).toBe("channel");
    // Up to 12 options, as the current Bot API allows.
    expect((await send({ options: Array.from({ length: 12 }, (_, i) => `o${i}`) })).body.ok).toBe(true);
  });
});
