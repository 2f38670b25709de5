import { describe, expect, it } from "vitest";
import { EdgegramClient, type RpcError } from "../../clients/sdk/index.ts";
import { MemoryStorage } from "../../clients/sdk/storage.ts";
import { Inbox, randomId, send, userPeer } from "./messaging-story.ts";
import { server, signIn, signUp } from "./story.ts";

describe("messaging over real sockets", () => {
  it("Alice and Bob chat in real time; Bob's two devices each get every message", async () => {
    const srv = server();
    const alice = await signUp(srv, "Alice");
    const bob = await signUp(srv, "Bob");
    const bobLaptop = await signIn(srv, bob.phone);
    const aliceIn = await Inbox.of(alice.client);
    const bobIn = await Inbox.of(bob.client);
    const laptopIn = await Inbox.of(bobLaptop.client);

    await send(alice.client, userPeer(bob.user), "hi Bob");
    await send(bob.client, userPeer(alice.user), "hi Alice");
    await send(alice.client, userPeer(bob.user), "how are you?");
    await bobIn.waitFor(3);
    await laptopIn.waitFor(3);
    await aliceIn.waitFor(3);
    const expected = ["hi Bob", "hi Alice", "how are you?"];
    expect(bobIn.texts()).toEqual(expected);
    expect(laptopIn.texts()).toEqual(expected);
    expect(aliceIn.texts()).toEqual(expected);
    expect(bobIn.messages.map((m) => m.out ?? false)).toEqual([false, true, false]);
    for (const p of [alice, bob, bobLaptop]) p.client.close();
  });

  it("Bob's third device, offline for 500 messages, catches up once and in order", async () => {
    const srv = server();
    const alice = await signUp(srv, "Alice");
    const bob = await signUp(srv, "Bob");
    const storage = new MemoryStorage();
    const tablet = new EdgegramClient({ server: srv.url, serverKey: srv.key, storage, deviceModel: "tablet" });
    await tablet.connect();
    const phoneCode = await tablet.call("auth.sendCode", { phone_number: bob.phone });
    const { devCode } = await import("./story.ts");
    await tablet.call("auth.signIn", {
      phone_number: bob.phone,
      phone_code_hash: phoneCode.phone_code_hash,
      phone_code: await devCode(srv, bob.phone),
    });
    await tablet.updates.start();
    tablet.updates.stop();
    tablet.close(); // offline

    const sent: string[] = [];
    for (let i = 0; i < 500; i += 10) {
      const batch = Array.from({ length: 10 }, (_, j) => `message ${i + j}`);
      // Sent ten at a time; the chat orders them, so the expected order is the one the server gave.
      const results = await Promise.all(batch.map((t) => send(alice.client, userPeer(bob.user), t)));
      for (const r of results.sort((a, b) => a.message.id - b.message.id)) sent.push(r.message.message);
    }

    const back = new EdgegramClient({ server: srv.url, serverKey: srv.key, storage, deviceModel: "tablet" });
    await back.connect();
    const inbox = await Inbox.of(back);
    await inbox.waitFor(500);
    await send(alice.client, userPeer(bob.user), "and one live");
    await inbox.waitFor(501);
    expect(inbox.texts()).toEqual([...sent, "and one live"]);
    expect(new Set(inbox.messages.map((m) => m.id)).size).toBe(501);
    back.close();
    alice.client.close();
    bob.client.close();
  }, 120_000);

  it("20 concurrent senders into one group: every member sees one identical order", async () => {
    const srv = server();
    const people = await Promise.all(Array.from({ length: 4 }, (_, i) => signUp(srv, `Member ${i}`)));
    const [owner, ...rest] = people as [(typeof people)[0], ...typeof people];
    const inboxes = await Promise.all(people.map((p) => Inbox.of(p.client)));
    const { chat } = await owner.client.call("messages.createChat", {
      title: "Busy group",
      users: rest.map((p) => p.user.id),
    });
    const peer = { _: "chat" as const, id: chat.id };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send((people[i % people.length] as (typeof people)[0]).client, peer, `m${i}`),
      ),
    );
    const orders = await Promise.all(inboxes.map(async (inbox) => (await inbox.waitFor(21)).map((m) => m.id)));
    for (const order of orders) expect(order).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    const texts = inboxes.map((i) => i.texts().join(","));
    expect(new Set(texts).size).toBe(1);
    for (const p of people) p.client.close();
  });

  it("a send retried with the same random_id after a dropped connection creates one message", async () => {
    const srv = server();
    const alice = await signUp(srv, "Alice");
    const bob = await signUp(srv, "Bob");
    const rid = randomId();
    const first = send(alice.client, userPeer(bob.user), "exactly once", rid);
    alice.client.dropConnection();
    const a = await first;
    const b = await send(alice.client, userPeer(bob.user), "exactly once", rid);
    expect(b.message.id).toBe(a.message.id);
    const history = await bob.client.call("messages.getHistory", { peer: userPeer(alice.user) });
    expect(history.messages.map((m) => m.message)).toEqual(["exactly once"]);
    alice.client.close();
    bob.client.close();
  });

  it("edits, deletes, reactions, pins and read receipts reach the other side", async () => {
    const srv = server();
    const alice = await signUp(srv, "Alice");
    const bob = await signUp(srv, "Bob");
    const seen: string[] = [];
    bob.client.updates.on("update", (u) => seen.push(u._));
    const aliceSeen: string[] = [];
    alice.client.updates.on("update", (u) => aliceSeen.push(u._));
    await Promise.all([bob.client.updates.start(), alice.client.updates.start()]);
    const { message } = await send(alice.client, userPeer(bob.user), "draft");
    const peer = userPeer(bob.user);
    await alice.client.call("messages.editMessage", { peer, id: message.id, message: "final" });
    await bob.client.call("messages.sendReaction", { peer: userPeer(alice.user), msg_id: message.id, reaction: ["❤️"] });
    await alice.client.call("messages.updatePinnedMessage", { peer, id: message.id });
    await bob.client.call("messages.readHistory", { peer: userPeer(alice.user) });
    await alice.client.call("messages.deleteMessages", { peer, id: [message.id], revoke: true });
    const want = ["updateNewMessage", "updateEditMessage", "updateMessageReactions", "updatePinnedMessages"];
    await waitUntil(() => seen.includes("updateDeleteMessages") && aliceSeen.includes("updateReadHistoryOutbox"));
    expect(seen).toEqual([...want, "updateReadHistoryInbox", "updateDeleteMessages"]);
    expect(aliceSeen).toEqual([...want, "updateReadHistoryOutbox", "updateDeleteMessages"]);
    alice.client.close();
    bob.client.close();
  });

  it("a non-member learns nothing about a group", async () => {
    const srv = server();
    const alice = await signUp(srv, "Alice");
    const eve = await signUp(srv, "Eve");
    const bob = await signUp(srv, "Bob");
    const { chat } = await alice.client.call("messages.createChat", { title: "Secret", users: [bob.user.id] });
    const peer = { _: "chat" as const, id: chat.id };
    await send(alice.client, peer, "the secret");
    const err = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: RpcError) => e.text,
      );
    expect(await err(eve.client.call("messages.getHistory", { peer }))).toBe("PEER_ID_INVALID");
    expect(await err(send(eve.client, peer, "hello?"))).toBe("PEER_ID_INVALID");
    expect(await err(eve.client.call("messages.search", { peer, q: "secret" }))).toBe("PEER_ID_INVALID");
    expect(await err(eve.client.call("messages.getFullChat", { peer }))).toBe("PEER_ID_INVALID");
    expect((await eve.client.call("messages.search", { q: "secret" })).messages).toEqual([]);
    expect((await eve.client.call("messages.getDialogs", {})).dialogs).toEqual([]);
    for (const p of [alice, eve, bob]) p.client.close();
  });
});

async function waitUntil(cond: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
