import { describe, expect, it } from "vitest";
import { errorOf, type Loose, person, pushed, randomId, say } from "./people.ts";

const ids = (ms: Loose[]) => ms.map((m) => m.id);

describe("groups", () => {
  it("20 concurrent senders produce one order that every member sees identically", async () => {
    const people = await Promise.all(Array.from({ length: 5 }, (_, i) => person(`Member${i}`)));
    const [owner, ...rest] = people as [Loose, ...Loose[]];
    const { chat } = await owner.call("messages.createChat", { title: "Busy", users: rest.map((p: Loose) => p.id) });
    const peer = { _: "chat", id: chat.id };
    expect(chat).toMatchObject({ _: "chat", title: "Busy", participants_count: 5, creator: true });

    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (people[i % 5] as Loose).call("messages.sendMessage", { peer, message: `m${i}`, random_id: randomId() }),
      ),
    );
    const logs = await Promise.all(
      people.map(async (p) => {
        const diff = await p.call("updates.getDifference", { pts: 0 });
        return diff.updates
          .filter((u: Loose) => u._ === "updateNewMessage")
          .map((u: Loose) => `${u.message.id}:${u.message.message}`);
      }),
    );
    expect(logs[0]).toHaveLength(21); // the creation service message and 20 messages
    for (const log of logs) expect(log).toEqual(logs[0]);
    const history = await owner.call("messages.getHistory", { peer, limit: 100 });
    expect(ids(history.messages)).toEqual(Array.from({ length: 21 }, (_, i) => 21 - i));
  });

  it("a non-member cannot read, send, search or learn about a group", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const eve = await person("Eve");
    const { chat } = await alice.call("messages.createChat", { title: "Private plans", users: [bob.id] });
    const peer = { _: "chat", id: chat.id };
    await say(alice, peer, "secret plan");
    expect(await errorOf(eve, "messages.getHistory", { peer })).toBe("400 PEER_ID_INVALID");
    expect(await errorOf(eve, "messages.sendMessage", { peer, message: "let me in", random_id: randomId() })).toBe(
      "400 PEER_ID_INVALID",
    );
    expect(await errorOf(eve, "messages.search", { peer, q: "secret" })).toBe("400 PEER_ID_INVALID");
    expect(await errorOf(eve, "messages.getFullChat", { peer })).toBe("400 PEER_ID_INVALID");
    expect(await errorOf(eve, "messages.readHistory", { peer })).toBe("400 PEER_ID_INVALID");
    expect(await errorOf(eve, "messages.addChatUser", { chat_id: chat.id, user_id: eve.id })).toBe(
      "400 PEER_ID_INVALID",
    );
    expect(await errorOf(eve, "messages.getFullChat", { peer: { _: "chat", id: chat.id + 1 } })).toBe(
      "400 PEER_ID_INVALID",
    );
    expect((await eve.call("messages.search", { q: "secret" })).messages).toEqual([]);
    expect((await bob.call("messages.search", { q: "secret" })).messages.map((m: Loose) => m.message)).toEqual([
      "secret plan",
    ]);
  });

  it("members join and leave; a removed member stops receiving", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const carol = await person("Carol");
    const { chat } = await alice.call("messages.createChat", { title: "Club", users: [bob.id] });
    const peer = { _: "chat", id: chat.id };
    await alice.call("messages.addChatUser", { chat_id: chat.id, user_id: carol.id });
    expect(
      (await pushed(carol, "updateNewMessage", (u) => u.message.action?._ === "messageActionChatAddUser")).message
        .peer_id,
    ).toEqual(peer);
    expect(await errorOf(bob, "messages.deleteChatUser", { chat_id: chat.id, user_id: carol.id })).toBe(
      "403 CHAT_ADMIN_REQUIRED",
    );
    await alice.call("messages.editChatAdmin", { chat_id: chat.id, user_id: bob.id, is_admin: true });
    await bob.call("messages.deleteChatUser", { chat_id: chat.id, user_id: carol.id });
    await say(alice, peer, "after carol left");
    expect(await errorOf(carol, "messages.getHistory", { peer })).toBe("400 PEER_ID_INVALID");
    const carolDialogs = await carol.call("messages.getDialogs", {});
    expect(carolDialogs.dialogs.find((d: Loose) => d.peer._ === "chat")).toBeUndefined();
    const full = await alice.call("messages.getFullChat", { peer });
    expect(full.participants.map((p: Loose) => p.user_id).sort()).toEqual([alice.id, bob.id].sort());
    await alice.call("messages.editChatTitle", { chat_id: chat.id, title: "Club 2" });
    expect((await bob.call("messages.getFullChat", { peer })).chat.title).toBe("Club 2");
  });

  it("refuses bad group input", async () => {
    const alice = await person("Alice");
    expect(await errorOf(alice, "messages.createChat", { title: "", users: [1] })).toBe("400 CHAT_TITLE_EMPTY");
    expect(await errorOf(alice, "messages.createChat", { title: "x", users: [] })).toBe("400 USERS_TOO_FEW");
    expect(await errorOf(alice, "messages.createChat", { title: "x", users: [99_999_999] })).toBe(
      "400 USER_ID_INVALID",
    );
    expect(await errorOf(alice, "messages.createChat", { title: "x", users: "bob" })).toBe("400 USERS_INVALID");
  });
});

