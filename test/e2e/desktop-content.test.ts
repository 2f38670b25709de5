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
});
