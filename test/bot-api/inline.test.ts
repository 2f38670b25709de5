/** Inline mode: "@bot query" (messages.getInlineBotResults ↔ inline_query / answerInlineQuery), posting a result via the bot. */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { makePng } from "../media/png.ts";
import { errorOf, type Person, person, pushed, randomId, say } from "../messaging/people.ts";
import { API, botCall, type Loose, ownerWithBot } from "./helpers.ts";

async function updateWhere(token: string, match: (u: Loose) => boolean): Promise<Loose> {
  let offset = 0;
  for (let round = 0; round < 5; round++) {
    const r = await botCall(token, "getUpdates", { offset, timeout: 3 });
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

/** Alice, her bot, and Bob who chats with Alice. */
async function world() {
  const { owner: alice, token, botId, username } = await ownerWithBot("Alice");
  const bob = await person("Bob");
  await say(alice, bob, "hi Bob");
  return { alice, bob, token, botId, username };
}

/** Alice asks the bot; the bot answers with `answer(query)` when the inline_query arrives. */
async function ask(
  w: { alice: Person; bob: Person; token: string; botId: number },
  query: string,
  answer: (q: Loose) => Record<string, unknown>,
  offset = "",
) {
  const pending = w.alice.call("messages.getInlineBotResults", {
    bot: w.botId,
    peer: { _: "user", id: w.bob.id },
    query,
    offset,
  });
  const u = await updateWhere(w.token, (x) => x.inline_query?.query === query);
  const r = await botCall(w.token, "answerInlineQuery", {
    inline_query_id: u.inline_query.id,
    ...answer(u.inline_query),
  });
  expect(r.body).toEqual({ ok: true, result: true });
  return { update: u, results: await pending };
}

describe("Bot API: inline mode", () => {
  it("answers '@bot query' with articles; the chosen one is posted via the bot and the bot hears of it", async () => {
    const w = await world();
    const { update, results } = await ask(w, "weather", () => ({
      results: [
        {
          type: "article",
          id: "sun",
          title: "Sunny",
          description: "25°C",
          input_message_content: { message_text: "<b>Sunny</b>, 25°C", parse_mode: "HTML" },
          reply_markup: { inline_keyboard: [[{ text: "More", url: "https://example.com/w" }]] },
        },
        { type: "article", id: "rain", title: "Rainy", input_message_content: { message_text: "Rain" } },
      ],
      cache_time: 0,
      next_offset: "2",
      button: { text: "Set city", start_parameter: "city" },
    }));
    expect(update.inline_query).toMatchObject({
      query: "weather",
      offset: "",
      chat_type: "private",
      from: { id: w.alice.id, first_name: "Alice", is_bot: false },
    });
    expect(results).toMatchObject({
      next_offset: "2",
      switch_pm: { text: "Set city", start_param: "city" },
      results: [
        { id: "sun", type: "article", title: "Sunny", description: "25°C", send: { message: "Sunny, 25°C" } },
        { id: "rain", title: "Rainy", send: { message: "Rain" } },
      ],
    });

    const sent = await w.alice.call("messages.sendInlineBotResult", {
      bot: w.botId,
      peer: { _: "user", id: w.bob.id },
      query_id: results.query_id,
      id: "sun",
      random_id: randomId(),
    });
    expect(sent.message).toMatchObject({ message: "Sunny, 25°C", via_bot_id: w.botId, out: true });
    expect(sent.message.entities).toEqual([{ _: "messageEntityBold", offset: 0, length: 5 }]);
    expect(sent.message.reply_markup.rows[0][0]).toEqual({ text: "More", url: "https://example.com/w" });
    const atBob = await pushed(w.bob, "updateNewMessage", (u) => u.message.via_bot_id === w.botId);
    expect(atBob.message.message).toBe("Sunny, 25°C");
    const chosen = await updateWhere(w.token, (u) => u.chosen_inline_result !== undefined);
    expect(chosen.chosen_inline_result).toEqual({
      result_id: "sun",
      query: "weather",
      from: expect.objectContaining({ id: w.alice.id }),
      inline_message_id: expect.any(String),
    });

    // Results are the asker's: Bob cannot post from Alice's query, nor anyone an unknown result.
    expect(
      await errorOf(w.bob, "messages.sendInlineBotResult", {
        bot: w.botId,
        peer: { _: "user", id: w.alice.id },
        query_id: results.query_id,
        id: "sun",
        random_id: randomId(),
      }),
    ).toBe("400 QUERY_ID_INVALID");
    expect(
      await errorOf(w.alice, "messages.sendInlineBotResult", {
        bot: w.botId,
        peer: { _: "user", id: w.bob.id },
        query_id: results.query_id,
        id: "snow",
        random_id: randomId(),
      }),
    ).toBe("400 RESULT_ID_INVALID");
  });

  it("sends cached files (photo, document, sticker by file_id) with captions, and the bot sees via_bot", async () => {
    const w = await world();
    await say(w.alice, { id: w.botId }, "/start");
    const form = new FormData();
    form.set("chat_id", String(w.alice.id));
    form.set("photo", new File([await makePng(32, 24)], "p.png", { type: "image/png" }));
    const photo = (await (
      await SELF.fetch(`${API}/bot${w.token}/sendPhoto`, { method: "POST", body: form })
    ).json()) as Loose;
    const fileId = photo.result.photo.at(-1).file_id;
    const { results } = await ask(w, "pics", () => ({
      results: [
        { type: "photo", id: "p1", photo_file_id: fileId, caption: "<i>look</i>", parse_mode: "HTML" },
        { type: "document", id: "d1", title: "Doc", document_file_id: fileId },
        { type: "sticker", id: "s1", sticker_file_id: fileId },
      ],
    }));
    expect(results.results.map((r: Loose) => [r.id, r.type, r.media?.media_id !== undefined])).toEqual([
      ["p1", "photo", true],
      ["d1", "document", true],
      ["s1", "sticker", true],
    ]);
    expect(results.cache_time).toBe(300);
    const sent = await w.alice.call("messages.sendInlineBotResult", {
      bot: w.botId,
      peer: { _: "user", id: w.botId },
      query_id: results.query_id,
      id: "p1",
      random_id: randomId(),
    });
    expect(sent.message).toMatchObject({ message: "look", via_bot_id: w.botId });
    expect(sent.message.media.mime_type).toBe("image/png");
    // In the bot's own chat the bot receives the message, marked via itself.
    const inBot = await updateWhere(w.token, (u) => u.message?.caption === "look");
    expect(inBot.message.via_bot).toMatchObject({ id: w.botId, is_bot: true });
    expect(inBot.message.photo).toBeDefined();
  });

  it("reuses an answer for its cache_time (per user when personal) without asking the bot again", async () => {
    const w = await world();
    const first = await ask(w, "cached", () => ({
      results: [{ type: "article", id: "a", title: "A", input_message_content: { message_text: "A" } }],
      cache_time: 60,
    }));
    const again = await w.alice.call("messages.getInlineBotResults", {
      bot: w.botId,
      peer: { _: "user", id: w.bob.id },
      query: "cached",
    });
    expect(again.results).toEqual(first.results.results);
    expect(again.query_id).not.toBe(first.results.query_id);
    const fromBob = await w.bob.call("messages.getInlineBotResults", {
      bot: w.botId,
      peer: { _: "user", id: w.alice.id },
      query: "cached",
    });
    expect(fromBob.results[0].id).toBe("a");
    // And Bob may post the result he was shown.
    const sent = await w.bob.call("messages.sendInlineBotResult", {
      bot: w.botId,
      peer: { _: "user", id: w.alice.id },
      query_id: fromBob.query_id,
      id: "a",
      random_id: randomId(),
    });
    expect(sent.message.via_bot_id).toBe(w.botId);
    const pendingUpdates = await botCall(w.token, "getUpdates", { timeout: 0 });
    expect(pendingUpdates.body.result.filter((u: Loose) => u.inline_query)).toEqual([]);
  });

  it("lets the bot edit a posted result with a keyboard by its inline_message_id, and nobody else", async () => {
    const w = await world();
    const { results } = await ask(w, "vote", () => ({
      results: [
        {
          type: "article",
          id: "v",
          title: "Vote",
          input_message_content: { message_text: "Lunch?" },
          reply_markup: { inline_keyboard: [[{ text: "Yes", callback_data: "y" }]] },
        },
      ],
      cache_time: 0,
    }));
    const sent = await w.alice.call("messages.sendInlineBotResult", {
      bot: w.botId,
      peer: { _: "user", id: w.bob.id },
      query_id: results.query_id,
      id: "v",
      random_id: randomId(),
    });
    const chosen = await updateWhere(w.token, (u) => u.chosen_inline_result !== undefined);
    const inlineId = chosen.chosen_inline_result.inline_message_id;
    expect(typeof inlineId).toBe("string");

    const edited = await botCall(w.token, "editMessageText", {
      inline_message_id: inlineId,
      text: "<b>Lunch at 1</b>",
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: [[{ text: "Going", callback_data: "g" }]] },
    });
    expect(edited.body).toEqual({ ok: true, result: true });
    const atBob = await pushed(w.bob, "updateEditMessage", (u) => u.message.id === sent.message.id);
    expect(atBob.message).toMatchObject({ message: "Lunch at 1", via_bot_id: w.botId });
    expect(atBob.message.reply_markup.rows[0][0]).toEqual({ text: "Going", callback_data: "g" });
    expect((await botCall(w.token, "editMessageReplyMarkup", { inline_message_id: inlineId })).body).toEqual({
      ok: true,
      result: true,
    });
    expect(
      (await botCall(w.token, "editMessageReplyMarkup", { inline_message_id: inlineId })).body.description,
    ).toMatch(/^Bad Request: message is not modified/);

    // Another bot, and made-up ids, find nothing to edit.
    const other = await ownerWithBot("Carol");
    for (const [token, id] of [
      [other.token, inlineId],
      [w.token, "private-1-2-1"],
      [w.token, "nonsense"],
    ])
      expect((await botCall(token, "editMessageText", { inline_message_id: id, text: "hijack" })).body).toEqual({
        ok: false,
        error_code: 400,
        description: "Bad Request: message to edit not found",
      });
    // A result without a keyboard gets no inline_message_id, as on Telegram.
    const plain = await ask(w, "plain", () => ({
      results: [{ type: "article", id: "p", title: "P", input_message_content: { message_text: "P" } }],
      cache_time: 0,
    }));
    await w.alice.call("messages.sendInlineBotResult", {
      bot: w.botId,
      peer: { _: "user", id: w.bob.id },
      query_id: plain.results.query_id,
      id: "p",
      random_id: randomId(),
    });
    const chosenPlain = await updateWhere(w.token, (u) => u.chosen_inline_result?.result_id === "p");
    expect(chosenPlain.chosen_inline_result.inline_message_id).toBeUndefined();
  });

  it("offers locations, venues and contacts (as results or as input_message_content)", async () => {
    const w = await world();
    const { results } = await ask(w, "places", () => ({
      results: [
        { type: "location", id: "l", title: "Here", latitude: 52.5, longitude: 13.4, live_period: 600 },
        { type: "venue", id: "v", latitude: 48.85, longitude: 2.29, title: "Tower", address: "Champ de Mars" },
        { type: "contact", id: "c", phone_number: "+491701234567", first_name: "Dana" },
        {
          type: "article",
          id: "a",
          title: "Meet",
          input_message_content: { latitude: 1.5, longitude: 2.5, title: "Cafe", address: "Main St 1" },
        },
      ],
      cache_time: 0,
    }));
    const post = async (id: string) =>
      (
        await w.alice.call("messages.sendInlineBotResult", {
          bot: w.botId,
          peer: { _: "user", id: w.bob.id },
          query_id: results.query_id,
          id,
          random_id: randomId(),
        })
      ).message;
    expect((await post("l")).media).toEqual({ _: "messageMediaGeo", geo: { lat: 52.5, long: 13.4 }, period: 600 });
    expect((await post("v")).media).toMatchObject({ _: "messageMediaVenue", title: "Tower", address: "Champ de Mars" });
    expect((await post("c")).media).toMatchObject({ _: "messageMediaContact", first_name: "Dana" });
    const meet = await post("a");
    expect(meet).toMatchObject({ message: "", via_bot_id: w.botId, media: { _: "messageMediaVenue", title: "Cafe" } });

    const bad = w.alice.call("messages.getInlineBotResults", {
      bot: w.botId,
      peer: { _: "user", id: w.bob.id },
      query: "badplace",
    });
    const u = await updateWhere(w.token, (x) => x.inline_query?.query === "badplace");
    const reply = await botCall(w.token, "answerInlineQuery", {
      inline_query_id: u.inline_query.id,
      results: [{ type: "location", id: "x", title: "Nowhere", latitude: 123, longitude: 0 }],
    });
    expect(reply.body.description).toBe("Bad Request: GEO_POINT_INVALID");
    await botCall(w.token, "answerInlineQuery", { inline_query_id: u.inline_query.id, results: [] });
    expect((await bad).results).toEqual([]);
  });

  it("refuses bad answers, late answers and unknown bots in Telegram's words", async () => {
    const w = await world();
    const pending = w.alice.call("messages.getInlineBotResults", {
      bot: w.botId,
      peer: { _: "user", id: w.bob.id },
      query: "bad",
    });
    const u = await updateWhere(w.token, (x) => x.inline_query?.query === "bad");
    const id = u.inline_query.id;
    const answer = async (results: unknown[], extra: Record<string, unknown> = {}) =>
      (await botCall(w.token, "answerInlineQuery", { inline_query_id: id, results, ...extra })).body;
    const article = (n: string) => ({ type: "article", id: n, title: n, input_message_content: { message_text: n } });
    expect(await answer([article("x"), article("x")])).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: RESULT_ID_DUPLICATE",
    });
    expect((await answer(Array.from({ length: 51 }, (_, i) => article(String(i))))).description).toBe(
      "Bad Request: RESULTS_TOO_MUCH",
    );
    expect((await answer([{ type: "article", id: "t", title: "T" }])).description).toBe(
      'Bad Request: can\'t parse inline query result: field "input_message_content" must be of type Object',
    );
    expect((await answer([{ type: "photo", id: "p", photo_file_id: "nope" }])).description).toBe(
      "Bad Request: wrong file identifier/HTTP URL specified",
    );
    expect((await answer([article("ok")], { next_offset: "x".repeat(65) })).description).toBe(
      "Bad Request: NEXT_OFFSET_INVALID",
    );
    // Still waiting: a good answer goes through.
    expect(await answer([article("ok")])).toEqual({ ok: true, result: true });
    expect((await pending).results[0].id).toBe("ok");
    expect(await answer([article("late")])).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: query is too old and response timeout expired or query ID is invalid",
    });

    expect(
      await errorOf(w.alice, "messages.getInlineBotResults", {
        bot: w.bob.id,
        peer: { _: "user", id: w.bob.id },
        query: "x",
      }),
    ).toBe("400 BOT_INVALID");
  });
});
