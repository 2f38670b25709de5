import { describe, expect, it } from "vitest";
import { errorOf, type Loose, type Person, person, pushed, randomId, userPeer } from "./people.ts";

const send = (from: Person, peer: unknown, media: unknown) =>
  from.call("messages.sendMedia", { peer, media, random_id: randomId() });
const sendError = (from: Person, peer: unknown, media: unknown) =>
  errorOf(from, "messages.sendMedia", { peer, media, random_id: randomId() });

const poll = (n: number, extra: Record<string, unknown> = {}) => ({
  question: "Lunch?",
  answers: Array.from({ length: n }, (_, i) => ({ text: `Option ${i}`, option: String(i) })),
  ...extra,
});

async function group(owner: Person, members: Person[]) {
  const { chat } = await owner.call("messages.createChat", { title: "Poll room", users: members.map((m) => m.id) });
  return { _: "chat", id: chat.id };
}

describe("locations, venues and contacts", () => {
  it("a location arrives as messageMediaGeo; bad coordinates are refused", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const geo = { lat: 52.52, long: 13.405, accuracy_radius: 25 };
    const sent = await send(alice, userPeer(bob), { _: "inputMediaGeoPoint", geo_point: geo });
    expect(sent.message.media).toEqual({ _: "messageMediaGeo", geo });
    const got = await pushed(bob, "updateNewMessage", (u) => u.message.id === sent.message.id);
    expect((got as Loose).message.media).toEqual({ _: "messageMediaGeo", geo });

    for (const bad of [
      { lat: 91, long: 0 },
      { lat: 0, long: -180.5 },
      { lat: "north", long: 0 },
      { lat: 0, long: 0, accuracy_radius: 5000 },
    ])
      expect(await sendError(alice, userPeer(bob), { _: "inputMediaGeoPoint", geo_point: bad })).toBe(
        "400 GEO_POINT_INVALID",
      );
  });

  it("a venue keeps its place, title, address and provider id", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const venue = {
      geo_point: { lat: 48.8584, long: 2.2945 },
      title: "Eiffel Tower",
      address: "Champ de Mars, Paris",
      provider: "foursquare",
      venue_id: "4adcda09f964a520d53321e3",
      venue_type: "arts_entertainment/default",
    };
    const sent = await send(alice, userPeer(bob), { _: "inputMediaVenue", ...venue });
    const { geo_point, ...rest } = venue;
    expect(sent.message.media).toEqual({ _: "messageMediaVenue", geo: geo_point, ...rest });
    expect(await sendError(alice, userPeer(bob), { _: "inputMediaVenue", ...venue, title: " " })).toBe(
      "400 VENUE_TITLE_INVALID",
    );
  });

  it("a contact names its Edgegram account when the phone belongs to one", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const carol = await person("Carol");
    const card = await send(alice, userPeer(bob), {
      _: "inputMediaContact",
      phone_number: carol.phone,
      first_name: "Carol",
      last_name: "C",
    });
    expect(card.message.media).toMatchObject({
      _: "messageMediaContact",
      phone_number: carol.phone,
      first_name: "Carol",
      user_id: carol.id,
    });
    const stranger = await send(alice, userPeer(bob), {
      _: "inputMediaContact",
      phone_number: "+999 000 111",
      first_name: "Nobody",
    });
    expect(stranger.message.media.user_id).toBeUndefined();
    expect(
      await sendError(alice, userPeer(bob), { _: "inputMediaContact", phone_number: "call me", first_name: "X" }),
    ).toBe("400 PHONE_NUMBER_INVALID");
    expect(
      await sendError(alice, userPeer(bob), { _: "inputMediaContact", phone_number: "+123456", first_name: "" }),
    ).toBe("400 FIRSTNAME_INVALID");
  });
});

describe("editing and forwarding", () => {
  it("a location forwards as it is; a poll does not forward; neither takes text edits", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const carol = await person("Carol");
    const geo = await send(alice, userPeer(bob), { _: "inputMediaGeoPoint", geo_point: { lat: 1.5, long: 2.5 } });
    const fwd = await alice.call("messages.forwardMessages", {
      from_peer: userPeer(bob),
      to_peer: userPeer(carol),
      id: [geo.message.id],
      random_id: [randomId()],
    });
    expect(fwd.messages[0].media).toEqual(geo.message.media);
    expect(fwd.messages[0].fwd_from).toBeDefined();
    expect(
      await errorOf(alice, "messages.editMessage", { peer: userPeer(bob), id: geo.message.id, message: "caption" }),
    ).toBe("400 MESSAGE_EDIT_INVALID");

    const p = await send(alice, userPeer(bob), { _: "inputMediaPoll", poll: poll(2) });
    expect(
      await errorOf(alice, "messages.forwardMessages", {
        from_peer: userPeer(bob),
        to_peer: userPeer(carol),
        id: [p.message.id],
        random_id: [randomId()],
      }),
    ).toBe("400 MEDIA_INVALID");
  });
});

