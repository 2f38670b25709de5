/** The terminal client prints one line for each location, venue, contact, dice and poll. */
import { describe, expect, it } from "vitest";
import { terminalUser } from "./desktop-cli.ts";
import { server, signUp } from "./story.ts";

const srv = server();

describe("edgegram history with locations, contacts, dice and polls", { timeout: 120_000 }, () => {
  it("shows a one-line summary for each kind", async () => {
    const alice = await signUp(srv, "Alice");
    const bob = await signUp(srv, "Bob");
    const peer = { _: "user" as const, id: bob.user.id };
    let n = 0;
    const send = (media: Parameters<typeof alice.client.call<"messages.sendMedia">>[1]["media"]) =>
      alice.client.call("messages.sendMedia", { peer, media, random_id: String(Date.now() * 100 + ++n) });
    await send({ _: "inputMediaGeoPoint", geo_point: { lat: 52.52, long: 13.405 } });
    await send({
      _: "inputMediaVenue",
      geo_point: { lat: 48.8584, long: 2.2945 },
      title: "Eiffel Tower",
      address: "Paris",
    });
    await send({ _: "inputMediaContact", phone_number: "+15550100", first_name: "Carol", last_name: "C" });
    const dice = await send({ _: "inputMediaDice", emoticon: "🎲" });
    const poll = await send({
      _: "inputMediaPoll",
      poll: {
        question: "Lunch?",
        answers: [
          { text: "Soup", option: "0" },
          { text: "Salad", option: "1" },
        ],
      },
    });
    await bob.client.call("messages.sendVote", {
      peer: { _: "user", id: alice.user.id },
      msg_id: poll.message.id,
      options: ["1"],
    });

    const cli = terminalUser(srv);
    await cli.json(["login", "--phone", bob.phone, "--dev-code"]);
    const out = await cli.run(["history", String(alice.user.id), "--limit", "5"]);
    expect(out.code).toBe(0);
    const value =
      dice.message.media && "_" in dice.message.media && dice.message.media._ === "messageMediaDice"
        ? dice.message.media.value
        : 0;
    expect(out.stdout).toContain("Alice: 📍 Location 52.52000, 13.40500");
    expect(out.stdout).toContain("Alice: 📍 Eiffel Tower, Paris (48.85840, 2.29450)");
    expect(out.stdout).toContain("Alice: 👤 Carol C, +15550100");
    expect(out.stdout).toContain(`Alice: 🎲 ${value}`);
    expect(out.stdout).toContain("Alice: 📊 Poll: Lunch? — Soup 0 · Salad 1 (1 vote)");
  });

  it("makes a poll and a quiz, votes by option number, and throws a dice from the terminal", async () => {
    const alice = await signUp(srv, "Alice");
    const bob = await signUp(srv, "Bob");
    const cli = terminalUser(srv);
    await cli.json(["login", "--phone", bob.phone, "--dev-code"]);
    const to = String(alice.user.id);

    const made = await cli.run(["poll", to, "Tea or coffee?", "Tea", "Coffee", "--public"]);
    expect([made.code, made.stdout.trim()]).toEqual([0, expect.stringMatching(/^Sent #\d+$/)]);
    const pollId = made.stdout.trim().slice("Sent #".length);
    const voted = await cli.run(["vote", to, pollId, "2"]);
    expect(voted.stdout.trim()).toBe("📊 Poll: Tea or coffee? — Tea 0 · Coffee 1 (1 vote)");
    const badOption = await cli.run(["vote", to, pollId, "7"]);
    expect(badOption.code).not.toBe(0);
    expect(badOption.stderr).toContain("OPTION_INVALID");

    const quiz = await cli.run(["poll", to, "2 + 2?", "3", "4", "--quiz", "2"]);
    const quizId = quiz.stdout.trim().slice("Sent #".length);
    const answered = await alice.client.call("messages.sendVote", {
      peer: { _: "user", id: bob.user.id },
      msg_id: Number(quizId),
      options: ["0"],
    });
    const results = answered.updates[0]?._ === "updateMessagePoll" ? answered.updates[0].results.results : [];
    expect(results.map((r) => r.correct === true)).toEqual([false, true]);

    const thrown = await cli.run(["dice", to, "🎰"]);
    expect(thrown.stdout.trim()).toMatch(/^Sent #\d+: 🎰 (\d|[1-5]\d|6[0-4])$/);
    expect((await cli.run(["dice", to, "🍕"])).stderr).toContain("DICE_EMOJI_INVALID");
  });
});
