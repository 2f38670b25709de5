/** editMessageLiveLocation / stopMessageLiveLocation, and deleteMessageReaction / deleteAllMessageReactions. */
import { describe, expect, it } from "vitest";
import { type Loose, type Person, person, pushed, say } from "../messaging/people.ts";
import { botCall, ownerWithBot } from "./helpers.ts";

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

async function started(): Promise<{ alice: Person; token: string; botId: number }> {
  const { owner: alice, token, botId } = await ownerWithBot("Alice");
  await say(alice, { id: botId }, "/start");
  await updateWhere(token, (u) => u.message?.text === "/start");
  return { alice, token, botId };
}

const channelChatId = (id: number) => -(1_000_000_000_000 + id);

describe("Bot API: live locations", () => {
  it("moves a live location while it lasts, stops it, and refuses edits afterwards", async () => {
    const { alice, token } = await started();
    const sent = await botCall(token, "sendLocation", {
      chat_id: alice.id,
      latitude: 52.52,
      longitude: 13.405,
      live_period: 600,
      heading: 90,
    });
    expect(sent.body.result.location).toEqual({ latitude: 52.52, longitude: 13.405, live_period: 600, heading: 90 });
    const id = sent.body.result.message_id;

    const moved = await botCall(token, "editMessageLiveLocation", {
      chat_id: alice.id,
      message_id: id,
      latitude: "52.53",
      longitude: 13.41,
      heading: 180,
      proximity_alert_radius: 500,
    });
    expect(moved.body.result.location).toEqual({
      latitude: 52.53,
      longitude: 13.41,
      live_period: 600,
      heading: 180,
      proximity_alert_radius: 500,
    });
    expect(moved.body.result.edit_date).toBeGreaterThan(0);
    const seen = await pushed(alice, "updateEditMessage", (u) => u.message.id === id);
    expect(seen.message.media).toMatchObject({ _: "messageMediaGeo", geo: { lat: 52.53, long: 13.41 }, heading: 180 });

    // The same place again changes nothing.
    const same = await botCall(token, "editMessageLiveLocation", {
      chat_id: alice.id,
      message_id: id,
      latitude: 52.53,
      longitude: 13.41,
    });
    expect(same.body.description).toMatch(/^Bad Request: message is not modified/);

    const stopped = await botCall(token, "stopMessageLiveLocation", { chat_id: alice.id, message_id: id });
    expect(stopped.body.ok).toBe(true);
    expect(stopped.body.result.location).toEqual({ latitude: 52.53, longitude: 13.41 });

    for (const [method, params] of [
      ["editMessageLiveLocation", { latitude: 1, longitude: 2 }],
      ["stopMessageLiveLocation", {}],
    ] as const)
      expect((await botCall(token, method, { chat_id: alice.id, message_id: id, ...params })).body).toEqual({
        ok: false,
        error_code: 400,
        description: "Bad Request: message can't be edited",
      });
  });

  it("refuses static locations, other messages, unknown ids and bad periods in Telegram's words", async () => {
    const { alice, token, botId } = await started();
    const still = await botCall(token, "sendLocation", { chat_id: alice.id, latitude: 1, longitude: 2 });
    expect(still.body.result.location).toEqual({ latitude: 1, longitude: 2 });
    const text = await botCall(token, "sendMessage", { chat_id: alice.id, text: "hi" });
    const edit = (message_id: number) =>
      botCall(token, "editMessageLiveLocation", { chat_id: alice.id, message_id, latitude: 3, longitude: 4 });
    expect((await edit(still.body.result.message_id)).body.description).toBe("Bad Request: message can't be edited");
    expect((await edit(text.body.result.message_id)).body.description).toBe("Bad Request: message can't be edited");
    expect((await edit(999_999)).body.description).toBe("Bad Request: message to edit not found");

    // Alice's own live location is hers to move, not the bot's.
    const hers = await alice.call("messages.sendMedia", {
      peer: { _: "user", id: botId },
      message: "",
      media: { _: "inputMediaGeoPoint", geo_point: { lat: 1, long: 1 }, period: 60 },
      random_id: String(Date.now()),
    });
    const inBot = await updateWhere(token, (u) => u.message?.location?.live_period === 60);
    expect(inBot.message.message_id).toBe(hers.message.id);
    expect((await edit(hers.message.id)).body.description).toBe("Bad Request: message can't be edited");

    const badPeriod = await botCall(token, "sendLocation", {
      chat_id: alice.id,
      latitude: 1,
      longitude: 2,
      live_period: 30,
    });
    expect(badPeriod.body.description).toBe("Bad Request: wrong live location period specified");
    const noTarget = await botCall(token, "stopMessageLiveLocation", { chat_id: alice.id });
    expect(noTarget.body.description).toBe("Bad Request: message identifier is not specified");
  });
});