describe("channels", () => {
  it("admins post into the channel's own pts; subscribers get pushes and catch up by getChannelDifference", async () => {
    const admin = await person("Admin");
    const sub = await person("Subscriber");
    const outsider = await person("Outsider");
    const { chat } = await admin.call("channels.createChannel", { title: "News", public: true });
    const peer = { _: "channel", id: chat.id };
    await sub.call("channels.joinChannel", { channel_id: chat.id });
    const post = await say(admin, peer, "first post");
    expect(post.updates[0]).toMatchObject({ _: "updateNewChannelMessage", pts: 2 });
    const got = await pushed(sub, "updateNewChannelMessage");
    expect(got.message).toMatchObject({ message: "first post", post: true, peer_id: peer });
    expect(await errorOf(sub, "messages.sendMessage", { peer, message: "me too", random_id: randomId() })).toBe(
      "403 CHAT_WRITE_FORBIDDEN",
    );
    const diff = await sub.call("updates.getChannelDifference", { channel_id: chat.id, pts: 1 });
    expect(diff).toMatchObject({ _: "updates.channelDifference", pts: 2, final: true });
    expect(diff.updates.map((u: Loose) => u.message.message)).toEqual(["first post"]);
    expect((await sub.call("updates.getState", {})).pts).toBe(0); // channel posts stay out of the user's own log
    const dialogs = await sub.call("messages.getDialogs", {});
    expect(dialogs.dialogs[0]).toMatchObject({ peer, unread_count: 1, pts: 2 });
    expect(await errorOf(outsider, "updates.getChannelDifference", { channel_id: chat.id, pts: 0 })).toBe(
      "400 CHANNEL_PRIVATE",
    );
    await sub.call("channels.leaveChannel", { channel_id: chat.id });
    expect(await errorOf(sub, "messages.getHistory", { peer })).toBe("400 CHANNEL_PRIVATE");
  });

  it("a private channel cannot be joined or read without an invitation", async () => {
    const admin = await person("Admin");
    const eve = await person("Eve");
    const friend = await person("Friend");
    const { chat } = await admin.call("channels.createChannel", { title: "Hidden" });
    const peer = { _: "channel", id: chat.id };
    expect(await errorOf(eve, "channels.joinChannel", { channel_id: chat.id })).toBe("400 CHANNEL_PRIVATE");
    expect(await errorOf(eve, "messages.getFullChat", { peer })).toBe("400 CHANNEL_PRIVATE");
    await admin.call("channels.inviteToChannel", { channel_id: chat.id, users: [friend.id] });
    await say(admin, peer, "welcome");
    expect((await friend.call("messages.getHistory", { peer })).messages[0].message).toBe("welcome");
  });
});
