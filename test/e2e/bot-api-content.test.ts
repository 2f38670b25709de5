/** A real grammY bot sends a poll, dice and a location; a user votes through the SDK; the bot hears the vote. */
import type { PollAnswer } from "@grammyjs/types";
import { Bot } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { isPollMedia } from "../../protocol/model/message-media.ts";
import { nextMessage, personWithBot, say } from "./bot-story.ts";
import { server } from "./story.ts";

const srv = server();
const stops: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe("grammY with polls, dice and places", () => {
  it("Should deliver a user's vote to the bot as poll_answer, and close the poll with stopPoll", async () => {
    const { person, token, botId } = await personWithBot(srv, "Alice");
    const bot = new Bot(token, { client: { apiRoot: srv.url } });
    let answered: (a: PollAnswer) => void = () => undefined;
    const answer = new Promise<PollAnswer>((r) => {
      answered = r;
    });
    bot.command("poll", (ctx) =>
      ctx.replyWithPoll("Tea or coffee?", [{ text: "Tea" }, { text: "Coffee" }], { is_anonymous: false }),
    );
    bot.command("extras", async (ctx) => {
      await ctx.replyWithDice("🎯");
      await ctx.replyWithLocation(59.3293, 18.0686);
    });
    bot.on("poll_answer", (ctx) => answered(ctx.pollAnswer));
    const started = new Promise<void>((resolve) => {
      void bot.start({ onStart: () => resolve() });
    });
    stops.push(() => bot.stop());
    await started;

    const pollArrives = nextMessage(person.client, "updateNewMessage", (m) => isPollMedia(m.media));
    await say(person.client, botId, "/poll");
    const pollMessage = await pollArrives;
    if (!isPollMedia(pollMessage.media)) throw new Error("no poll");
    expect(pollMessage.media.poll).toMatchObject({ question: "Tea or coffee?", public_voters: true });
    expect(pollMessage.media.poll.answers.map((a) => a.text)).toEqual(["Tea", "Coffee"]);

    const coffee = pollMessage.media.poll.answers[1]?.option ?? "";
    const voted = await person.client.call("messages.sendVote", {
      peer: { _: "user", id: botId },
      msg_id: pollMessage.id,
      options: [coffee],
    });
    const mine = voted.updates[0];
    expect(mine?._ === "updateMessagePoll" && mine.results.results.map((r) => r.voters)).toEqual([0, 1]);
    const got = await answer;
    expect(got).toMatchObject({ poll_id: pollMessage.media.poll.id, option_ids: [1], user: { id: person.user.id } });

    const stopped = await bot.api.stopPoll(person.user.id, pollMessage.id);
    expect(stopped).toMatchObject({ is_closed: true, total_voter_count: 1 });
    await expect(
      person.client.call("messages.sendVote", { peer: { _: "user", id: botId }, msg_id: pollMessage.id, options: [] }),
    ).rejects.toThrow("MESSAGE_POLL_CLOSED");

    // Dice thrown by the server and a location, as the user's client receives them.
    const dice = nextMessage(
      person.client,
      "updateNewMessage",
      (m) => m.media !== undefined && "_" in m.media && m.media._ === "messageMediaDice",
    );
    const place = nextMessage(
      person.client,
      "updateNewMessage",
      (m) => m.media !== undefined && "_" in m.media && m.media._ === "messageMediaGeo",
    );
    await say(person.client, botId, "/extras");
    const thrown = (await dice).media;
    expect(thrown && "_" in thrown && thrown._ === "messageMediaDice" && thrown.value).toBeGreaterThanOrEqual(1);
    expect((await place).media).toEqual({ _: "messageMediaGeo", geo: { lat: 59.3293, long: 18.0686 } });
  });
});
