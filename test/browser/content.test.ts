/**
 * Locations, contacts, dice and polls in the browser: a person on the SDK
 * sends each kind; the web client shows them, votes in the poll and sees the
 * percentages, then sees the counts move live when the other side votes.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPollMedia } from "../../protocol/model/message-media.ts";
import { nextMessage } from "../e2e/bot-story.ts";
import { meetInBrowser } from "./meet.ts";
import { launchBrowser, screenshot } from "./web-client.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("locations, contacts, dice and polls in the web client", () => {
  it("Should show each kind, vote in a poll and follow the other side's vote", async () => {
    const {
      sdk: polly,
      sdkName: pollyName,
      page,
      browserUserId: frankId,
    } = await meetInBrowser(browser, "Polly", "Frank");

    const peer = { _: "user" as const, id: frankId };
    let n = 0;
    const send = (media: Parameters<typeof polly.client.call<"messages.sendMedia">>[1]["media"]) =>
      polly.client.call("messages.sendMedia", { peer, media, random_id: String(Date.now() * 100 + ++n) });
    await send({ _: "inputMediaGeoPoint", geo_point: { lat: 52.52, long: 13.405 } });
    await send({ _: "inputMediaContact", phone_number: "+15550123", first_name: "Carol", last_name: "Danvers" });
    const dice = await send({ _: "inputMediaDice", emoticon: "🎯" });
    const sent = await send({
      _: "inputMediaPoll",
      poll: {
        question: "Soup or salad?",
        answers: [
          { text: "Soup", option: "0" },
          { text: "Salad", option: "1" },
        ],
        public_voters: true,
      },
    });

    await page.locator(".content.geo", { hasText: "52.52000, 13.40500" }).waitFor();
    await page.locator(".content.contact", { hasText: "Carol Danvers" }).waitFor();
    const value =
      dice.message.media && "_" in dice.message.media && "value" in dice.message.media ? dice.message.media.value : 0;
    await page.getByRole("img", { name: `🎯 rolled ${value}` }).waitFor();

    const poll = page.locator("fieldset.poll", { hasText: "Soup or salad?" });
    await poll.getByRole("button", { name: "Salad" }).click();
    await poll.locator(".poll-result", { hasText: "Salad" }).filter({ hasText: "100%" }).waitFor();
    expect(await poll.locator(".poll-total").textContent()).toContain("1 vote");

    const seen = await polly.client.call("messages.getMessages", { peer, id: [sent.message.id] });
    const media = seen.messages[0]?.media;
    expect(isPollMedia(media) && media.results.results.map((r) => r.voters)).toEqual([0, 1]);

    // Polly votes too: Frank's percentages move without a reload, and his own choice stays marked.
    await polly.client.call("messages.sendVote", { peer, msg_id: sent.message.id, options: ["0"] });
    await poll.locator(".poll-result", { hasText: "Soup" }).filter({ hasText: "50%" }).waitFor();
    await poll.locator(".poll-result", { hasText: "Salad" }).getByRole("img", { name: "your vote" }).waitFor();
    expect(await poll.locator(".poll-total").textContent()).toContain("2 votes");
    // The poll is public: Frank sees who voted for what.
    await poll.getByRole("button", { name: "View votes" }).click();
    const votes = page.getByRole("dialog", { name: "Votes" });
    await votes.getByRole("region", { name: "Soup" }).getByText(pollyName).waitFor();
    await votes.getByRole("region", { name: "Salad" }).getByText("Frank").waitFor();
    await votes.getByRole("button", { name: "Close" }).click();
    const shot = await screenshot(page, "20-content-kinds");
    expect(shot.variance).toBeGreaterThan(10);

    // Frank makes a poll of his own and throws a dice; Polly receives both.
    const frankPoll = nextMessage(polly.client, "updateNewMessage", (m) => isPollMedia(m.media));
    await page.getByRole("button", { name: "Create a poll" }).click();
    const dialog = page.getByRole("dialog", { name: "New poll" });
    await dialog.getByLabel("Question").fill("Where to?");
    await dialog.getByLabel("Option 1", { exact: true }).fill("Beach");
    await dialog.getByLabel("Option 2", { exact: true }).fill("Hills");
    await dialog.getByRole("button", { name: "Add an option" }).click();
    await dialog.getByLabel("Option 3", { exact: true }).fill("Home");
    await dialog.getByLabel("Anonymous voting").uncheck();
    await dialog.getByRole("button", { name: "Create" }).click();
    const got = (await frankPoll).media;
    expect(isPollMedia(got) && got.poll).toMatchObject({ question: "Where to?", public_voters: true });
    expect(isPollMedia(got) && got.poll.answers.map((x) => x.text)).toEqual(["Beach", "Hills", "Home"]);
    await page.locator("fieldset.poll", { hasText: "Where to?" }).getByRole("button", { name: "Hills" }).waitFor();

    const thrown = nextMessage(
      polly.client,
      "updateNewMessage",
      (m) => m.media !== undefined && "_" in m.media && m.media._ === "messageMediaDice",
    );
    await page.getByRole("button", { name: "Throw a dice" }).click();
    const die = (await thrown).media;
    expect(die && "_" in die && die._ === "messageMediaDice" && die.value).toBeGreaterThanOrEqual(1);
    expect((await screenshot(page, "21-content-own-poll")).variance).toBeGreaterThan(10);
  });
});
