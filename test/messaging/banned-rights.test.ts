/** Banned rights in the core: channels.editBanned and default rights, enforced on send, edit, pin and invite. */
import { describe, expect, it } from "vitest";
import { errorOf, person, randomId } from "./people.ts";

const now = () => Math.floor(Date.now() / 1000);

async function supergroup() {
  const alice = await person("Alice");
  const bob = await person("Bob");
  const carol = await person("Carol");
  const { chat } = await alice.call("channels.createChannel", { title: "Club", megagroup: true });
  await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [bob.id] });
  const peer = { _: "channel", id: chat.id as number };
  return { alice, bob, carol, channelId: chat.id as number, peer };
}

describe("channels.editBanned", () => {
  it("Should refuse a non-admin, an admin target and a non-member; restrict and lift by rights", async () => {
    const { alice, bob, carol, channelId, peer } = await supergroup();
    const mute = { send_messages: true };
    expect(
      await errorOf(bob, "channels.editBanned", { channel_id: channelId, user_id: alice.id, banned_rights: mute }),
    ).toBe("403 CHAT_ADMIN_REQUIRED");
    expect(
      await errorOf(alice, "channels.editBanned", { channel_id: channelId, user_id: alice.id, banned_rights: mute }),
    ).toBe("400 USER_ADMIN_INVALID");
    expect(
      await errorOf(alice, "channels.editBanned", { channel_id: channelId, user_id: carol.id, banned_rights: mute }),
    ).toBe("400 USER_NOT_PARTICIPANT");
    expect(
      await errorOf(alice, "channels.editBanned", {
        channel_id: channelId,
        user_id: bob.id,
        banned_rights: { send_messages: true, until_date: -5 },
      }),
    ).toBe("400 UNTIL_DATE_INVALID");

    await alice.call("channels.editBanned", { channel_id: channelId, user_id: bob.id, banned_rights: mute });
    const sent = await alice.call("messages.sendMessage", { peer, message: "rules", random_id: randomId() });
    expect(await errorOf(bob, "messages.sendMessage", { peer, message: "hi", random_id: randomId() })).toBe(
      "403 CHAT_WRITE_FORBIDDEN",
    );
    expect(
      await errorOf(bob, "messages.forwardMessages", {
        from_peer: peer,
        to_peer: peer,
        id: [sent.message.id],
        random_id: [randomId()],
      }),
    ).toBe("403 CHAT_WRITE_FORBIDDEN");
    const full = await bob.call("messages.getFullChat", { peer });
    expect(full.chat.banned_rights).toMatchObject({ send_messages: true, until_date: 0 });
    expect(full.participants.find((p: { user_id: number }) => p.user_id === bob.id).banned_rights).toMatchObject({
      send_messages: true,
    });

    await alice.call("channels.editBanned", { channel_id: channelId, user_id: bob.id, banned_rights: {} });
    expect(await errorOf(bob, "messages.sendMessage", { peer, message: "back", random_id: randomId() })).toBe("ok");
  });

  it("Should lift a restriction by itself once until_date passes", async () => {
    const { alice, bob, channelId, peer } = await supergroup();
    await alice.call("channels.editBanned", {
      channel_id: channelId,
      user_id: bob.id,
      banned_rights: { send_plain: true, until_date: now() + 2 },
    });
    expect(await errorOf(bob, "messages.sendMessage", { peer, message: "now?", random_id: randomId() })).toBe(
      "403 CHAT_SEND_PLAIN_FORBIDDEN",
    );
    await new Promise((r) => setTimeout(r, 3100));
    expect(await errorOf(bob, "messages.sendMessage", { peer, message: "now!", random_id: randomId() })).toBe("ok");
    const full = await alice.call("messages.getFullChat", { peer });
    expect(full.participants.find((p: { user_id: number }) => p.user_id === bob.id).banned_rights).toBeUndefined();
  });

  it("Should stop a restricted author from editing their earlier message", async () => {
    const { alice, bob, channelId, peer } = await supergroup();
    const mine = await bob.call("messages.sendMessage", { peer, message: "typo", random_id: randomId() });
    await alice.call("channels.editBanned", {
      channel_id: channelId,
      user_id: bob.id,
      banned_rights: { send_plain: true },
    });
    expect(await errorOf(bob, "messages.editMessage", { peer, id: mine.message.id, message: "fixed" })).toBe(
      "403 CHAT_SEND_PLAIN_FORBIDDEN",
    );
  });

  it("Should judge locations as text, polls by send_polls and files by kind", async () => {
    const { alice, bob, channelId, peer } = await supergroup();
    const send = (media: unknown) => errorOf(bob, "messages.sendMedia", { peer, media, random_id: randomId() });
    const geo = { _: "inputMediaGeoPoint", geo_point: { lat: 52.5, long: 13.4 } };
    const poll = {
      _: "inputMediaPoll",
      poll: {
        question: "Tea?",
        answers: [
          { text: "Yes", option: "0" },
          { text: "No", option: "1" },
        ],
      },
    };
    await alice.call("channels.editBanned", {
      channel_id: channelId,
      user_id: bob.id,
      banned_rights: { send_media: true, send_polls: true },
    });
    expect(await send(geo)).toBe("ok");
    expect(await send(poll)).toBe("403 CHAT_SEND_POLL_FORBIDDEN");
    await alice.call("channels.editBanned", {
      channel_id: channelId,
      user_id: bob.id,
      banned_rights: { send_plain: true },
    });
    expect(await send(geo)).toBe("403 CHAT_SEND_PLAIN_FORBIDDEN");
    expect(await send(poll)).toBe("ok");
  });
});

describe("messages.editChatDefaultBannedRights", () => {
  it("Should take pinning and inviting from plain members of a basic group, not from its admins", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const carol = await person("Carol");
    const { chat } = await alice.call("messages.createChat", { title: "Family", users: [bob.id] });
    const peer = { _: "chat", id: chat.id };
    const msg = await alice.call("messages.sendMessage", { peer, message: "pin me", random_id: randomId() });
    expect(
      await errorOf(bob, "messages.editChatDefaultBannedRights", { peer, banned_rights: { pin_messages: true } }),
    ).toBe("403 CHAT_ADMIN_REQUIRED");
    const r = await alice.call("messages.editChatDefaultBannedRights", {
      peer,
      banned_rights: { pin_messages: true, invite_users: true },
    });
    expect(r.chat.default_banned_rights).toMatchObject({ pin_messages: true, invite_users: true });
    expect(await errorOf(bob, "messages.updatePinnedMessage", { peer, id: msg.message.id })).toBe(
      "403 CHAT_ADMIN_REQUIRED",
    );
    expect(await errorOf(bob, "messages.addChatUser", { chat_id: chat.id, user_id: carol.id })).toBe(
      "403 CHAT_ADMIN_REQUIRED",
    );
    expect(await errorOf(bob, "messages.sendMessage", { peer, message: "text is fine", random_id: randomId() })).toBe(
      "ok",
    );
    expect(await errorOf(alice, "messages.updatePinnedMessage", { peer, id: msg.message.id })).toBe("ok");
    expect(
      await errorOf(bob, "messages.editChatDefaultBannedRights", {
        peer: { _: "user", id: alice.id },
        banned_rights: {},
      }),
    ).toBe("400 PEER_ID_INVALID");
  });
});