/** Alice's supergroup with Bob and her bot (an admin unless `admin` is false). */
async function club(admin = true) {
  const { owner: alice, token, botId } = await ownerWithBot("Alice");
  const bob = await person("Bob");
  const { chat } = await alice.call("channels.createChannel", { title: "Club", megagroup: true });
  await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [bob.id, botId] });
  if (admin) await alice.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true });
  const peer = { _: "channel", id: chat.id as number };
  return { alice, bob, token, peer, chatId: channelChatId(chat.id) };
}

const counts = async (p: Person, peer: unknown, id: number) =>
  (await p.call("messages.getMessages", { peer, id: [id] })).messages[0].reactions?.results ?? [];

describe("Bot API: removing reactions", () => {
  it("deleteMessageReaction removes one user's reactions from a message; others' stay", async () => {
    const { alice, bob, token, peer, chatId } = await club();
    const m = await say(alice, peer, "vote with emoji");
    await bob.call("messages.sendReaction", { peer, msg_id: m.message.id, reaction: ["👍", "🔥"] });
    await alice.call("messages.sendReaction", { peer, msg_id: m.message.id, reaction: ["👍"] });
    const r = await botCall(token, "deleteMessageReaction", {
      chat_id: chatId,
      message_id: m.message.id,
      user_id: bob.id,
    });
    expect(r.body).toEqual({ ok: true, result: true });
    expect(await counts(alice, peer, m.message.id)).toEqual([{ reaction: "👍", count: 1, chosen: true }]);
    // Nothing left to remove is not an error.
    const again = await botCall(token, "deleteMessageReaction", {
      chat_id: chatId,
      message_id: m.message.id,
      user_id: bob.id,
    });
    expect(again.body.ok).toBe(true);
  });

  it("deleteAllMessageReactions removes a user's reactions everywhere in the chat", async () => {
    const { alice, bob, token, peer, chatId } = await club();
    const ids: number[] = [];
    for (const text of ["one", "two", "three"]) {
      const m = await say(alice, peer, text);
      ids.push(m.message.id);
      await bob.call("messages.sendReaction", { peer, msg_id: m.message.id, reaction: ["❤"] });
    }
    await alice.call("messages.sendReaction", { peer, msg_id: ids[0], reaction: ["❤"] });
    const r = await botCall(token, "deleteAllMessageReactions", { chat_id: chatId, user_id: bob.id });
    expect(r.body).toEqual({ ok: true, result: true });
    expect(await counts(alice, peer, ids[0] as number)).toEqual([{ reaction: "❤", count: 1, chosen: true }]);
    expect(await counts(alice, peer, ids[1] as number)).toEqual([]);
    expect(await counts(bob, peer, ids[2] as number)).toEqual([]);
  });

  it("refuses bots that are not admins, unknown messages and missing users in Telegram's words", async () => {
    const plain = await club(false);
    const m = await say(plain.alice, plain.peer, "hello");
    await plain.bob.call("messages.sendReaction", { peer: plain.peer, msg_id: m.message.id, reaction: ["👍"] });
    expect(
      (
        await botCall(plain.token, "deleteMessageReaction", {
          chat_id: plain.chatId,
          message_id: m.message.id,
          user_id: plain.bob.id,
        })
      ).body,
    ).toEqual({ ok: false, error_code: 400, description: "Bad Request: not enough rights" });
    expect(await counts(plain.alice, plain.peer, m.message.id)).toEqual([{ reaction: "👍", count: 1 }]);
    expect(
      (await botCall(plain.token, "deleteAllMessageReactions", { chat_id: plain.chatId, user_id: plain.bob.id })).body
        .description,
    ).toBe("Bad Request: not enough rights");

    const { token, chatId, bob } = await club();
    const missing = await botCall(token, "deleteMessageReaction", {
      chat_id: chatId,
      message_id: 999_999,
      user_id: bob.id,
    });
    expect(missing.body.description).toBe("Bad Request: message to edit not found");
    const noUser = await botCall(token, "deleteAllMessageReactions", { chat_id: chatId });
    expect(noUser.body.description).toBe("Bad Request: user_id or actor_chat_id must be specified");
  });
});
