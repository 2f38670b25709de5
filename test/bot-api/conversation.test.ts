/** A user and a bot talk: /start, a reply with an inline keyboard, a button press answered and the message edited. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { userObjectOf } from "../../core/objects.ts";
import { pushed, say } from "../messaging/people.ts";
import { botCall, type Loose, ownerWithBot } from "./helpers.ts";

async function nextUpdates(token: string, offset = 0) {
  const r = await botCall(token, "getUpdates", { offset, timeout: 5 });
  expect(r.body.ok).toBe(true);
  return r.body.result as Loose[];
}

describe("a conversation with a bot", () => {
  it("/start reaches the bot as a command; its reply with a keyboard reaches the user; a press is answered", async () => {
    const { owner: alice, token, botId } = await ownerWithBot("Alice");
    await say(alice, { id: botId }, "/start");
    const [start] = await nextUpdates(token);
    expect(start.message).toMatchObject({
      text: "/start",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
      chat: { id: alice.id, type: "private", first_name: "Alice" },
      from: { id: alice.id, is_bot: false, first_name: "Alice" },
    });

    const sent = await botCall(token, "sendMessage", {
      chat_id: alice.id,
      text: "<b>Hello</b>, pick one",
      parse_mode: "HTML",
      reply_markup: {
        inline_keyboard: [
          [
            { text: "One", callback_data: "one" },
            { text: "Site", url: "https://example.com" },
          ],
        ],
      },
    });
    expect(sent.body.result).toMatchObject({
      chat: { id: alice.id, type: "private" },
      from: { id: botId, is_bot: true },
      text: "Hello, pick one",
      entities: [{ type: "bold", offset: 0, length: 5 }],
      reply_markup: {
        inline_keyboard: [
          [
            { text: "One", callback_data: "one" },
            { text: "Site", url: "https://example.com" },
          ],
        ],
      },
    });
    const messageId = sent.body.result.message_id as number;
    const incoming = await pushed(alice, "updateNewMessage", (u) => u.message.id === messageId);
    expect(incoming.message.reply_markup.rows[0][0]).toEqual({ text: "One", callback_data: "one" });

    // Alice presses the button while the bot polls; the bot answers and edits the message.
    const press = alice.call("messages.getBotCallbackAnswer", {
      peer: { _: "user", id: botId },
      msg_id: messageId,
      data: "one",
    });
    const [query] = await nextUpdates(token, start.update_id + 1);
    expect(query.callback_query).toMatchObject({
      from: { id: alice.id },
      data: "one",
      message: { message_id: messageId, chat: { id: alice.id } },
    });
    const answered = await botCall(token, "answerCallbackQuery", {
      callback_query_id: query.callback_query.id,
      text: "You chose one",
    });
    expect(answered.body).toEqual({ ok: true, result: true });
    expect(await press).toEqual({ message: "You chose one", cache_time: 0 });
    const edited = await botCall(token, "editMessageText", {
      chat_id: alice.id,
      message_id: messageId,
      text: "Chosen: one",
    });
    expect(edited.body.result).toMatchObject({ message_id: messageId, text: "Chosen: one" });
    const edit = await pushed(alice, "updateEditMessage", (u) => u.message.id === messageId);
    expect(edit.message.message).toBe("Chosen: one");
  });

  it("an unknown chat is 'chat not found'; empty and oversized texts are refused", async () => {
    const { token } = await ownerWithBot();
    const unknown = await botCall(token, "sendMessage", { chat_id: 987654321, text: "hi" });
    expect(unknown).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description: "Bad Request: chat not found" },
    });
    const empty = await botCall(token, "sendMessage", { chat_id: 1, text: "  " });
    expect(empty.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: message text is empty" });
    const { owner, token: t2, botId } = await ownerWithBot();
    await say(owner, { id: botId }, "hi");
    const long = await botCall(t2, "sendMessage", { chat_id: owner.id, text: "x".repeat(4097) });
    expect(long.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: message is too long" });
    const badMarkup = await botCall(t2, "sendMessage", { chat_id: owner.id, text: "<b>x", parse_mode: "HTML" });
    expect(badMarkup.body.description).toBe(
      "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    );
  });

  it("pressing data that is not on the message is refused", async () => {
    const { owner, token, botId } = await ownerWithBot();
    await say(owner, { id: botId }, "hi");
    const sent = await botCall(token, "sendMessage", {
      chat_id: owner.id,
      text: "press",
      reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "X", callback_data: "x" }]] }),
    });
    await expect(
      owner.call("messages.getBotCallbackAnswer", {
        peer: { _: "user", id: botId },
        msg_id: sent.body.result.message_id,
        data: "nope",
      }),
    ).rejects.toThrow("DATA_INVALID");
  });
});

describe("a bot's own messages", () => {
  it("are in the bot's log (numbered and synced for its MTProto sessions) but never in its Bot API queue", async () => {
    const { owner: alice, token, botId } = await ownerWithBot("Alice");
    await say(alice, { id: botId }, "first");
    const [first] = await nextUpdates(token);
    const botLog = userObjectOf(env, botId);
    const before = (await botLog.updatesState()).pts;

    for (const text of ["one", "two", "three"]) {
      const sent = await botCall(token, "sendMessage", { chat_id: alice.id, text });
      await pushed(alice, "updateNewMessage", (u) => u.message.id === sent.body.result.message_id);
    }
    await say(alice, { id: botId }, "second");
    const later = await nextUpdates(token, first.update_id + 1);
    expect(later.map((u) => u.message?.text)).toEqual(["second"]);
    // The chat drains its changes in order, so "second" reaching the bot means the three sends were logged.
    expect((await botLog.updatesState()).pts).toBe(before + 4);
  });
});