describe("dice", () => {
  it("the server throws the dice within Telegram's ranges; a value sent by the client is ignored", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const ranges: Record<string, number> = { "🎲": 6, "🎯": 6, "🏀": 5, "⚽": 5, "🎳": 6, "🎰": 64 };
    for (const [emoticon, max] of Object.entries(ranges)) {
      const sent = await send(alice, userPeer(bob), { _: "inputMediaDice", emoticon });
      expect(sent.message.media._).toBe("messageMediaDice");
      expect(sent.message.media.emoticon).toBe(emoticon);
      expect(sent.message.media.value).toBeGreaterThanOrEqual(1);
      expect(sent.message.media.value).toBeLessThanOrEqual(max);
    }
    // A forged value: 64 is impossible for 🎲, so it cannot survive.
    const values = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const sent = await send(alice, userPeer(bob), { _: "inputMediaDice", emoticon: "🎲", value: 64 });
      values.add(sent.message.media.value);
    }
    expect([...values].every((v) => v >= 1 && v <= 6)).toBe(true);
    expect(await sendError(alice, userPeer(bob), { _: "inputMediaDice", emoticon: "🍕" })).toBe(
      "400 DICE_EMOJI_INVALID",
    );
  });
});

describe("polls", () => {
  it("members vote; everyone gets the new counts; the quiz answer shows only after voting", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const carol = await person("Carol");
    const peer = await group(alice, [bob, carol]);
    const sent = await send(alice, peer, {
      _: "inputMediaPoll",
      poll: poll(3, { quiz: true }),
      correct_answers: ["2"],
      solution: "Always the third",
    });
    const msgId = sent.message.id;
    const media = sent.message.media;
    expect(media._).toBe("messageMediaPoll");
    expect(media.poll).toMatchObject({ question: "Lunch?", quiz: true });
    expect(media.poll.id).toMatch(/^\d+$/);
    // The author sees the right answer; Bob, before voting, does not.
    expect(media.results.results.find((r: Loose) => r.correct)?.option).toBe("2");
    const before = await bob.call("messages.getMessages", { peer, id: [msgId] });
    expect(before.messages[0].media.results.results.some((r: Loose) => r.correct)).toBe(false);
    expect(before.messages[0].media.results.solution).toBeUndefined();

    const carolSees = pushed(carol, "updateMessagePoll", (u) => u.poll_id === media.poll.id);
    const voted = await bob.call("messages.sendVote", { peer, msg_id: msgId, options: ["1"] });
    const mine = voted.updates[0];
    expect(mine._).toBe("updateMessagePoll");
    expect(mine.results.total_voters).toBe(1);
    expect(mine.results.results[1]).toEqual({ option: "1", voters: 1, chosen: true });
    expect(mine.results.results[2]).toMatchObject({ option: "2", voters: 0, correct: true });
    expect(mine.results.solution).toBe("Always the third");
    const forCarol = (await carolSees) as Loose;
    expect(forCarol.results.min).toBe(true);
    expect(forCarol.results.total_voters).toBe(1);
    expect(forCarol.results.results.some((r: Loose) => r.correct || r.chosen)).toBe(false);

    // A quiz takes one answer for good.
    expect(await errorOf(bob, "messages.sendVote", { peer, msg_id: msgId, options: ["2"] })).toBe(
      "400 REVOTE_NOT_ALLOWED",
    );
    const history = await carol.call("messages.getHistory", { peer, limit: 1 });
    expect(history.messages[0].media.results.results[1].voters).toBe(1);
  });

  it("a burst of votes reaches every member as the final counts", async () => {
    const [alice, bob, carol, dan] = await Promise.all(["Alice", "Bob", "Carol", "Dan"].map((n) => person(n)));
    const peer = await group(alice as Person, [bob, carol, dan] as Person[]);
    const sent = await send(alice as Person, peer, { _: "inputMediaPoll", poll: poll(2) });
    await Promise.all(
      [bob, carol, dan].map((p) =>
        (p as Person).call("messages.sendVote", { peer, msg_id: sent.message.id, options: ["1"] }),
      ),
    );
    for (const who of [alice, bob]) {
      const final = await (who as Person).dev.next(
        (m) =>
          m.body._ === "updates" &&
          (m.body.updates as Loose[]).some((u) => u._ === "updateMessagePoll" && u.results.total_voters === 3),
        10_000,
      );
      expect(final, "the final counts").toBeTruthy();
    }
  }, 30_000);

  it("bad polls and bad votes get Telegram's errors", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const eve = await person("Eve");
    const peer = await group(alice, [bob]);
    const bad = (media: unknown) => sendError(alice, peer, media);
    expect(await bad({ _: "inputMediaPoll", poll: poll(0) })).toBe("400 POLL_ANSWERS_INVALID");
    expect(await bad({ _: "inputMediaPoll", poll: poll(13) })).toBe("400 POLL_ANSWERS_INVALID");
    expect(await bad({ _: "inputMediaPoll", poll: { ...poll(2), question: "" } })).toBe("400 POLL_QUESTION_INVALID");
    expect(
      await bad({
        _: "inputMediaPoll",
        poll: {
          ...poll(2),
          answers: [
            { text: "", option: "0" },
            { text: "b", option: "1" },
          ],
        },
      }),
    ).toBe("400 POLL_OPTION_INVALID");
    expect(await bad({ _: "inputMediaPoll", poll: poll(2, { quiz: true }) })).toBe("400 QUIZ_CORRECT_ANSWERS_EMPTY");
    expect(await bad({ _: "inputMediaPoll", poll: poll(2, { quiz: true }), correct_answers: ["7"] })).toBe(
      "400 QUIZ_CORRECT_ANSWER_INVALID",
    );

    const sent = await send(alice, peer, { _: "inputMediaPoll", poll: poll(2, { revoting: false }) });
    const vote = (who: Person, options: string[]) =>
      errorOf(who, "messages.sendVote", { peer, msg_id: sent.message.id, options });
    expect(await vote(eve, ["0"])).toBe("400 PEER_ID_INVALID");
    expect(await vote(bob, ["5"])).toBe("400 OPTION_INVALID");
    expect(await vote(bob, ["0", "1"])).toBe("400 OPTIONS_TOO_MUCH");
    expect(await vote(bob, ["0"])).toBe("ok");
    expect(await vote(bob, ["1"])).toBe("400 REVOTE_NOT_ALLOWED");
    expect(await errorOf(bob, "messages.stopPoll", { peer, id: sent.message.id })).toBe("403 MESSAGE_AUTHOR_REQUIRED");
    const stopped = await alice.call("messages.stopPoll", { peer, id: sent.message.id });
    expect(stopped.message.media.poll.closed).toBe(true);
    expect(stopped.message.media.results.results[0].voters).toBe(1);
    expect(await vote(alice, ["1"])).toBe("400 MESSAGE_POLL_CLOSED");
    expect(await errorOf(alice, "messages.stopPoll", { peer, id: sent.message.id })).toBe("400 MESSAGE_POLL_CLOSED");
    // A text message is no poll.
    const text = await alice.call("messages.sendMessage", { peer, message: "hi", random_id: randomId() });
    expect(await errorOf(bob, "messages.sendVote", { peer, msg_id: text.message.id, options: ["0"] })).toBe(
      "400 MESSAGE_ID_INVALID",
    );
  });

  it("a member barred from polls (send_polls) cannot send one, but may still vote", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const peer = await group(alice, [bob]);
    await alice.call("messages.editChatDefaultBannedRights", { peer, banned_rights: { send_polls: true } });
    expect(await sendError(bob, peer, { _: "inputMediaPoll", poll: poll(2) })).toBe("403 CHAT_SEND_POLL_FORBIDDEN");
    const sent = await send(alice, peer, { _: "inputMediaPoll", poll: poll(2) });
    expect(await errorOf(bob, "messages.sendVote", { peer, msg_id: sent.message.id, options: ["0"] })).toBe("ok");
  });

  it("a regular poll lets a voter change or retract the vote; multiple choice counts each option", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const peer = await group(alice, [bob]);
    const sent = await send(alice, peer, { _: "inputMediaPoll", poll: poll(3, { multiple_choice: true }) });
    const vote = (options: string[]) => bob.call("messages.sendVote", { peer, msg_id: sent.message.id, options });
    let r = (await vote(["0", "2"])).updates[0].results;
    expect(r.results.map((x: Loose) => x.voters)).toEqual([1, 0, 1]);
    expect(r.total_voters).toBe(1);
    r = (await vote(["1"])).updates[0].results;
    expect(r.results.map((x: Loose) => x.voters)).toEqual([0, 1, 0]);
    r = (await vote([])).updates[0].results;
    expect(r.total_voters).toBe(0);
  });

  it("a vote loop is held back with FLOOD_WAIT (every vote reaches every member)", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const sent = await send(alice, userPeer(bob), { _: "inputMediaPoll", poll: poll(2) });
    const peer = userPeer(alice);
    const results: string[] = [];
    for (let i = 0; i < 12; i++)
      results.push(
        await errorOf(bob, "messages.sendVote", { peer, msg_id: sent.message.id, options: i % 2 ? [] : ["0"] }),
      );
    expect(results.slice(0, 10).every((r) => r === "ok")).toBe(true);
    expect(results.at(-1)).toMatch(/^420 FLOOD_WAIT_\d+$/);
  });

  it("a poll with a close period closes by itself and members get the final counts", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const now = Math.floor(Date.now() / 1000);
    expect(await sendError(alice, userPeer(bob), { _: "inputMediaPoll", poll: poll(2, { close_date: now }) })).toBe(
      "400 POLL_CLOSE_INVALID",
    );
    const sent = await send(alice, userPeer(bob), { _: "inputMediaPoll", poll: poll(2, { close_period: 5 }) });
    expect(sent.message.media.poll.close_date).toBeGreaterThanOrEqual(now + 5);
    const peer = userPeer(alice);
    await bob.call("messages.sendVote", { peer, msg_id: sent.message.id, options: ["1"] });
    const closed = await bob.dev.next(
      (m) =>
        m.body._ === "updates" &&
        (m.body.updates as Loose[]).some((u) => u._ === "updateMessagePoll" && u.poll.closed === true),
      15_000,
    );
    expect(closed, "the closing update").toBeTruthy();
    expect(await errorOf(bob, "messages.sendVote", { peer, msg_id: sent.message.id, options: [] })).toBe(
      "400 MESSAGE_POLL_CLOSED",
    );
    const final = await alice.call("messages.getMessages", { peer: userPeer(bob), id: [sent.message.id] });
    expect(final.messages[0].media.poll.closed).toBe(true);
    expect(final.messages[0].media.results.results[1].voters).toBe(1);
  }, 30_000);

  it("messages.getPollVotes lists a public poll's voters to those who voted, page by page", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const carol = await person("Carol");
    const peer = await group(alice, [bob, carol]);
    const pub = await send(alice, peer, {
      _: "inputMediaPoll",
      poll: poll(2, { public_voters: true, multiple_choice: true }),
    });
    const id = pub.message.id;
    expect(await errorOf(carol, "messages.getPollVotes", { peer, id })).toBe("400 POLL_VOTE_REQUIRED");
    await bob.call("messages.sendVote", { peer, msg_id: id, options: ["0", "1"] });
    await carol.call("messages.sendVote", { peer, msg_id: id, options: ["1"] });
    const all = await bob.call("messages.getPollVotes", { peer, id });
    expect(all.count).toBe(3);
    expect(all.votes.map((x: Loose) => `${x.peer.id}:${x.option}`).sort()).toEqual(
      [`${bob.id}:0`, `${bob.id}:1`, `${carol.id}:1`].sort(),
    );
    expect(all.users.map((u: Loose) => u.first_name).sort()).toEqual(["Bob", "Carol"]);
    const second = await alice.call("messages.getPollVotes", { peer, id, option: "1" });
    expect(second.count).toBe(2);

    const seen: string[] = [];
    let offset: string | undefined;
    for (let page = 0; page < 5; page++) {
      const r = await carol.call("messages.getPollVotes", { peer, id, limit: 1, ...(offset ? { offset } : {}) });
      seen.push(...r.votes.map((x: Loose) => `${x.peer.id}:${x.option}`));
      offset = r.next_offset;
      if (!offset) break;
    }
    expect(seen.sort()).toEqual(all.votes.map((x: Loose) => `${x.peer.id}:${x.option}`).sort());

    const anon = await send(alice, peer, { _: "inputMediaPoll", poll: poll(2) });
    await bob.call("messages.sendVote", { peer, msg_id: anon.message.id, options: ["0"] });
    expect(await errorOf(bob, "messages.getPollVotes", { peer, id: anon.message.id })).toBe("400 POLL_ANONYMOUS");
  });

  it("the author of a public poll is told who voted for what", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const sent = await send(alice, userPeer(bob), { _: "inputMediaPoll", poll: poll(2, { public_voters: true }) });
    const told = pushed(alice, "updateMessagePollVote");
    await bob.call("messages.sendVote", { peer: userPeer(alice), msg_id: sent.message.id, options: ["1"] });
    expect(await told).toMatchObject({
      poll_id: sent.message.media.poll.id,
      peer: { _: "user", id: bob.id },
      options: ["1"],
    });
  });
});
