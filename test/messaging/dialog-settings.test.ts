/**
 * Mute, pin and archive: a user's own dialog settings, as getDialogs lists them, as the user's other
 * devices learn them (pushed, and by getDifference), and what bad input gets.
 */
import { describe, expect, it } from "vitest";
import { devCode, RawDevice } from "../gateway/raw-device.ts";
import { errorOf, type Loose, type Person, person, pushed, say, userPeer } from "./people.ts";

const FOREVER = 2147483647;
const chatPeer = (id: number) => ({ _: "chat", id });

/** The same user on a second device (a new auth key signed in with the same phone). */
async function secondDevice(p: Person): Promise<Person> {
  const dev = await RawDevice.connect();
  const sent = (await dev.call("auth.sendCode", { phone_number: p.phone })) as Loose;
  await dev.call("auth.signIn", {
    phone_number: p.phone,
    phone_code_hash: sent.phone_code_hash,
    phone_code: await devCode(p.phone),
  });
  return { ...p, dev, call: (m, params = {}) => dev.call(m, params) as Promise<never> };
}

const peersOf = (r: Loose) => r.dialogs.map((d: Loose) => d.peer);
const dialogOf = (r: Loose, peer: unknown) =>
  r.dialogs.find((d: Loose) => JSON.stringify(d.peer) === JSON.stringify(peer));

