/** messages.deleteHistory ("Delete chat"): the caller's history and dialog go, a page a call; the other side's stay unless revoked. */
import { describe, expect, it } from "vitest";
import { errorOf, type Loose, person, say, userPeer } from "./people.ts";

const texts = (r: Loose) => r.messages.map((m: Loose) => m.message);
const peers = (r: Loose) => r.dialogs.map((d: Loose) => d.peer);

describe("delete chat", () => {
  it("clears the caller's history and dialog only; a new message brings the dialog back", async () => {
    const [alice, bob] = await Promise.all([person("Alice"), person("Bob")]);
    await say(alice, bob, "one");
    await say(bob, alice, "two");
    const r = await bob.call("messages.deleteHistory", { peer: userPeer(alice) });
    expect(r.offset).toBe(0);
    expect(r.updates.map((u: Loose) => u._)).toEqual(["updateDeleteMessages"]);
    expect(peers(await bob.call("messages.getDialogs", {}))).not.toContainEqual(userPeer(alice));
    expect(texts(await bob.call("messages.getHistory", { peer: userPeer(alice) }))).toEqual([]);
    expect(texts(await alice.call("messages.getHistory", { peer: userPeer(bob) }))).toEqual(["two", "one"]);

    await say(alice, bob, "three");
    const back = await bob.call("messages.getDialogs", {});
    expect(peers(back)).toContainEqual(userPeer(alice));
    expect(texts(await bob.call("messages.getHistory", { peer: userPeer(alice) }))).toEqual(["three"]);
    // Nothing left to delete twice: an empty chat answers offset 0 and no updates.
    await bob.call("messages.deleteHistory", { peer: userPeer(alice) });
    expect(await bob.call("messages.deleteHistory", { peer: userPeer(alice) })).toEqual({ updates: [], offset: 0 });
  });

  it("with revoke, a private chat's messages go for both; a long history takes more calls", async () => {
    const [alice, bob] = await Promise.all([person("Alice"), person("Bob")]);
    for (let i = 0; i < 101; i++) await say(alice, bob, `m${i}`);
    const first = await bob.call("messages.deleteHistory", { peer: userPeer(alice), revoke: true });
    expect(first.offset).toBe(1);
    expect(peers(await bob.call("messages.getDialogs", {}))).toContainEqual(userPeer(alice));
    const second = await bob.call("messages.deleteHistory", { peer: userPeer(alice), revoke: true });
    expect(second.offset).toBe(0);
    expect(texts(await alice.call("messages.getHistory", { peer: userPeer(bob) }))).toEqual([]);
    expect(peers(await bob.call("messages.getDialogs", {}))).not.toContainEqual(userPeer(alice));
  });

  it("refuses channels and chats the caller is not in", async () => {
    const [alice, bob, mallory] = await Promise.all([person("Alice"), person("Bob"), person("Mallory")]);
    const { chat } = await alice.call("messages.createChat", { title: "Closed", users: [bob.id] });
    const channel = (await alice.call("channels.createChannel", { title: "News", megagroup: false })).chat;
    expect(await errorOf(mallory, "messages.deleteHistory", { peer: { _: "chat", id: chat.id } })).toBe(
      "400 PEER_ID_INVALID",
    );
    expect(await errorOf(alice, "messages.deleteHistory", { peer: { _: "channel", id: channel.id } })).toBe(
      "400 PEER_ID_INVALID",
    );
    expect(texts(await bob.call("messages.getHistory", { peer: { _: "chat", id: chat.id } })).length).toBeGreaterThan(
      0,
    );
  });
});
