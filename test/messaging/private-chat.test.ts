import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { chatKeyOf } from "../../core/chat/keys.ts";
import { chatObjectOf } from "../../core/objects.ts";
import { callCore } from "../../core/rpc/call.ts";
import type { ChatObject } from "../../durable-objects/chat-object.ts";
import type { Peer } from "../../protocol/model/peer.ts";
import { errorOf, person, pushed, randomId, say, userPeer } from "./people.ts";

describe("private chat", () => {
  it("Alice's message reaches Bob in real time, with per-chat ids and pts", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const sent = await say(alice, bob, "hi Bob");
    expect(sent.message).toMatchObject({
      id: 1,
      message: "hi Bob",
      out: true,
      peer_id: userPeer(bob),
      from_id: alice.id,
    });
    expect(sent.updates[0]).toMatchObject({ _: "updateNewMessage", pts: 1, pts_count: 1 });

    const got = await pushed(bob, "updateNewMessage");
    expect(got.message).toMatchObject({ id: 1, message: "hi Bob", peer_id: userPeer(alice), from_id: alice.id });
    expect(got.message.out).toBeUndefined();
    expect(got.pts).toBe(1);

    const reply = await say(bob, alice, "hello Alice");
    expect(reply.message.id).toBe(2);
    const history = await alice.call("messages.getHistory", { peer: userPeer(bob) });
    expect(history.messages.map((m: { message: string }) => m.message)).toEqual(["hello Alice", "hi Bob"]);
    expect(history.users.map((u: { id: number }) => u.id).sort()).toEqual([alice.id, bob.id].sort());
  });

  it("keeps dialogs ordered by last message with unread counts, and read receipts go both ways", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const carol = await person("Carol");
    await say(alice, bob, "one");
    await say(alice, bob, "two");
    await say(carol, bob, "from carol");
    const dialogs = await bob.call("messages.getDialogs", {});
    expect(dialogs.dialogs.map((d: { peer: unknown }) => d.peer)).toEqual([userPeer(carol), userPeer(alice)]);
    expect(dialogs.dialogs[1]).toMatchObject({ top_message: 2, unread_count: 2 });
    expect(dialogs.messages.map((m: { message: string }) => m.message).sort()).toEqual(["from carol", "two"]);

    const read = await bob.call("messages.readHistory", { peer: userPeer(alice), max_id: 2 });
    expect(read.updates[0]).toMatchObject({ _: "updateReadHistoryInbox", max_id: 2, still_unread_count: 0 });
    const outbox = await pushed(alice, "updateReadHistoryOutbox");
    expect(outbox).toMatchObject({ peer: userPeer(bob), max_id: 2 });
    const after = await bob.call("messages.getDialogs", {});
    expect(after.dialogs[1]).toMatchObject({ unread_count: 0, read_inbox_max_id: 2 });
    const aliceDialogs = await alice.call("messages.getDialogs", {});
    expect(aliceDialogs.dialogs[0]).toMatchObject({ peer: userPeer(bob), read_outbox_max_id: 2 });
  });

  it("a send retried with the same random_id creates one message", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const params = { peer: userPeer(bob), message: "once", random_id: randomId() };
    const [a, b] = await Promise.all([
      alice.call("messages.sendMessage", params),
      alice.call("messages.sendMessage", params),
    ]);
    const c = await alice.call("messages.sendMessage", params);
    expect(a.message.id).toBe(b.message.id);
    expect(c.message.id).toBe(a.message.id);
    const history = await bob.call("messages.getHistory", { peer: userPeer(alice) });
    expect(history.count).toBe(1);
  });

  it("a send the server makes for a bot (the Bot API: no device, never resent) keeps no random_id row", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const randomIdRows = () =>
      runInDurableObject(
        chatObjectOf(env, chatKeyOf(alice.id, userPeer(bob) as Peer)),
        (_: ChatObject, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM random_ids").one().n,
      );
    const params = { peer: userPeer(bob) as Peer, message: "by the Bot API", random_id: randomId() };
    const first = await callCore(env, { kind: "bot", userId: alice.id }, "messages.sendMessage", params);
    expect(first.result).toMatchObject({ message: { message: "by the Bot API", out: true } });
    expect(await randomIdRows()).toBe(0);
    // A device's send keeps its random_id, so a resend after a lost answer is the same message.
    const params2 = { peer: userPeer(bob), message: "from a device", random_id: randomId() };
    const sent = await alice.call("messages.sendMessage", params2);
    expect(await randomIdRows()).toBe(1);
    expect((await alice.call("messages.sendMessage", params2)).message.id).toBe(sent.message.id);
  });

  it("edits, deletes, reactions and pins reach the other side", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const { message } = await say(alice, bob, "tyop");
    await pushed(bob, "updateNewMessage");

    await alice.call("messages.editMessage", { peer: userPeer(bob), id: message.id, message: "typo" });
    expect((await pushed(bob, "updateEditMessage")).message).toMatchObject({
      message: "typo",
      edit_date: expect.any(Number),
    });

    const reacted = await bob.call("messages.sendReaction", {
      peer: userPeer(alice),
      msg_id: message.id,
      reaction: ["👍"],
    });
    // The reactor's answer marks the reaction as theirs; the push to everyone carries counts only (`min`).
    expect(reacted.updates).toContainEqual(
      expect.objectContaining({ reactions: { results: [{ reaction: "👍", count: 1, chosen: true }] } }),
    );
    expect((await pushed(alice, "updateMessageReactions")).reactions).toEqual({
      results: [{ reaction: "👍", count: 1 }],
      min: true,
    });

    await bob.call("messages.updatePinnedMessage", { peer: userPeer(alice), id: message.id });
    expect(await pushed(alice, "updatePinnedMessages")).toMatchObject({ messages: [message.id], pinned: true });

    await alice.call("messages.deleteMessages", { peer: userPeer(bob), id: [message.id], revoke: true });
    expect(await pushed(bob, "updateDeleteMessages")).toMatchObject({ peer: userPeer(alice), messages: [message.id] });
    expect((await bob.call("messages.getHistory", { peer: userPeer(alice) })).count).toBe(0);
  });

  it("delete for me hides only from the caller", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const { message } = await say(alice, bob, "keep for bob");
    await alice.call("messages.deleteMessages", { peer: userPeer(bob), id: [message.id] });
    expect((await alice.call("messages.getHistory", { peer: userPeer(bob) })).count).toBe(0);
    expect((await bob.call("messages.getHistory", { peer: userPeer(alice) })).count).toBe(1);
  });

  it("answers bad input with a clear error and writes nothing", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const send = (params: object) =>
      errorOf(alice, "messages.sendMessage", { peer: userPeer(bob), random_id: randomId(), ...params });
    expect(await send({ message: "" })).toBe("400 MESSAGE_EMPTY");
    expect(await send({ message: "   " })).toBe("400 MESSAGE_EMPTY");
    expect(await send({ message: "x".repeat(4097) })).toBe("400 MESSAGE_TOO_LONG");
    expect(await send({ message: 42 })).toBe("400 MESSAGE_EMPTY");
    expect(await send({ message: "hi", peer: { _: "user", id: 99_999_999 } })).toBe("400 PEER_ID_INVALID");
    expect(await send({ message: "hi", peer: { _: "user", id: "x" } })).toBe("400 PEER_ID_INVALID");
    expect(await send({ message: "hi", random_id: "abc" })).toBe("400 RANDOM_ID_INVALID");
    expect(await send({ message: "hi", entities: [{ _: "messageEntityBold", offset: 1, length: 5 }] })).toBe(
      "400 ENTITY_BOUNDS_INVALID",
    );
    expect(await send({ message: "hi", reply_to: { reply_to_msg_id: 77 } })).toBe("400 REPLY_MESSAGE_ID_INVALID");
    expect(await send({ message: "x".repeat(4096) })).toBe("ok");
    expect((await bob.call("messages.getHistory", { peer: userPeer(alice) })).count).toBe(1);

    const { message } = await say(bob, alice, "bob's own");
    expect(
      await errorOf(alice, "messages.editMessage", { peer: userPeer(bob), id: message.id, message: "mine now" }),
    ).toBe("403 MESSAGE_AUTHOR_REQUIRED");
    expect(await errorOf(alice, "messages.editMessage", { peer: userPeer(bob), id: 999, message: "?" })).toBe(
      "400 MESSAGE_ID_INVALID",
    );
    expect(
      await errorOf(alice, "messages.deleteMessages", { peer: userPeer(bob), id: [message.id, 999], revoke: true }),
    ).toBe("400 MESSAGE_ID_INVALID");
    expect((await bob.call("messages.getHistory", { peer: userPeer(alice) })).count).toBe(2);
  });
});