describe("dialog settings", () => {
  it("pins put dialogs first in pin order, at most five, and the user's other device follows", async () => {
    const [bob, alice] = await Promise.all([person("Bob"), person("Alice")]);
    // Six groups of Bob's, the oldest first, and a private chat newest of all.
    const groups: number[] = [];
    for (let i = 0; i < 6; i++)
      groups.push((await bob.call("messages.createChat", { title: `G${i}`, users: [alice.id] })).chat.id);
    // (The laptop's sign-in brings a login-code message from the service account: older than "newest".)
    const laptop = await secondDevice(bob);
    await say(alice, bob, "newest");

    await bob.call("messages.toggleDialogPin", { peer: chatPeer(groups[0] as number), pinned: true });
    const onLaptop = await pushed(laptop, "updateDialogPinned");
    expect(onLaptop).toMatchObject({ peer: chatPeer(groups[0] as number), pinned: true, folder_id: 0, pts_count: 1 });
    await bob.call("messages.toggleDialogPin", { peer: chatPeer(groups[1] as number), pinned: true });

    const list = await laptop.call("messages.getDialogs", {});
    // The newest pin first, then the rest by last message.
    expect(peersOf(list).slice(0, 3)).toEqual([
      chatPeer(groups[1] as number),
      chatPeer(groups[0] as number),
      userPeer(alice),
    ]);
    expect(list.dialogs[0].pinned).toBe(true);
    expect(list.dialogs[2].pinned).toBeUndefined();

    for (const id of groups.slice(2, 5))
      await bob.call("messages.toggleDialogPin", { peer: chatPeer(id), pinned: true });
    expect(await errorOf(bob, "messages.toggleDialogPin", { peer: chatPeer(groups[5] as number), pinned: true })).toBe(
      "400 PINNED_DIALOGS_TOO_MUCH",
    );
    // Unpinning one makes room again; pinning a pinned dialog changes nothing.
    await bob.call("messages.toggleDialogPin", { peer: chatPeer(groups[2] as number), pinned: false });
    await bob.call("messages.toggleDialogPin", { peer: chatPeer(groups[5] as number), pinned: true });
    const pinned = (await bob.call("messages.getDialogs", {})).dialogs.filter((d: Loose) => d.pinned);
    expect(pinned.map((d: Loose) => d.peer.id)).toEqual([groups[5], groups[4], groups[3], groups[1], groups[0]]);

    // Reordering: named ones first; with force, the ones left out are unpinned.
    await bob.call("messages.reorderPinnedDialogs", {
      order: [chatPeer(groups[0] as number), userPeer(alice)],
      force: true,
    });
    const reordered = await pushed(laptop, "updatePinnedDialogs");
    expect(reordered).toMatchObject({ folder_id: 0, order: [chatPeer(groups[0] as number), userPeer(alice)] });
    const after = await bob.call("messages.getDialogs", {});
    expect(after.dialogs.filter((d: Loose) => d.pinned).map((d: Loose) => d.peer)).toEqual([
      chatPeer(groups[0] as number),
      userPeer(alice),
    ]);
    expect(after.dialogs).toHaveLength(8);
    expect(await errorOf(bob, "messages.reorderPinnedDialogs", { order: groups.map(chatPeer), force: true })).toBe(
      "400 PINNED_DIALOGS_TOO_MUCH",
    );
  });

  it("archived dialogs leave the main list, and a new message in one not muted brings it back", async () => {
    const [bob, alice, carol] = await Promise.all([person("Bob"), person("Alice"), person("Carol")]);
    await say(alice, bob, "from alice");
    await say(carol, bob, "from carol");
    await bob.call("messages.toggleDialogPin", { peer: userPeer(alice), pinned: true });
    const before = await bob.call("updates.getState", {});

    await bob.call("folders.editPeerFolders", {
      folder_peers: [
        { peer: userPeer(alice), folder_id: 1 },
        { peer: userPeer(carol), folder_id: 1 },
      ],
    });
    const moved = await pushed(bob, "updateFolderPeers");
    expect(moved.folder_peers).toEqual([
      { peer: userPeer(alice), folder_id: 1 },
      { peer: userPeer(carol), folder_id: 1 },
    ]);
    expect((await bob.call("messages.getDialogs", { folder_id: 0 })).dialogs).toEqual([]);
    const archive = await bob.call("messages.getDialogs", { folder_id: 1 });
    expect(peersOf(archive)).toEqual([userPeer(carol), userPeer(alice)]);
    // Archiving unpinned Alice's chat (pins are per folder).
    expect(archive.dialogs.map((d: Loose) => [d.folder_id, d.pinned])).toEqual([
      [1, undefined],
      [1, undefined],
    ]);
    expect(archive.messages.map((m: Loose) => m.message).sort()).toEqual(["from alice", "from carol"]);
    // Without a folder: both lists, the archived ones marked.
    expect((await bob.call("messages.getDialogs", {})).dialogs).toHaveLength(2);

    // Carol's chat is muted: it stays archived; Alice's is not: her message brings it back.
    await bob.call("account.updateNotifySettings", { peer: userPeer(carol), settings: { mute_until: FOREVER } });
    await say(carol, bob, "still archived");
    await say(alice, bob, "back to main");
    const back = await pushed(bob, "updateFolderPeers", (u) => u.folder_peers[0].folder_id === 0);
    expect(back.folder_peers).toEqual([{ peer: userPeer(alice), folder_id: 0 }]);
    expect(peersOf(await bob.call("messages.getDialogs", { folder_id: 0 }))).toEqual([userPeer(alice)]);
    expect(peersOf(await bob.call("messages.getDialogs", { folder_id: 1 }))).toEqual([userPeer(carol)]);

    // A device that was offline gets every change from the log, in order, with the messages.
    const d = await bob.call("updates.getDifference", { pts: before.pts });
    expect(d.updates.map((u: Loose) => u._)).toEqual([
      "updateFolderPeers",
      "updateNotifySettings",
      "updateNewMessage",
      "updateNewMessage",
      "updateFolderPeers",
    ]);
    expect(d.updates.map((u: Loose) => u.pts)).toEqual([1, 2, 3, 4, 5].map((i) => before.pts + i));
  });

  it("mute and silent are kept per dialog, shown in getDialogs and sent to the other device", async () => {
    const [bob, alice] = await Promise.all([person("Bob"), person("Alice")]);
    await say(alice, bob, "hi");
    const laptop = await secondDevice(bob);
    const peer = userPeer(alice);
    expect(await bob.call("account.getNotifySettings", { peer })).toEqual({});

    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    await bob.call("account.updateNotifySettings", { peer, settings: { mute_until: inAnHour } });
    expect((await pushed(laptop, "updateNotifySettings")).notify_settings).toEqual({ mute_until: inAnHour });
    await bob.call("account.updateNotifySettings", { peer, settings: { silent: true } });
    expect(await laptop.call("account.getNotifySettings", { peer })).toEqual({ mute_until: inAnHour, silent: true });
    expect(dialogOf(await laptop.call("messages.getDialogs", {}), peer).notify_settings).toEqual({
      mute_until: inAnHour,
      silent: true,
    });

    await bob.call("account.updateNotifySettings", { peer, settings: { mute_until: 0, silent: false } });
    expect(dialogOf(await bob.call("messages.getDialogs", {}), peer).notify_settings).toBeUndefined();
    // Alice's own settings are hers: Bob's mute changed nothing for her.
    expect(await alice.call("account.getNotifySettings", { peer: userPeer(bob) })).toEqual({});
  });

  it("a chat left and rejoined starts with no settings, as on Telegram", async () => {
    const [bob, alice] = await Promise.all([person("Bob"), person("Alice")]);
    const { chat } = await alice.call("messages.createChat", { title: "Revolving door", users: [bob.id] });
    const peer = chatPeer(chat.id);
    await bob.call("messages.toggleDialogPin", { peer, pinned: true });
    await bob.call("account.updateNotifySettings", { peer, settings: { mute_until: FOREVER } });
    await bob.call("messages.deleteChatUser", { chat_id: chat.id, user_id: bob.id });
    expect(peersOf(await bob.call("messages.getDialogs", {}))).not.toContainEqual(peer);
    await alice.call("messages.addChatUser", { chat_id: chat.id, user_id: bob.id });
    await say(alice, peer, "welcome back");
    const back = dialogOf(await bob.call("messages.getDialogs", {}), peer);
    expect([back.pinned, back.notify_settings]).toEqual([undefined, undefined]);
  });

  it("refuses chats the user is not in and bad values, changing nothing", async () => {
    const [bob, alice, mallory] = await Promise.all([person("Bob"), person("Alice"), person("Mallory")]);
    const { chat } = await alice.call("messages.createChat", { title: "Not Mallory's", users: [bob.id] });
    await say(alice, bob, "hi");
    const state = await mallory.call("updates.getState", {});
    for (const peer of [chatPeer(chat.id), userPeer(bob), { _: "channel", id: 424242 }]) {
      expect(await errorOf(mallory, "messages.toggleDialogPin", { peer, pinned: true })).toBe("400 PEER_ID_INVALID");
      expect(await errorOf(mallory, "account.updateNotifySettings", { peer, settings: { mute_until: FOREVER } })).toBe(
        "400 PEER_ID_INVALID",
      );
      expect(await errorOf(mallory, "account.getNotifySettings", { peer })).toBe("400 PEER_ID_INVALID");
      expect(await errorOf(mallory, "folders.editPeerFolders", { folder_peers: [{ peer, folder_id: 1 }] })).toBe(
        "400 PEER_ID_INVALID",
      );
      expect(await errorOf(mallory, "messages.reorderPinnedDialogs", { order: [peer] })).toBe("400 PEER_ID_INVALID");
    }
    expect((await mallory.call("updates.getState", {})).pts).toBe(state.pts);

    const peer = userPeer(alice);
    const bad: [string, unknown, string][] = [
      ["account.updateNotifySettings", { peer, settings: { mute_until: FOREVER + 1 } }, "400 MUTE_UNTIL_INVALID"],
      ["account.updateNotifySettings", { peer, settings: { mute_until: -1 } }, "400 MUTE_UNTIL_INVALID"],
      ["account.updateNotifySettings", { peer, settings: { mute_until: 1.5 } }, "400 MUTE_UNTIL_INVALID"],
      ["folders.editPeerFolders", { folder_peers: [{ peer, folder_id: 2 }] }, "400 FOLDER_ID_INVALID"],
      ["folders.editPeerFolders", { folder_peers: [] }, "400 FOLDER_PEERS_EMPTY"],
      ["messages.getDialogs", { folder_id: 7 }, "400 FOLDER_ID_INVALID"],
      ["messages.reorderPinnedDialogs", { folder_id: 3, order: [] }, "400 FOLDER_ID_INVALID"],
    ];
    for (const [method, params, error] of bad) expect(await errorOf(bob, method, params)).toBe(error);
    // One bad peer in a batch moves none of them.
    expect(
      await errorOf(bob, "folders.editPeerFolders", {
        folder_peers: [
          { peer, folder_id: 1 },
          { peer: userPeer(mallory), folder_id: 1 },
        ],
      }),
    ).toBe("400 PEER_ID_INVALID");
    expect(dialogOf(await bob.call("messages.getDialogs", {}), peer).folder_id).toBeUndefined();
  });
});
