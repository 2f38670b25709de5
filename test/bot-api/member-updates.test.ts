/** my_chat_member, chat_member and message_reaction: who a bot hears about, and when (Telegram's rules). */
import { describe, expect, it } from "vitest";
import { person, randomId, say } from "../messaging/people.ts";
import { botCall, type Loose, ownerWithBot } from "./helpers.ts";

/** Chooses which update types the bot gets, dropping everything pending. */
async function choose(token: string, allowed: string[]): Promise<void> {
  const r = await botCall(token, "getUpdates", { timeout: 0, allowed_updates: allowed });
  const last = (r.body.result as Loose[]).at(-1);
  if (last) await botCall(token, "getUpdates", { offset: last.update_id + 1, timeout: 0 });
}

/** Polls (confirming as it goes) until `n` updates of `type` arrived, or a poll comes back empty. */
async function collect(token: string, type: string, n: number): Promise<Loose[]> {
  const found: Loose[] = [];
  let offset = 0;
  for (let i = 0; i < 10 && found.length < n; i++) {
    const r = await botCall(token, "getUpdates", { offset, timeout: 2 });
    const updates = r.body.result as Loose[];
    if (updates.length === 0) break;
    for (const u of updates) {
      offset = u.update_id + 1;
      if (u[type]) found.push(u[type]);
    }
  }
  if (offset > 0) await botCall(token, "getUpdates", { offset, timeout: 0 });
  return found;
}

describe("my_chat_member", () => {
  it("Should tell a bot it was added, promoted and removed, with who did it", async () => {
    const { owner: alice, token, botId } = await ownerWithBot("Alice");
    const bob = await person("Bob");
    await choose(token, ["message", "my_chat_member"]);
    const { chat } = await alice.call("messages.createChat", { title: "Family", users: [bob.id, botId] });
    await alice.call("messages.editChatAdmin", { chat_id: chat.id, user_id: botId, is_admin: true });
    await alice.call("messages.deleteChatUser", { chat_id: chat.id, user_id: botId });
    const mine = await collect(token, "my_chat_member", 3);
    expect(mine.map((u) => [u.old_chat_member.status, u.new_chat_member.status])).toEqual([
      ["left", "member"],
      ["member", "administrator"],
      ["administrator", "left"],
    ]);
    expect(mine[0]).toMatchObject({
      chat: { id: -chat.id, type: "group", title: "Family" },
      from: { id: alice.id, first_name: "Alice" },
      new_chat_member: { user: { id: botId, is_bot: true } },
    });
  });
});

describe("chat_member", () => {
  it("Should reach an admin bot that asked for it: restricted, lifted and left, with old and new member", async () => {
    const { owner: alice, token, botId } = await ownerWithBot("Alice");
    const bob = await person("Bob");
    const { chat } = await alice.call("channels.createChannel", { title: "Club", megagroup: true });
    await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [botId] });
    await alice.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true });
    await choose(token, ["chat_member", "my_chat_member"]);

    await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [bob.id] });
    await alice.call("channels.editBanned", {
      channel_id: chat.id,
      user_id: bob.id,
      banned_rights: { send_messages: true, send_plain: true, send_media: true },
    });
    await alice.call("channels.editBanned", { channel_id: chat.id, user_id: bob.id, banned_rights: {} });
    await bob.call("channels.leaveChannel", { channel_id: chat.id });
    const members = await collect(token, "chat_member", 4);
    expect(members.map((u) => [u.from.id, u.old_chat_member.status, u.new_chat_member.status])).toEqual([
      [alice.id, "left", "member"],
      [alice.id, "member", "restricted"],
      [alice.id, "restricted", "member"],
      [bob.id, "member", "left"],
    ]);
    expect(members[1].new_chat_member).toMatchObject({
      user: { id: bob.id },
      can_send_messages: false,
      until_date: 0,
    });
    expect(members[1].chat).toMatchObject({ id: -(1_000_000_000_000 + chat.id), type: "supergroup" });
  });

  it("Should not reach a bot that did not ask for chat_member, nor one that is no admin", async () => {
    const { owner: alice, token, botId } = await ownerWithBot("Alice");
    const other = await ownerWithBot("Olga");
    const bob = await person("Bob");
    const { chat } = await alice.call("channels.createChannel", { title: "Club", megagroup: true });
    await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [botId, other.botId] });
    await alice.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true });
    await choose(token, ["message", "my_chat_member"]);
    await choose(other.token, ["chat_member", "my_chat_member", "message"]);
    await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [bob.id] });
    // Olga's bot (no admin) still hears about itself, never about Bob; Alice's admin bot did not ask.
    expect(await collect(token, "chat_member", 1)).toEqual([]);
    expect(await collect(other.token, "chat_member", 1)).toEqual([]);
  }, 20_000); // two empty 2-second long polls by design: the 5 s default is too tight on a busy machine
});

describe("message_reaction", () => {
  it("Should tell a bot who changed their reaction from what to what, in its private chat", async () => {
    const { owner: alice, token, botId } = await ownerWithBot("Alice");
    await say(alice, { id: botId }, "/start");
    const sent = await botCall(token, "sendMessage", { chat_id: alice.id, text: "rate me" });
    await choose(token, ["message_reaction", "message"]);
    const peer = { _: "user", id: botId };
    const msgId = sent.body.result.message_id;
    await alice.call("messages.sendReaction", { peer, msg_id: msgId, reaction: ["👍"] });
    await alice.call("messages.sendReaction", { peer, msg_id: msgId, reaction: ["❤"] });
    await alice.call("messages.sendReaction", { peer, msg_id: msgId, reaction: ["❤"] });
    await alice.call("messages.sendReaction", { peer, msg_id: msgId, reaction: [] });
    const reactions = await collect(token, "message_reaction", 3);
    expect(
      reactions.map((r) => [r.old_reaction.map((x: Loose) => x.emoji), r.new_reaction.map((x: Loose) => x.emoji)]),
    ).toEqual([
      [[], ["👍"]],
      [["👍"], ["❤"]],
      [["❤"], []],
    ]);
    expect(reactions[0]).toMatchObject({
      chat: { id: alice.id, type: "private" },
      message_id: msgId,
      user: { id: alice.id, first_name: "Alice" },
    });
  });

  it("Should reach an admin bot in a group but not a plain member bot", async () => {
    const { owner: alice, token, botId } = await ownerWithBot("Alice");
    const plain = await ownerWithBot("Olga");
    const { chat } = await alice.call("messages.createChat", { title: "Family", users: [botId, plain.botId] });
    await alice.call("messages.editChatAdmin", { chat_id: chat.id, user_id: botId, is_admin: true });
    const peer = { _: "chat", id: chat.id };
    const msg = await alice.call("messages.sendMessage", { peer, message: "vote", random_id: randomId() });
    await choose(token, ["message_reaction"]);
    await choose(plain.token, ["message_reaction"]);
    await alice.call("messages.sendReaction", { peer, msg_id: msg.message.id, reaction: ["🔥"] });
    expect(await collect(token, "message_reaction", 1)).toHaveLength(1);
    expect(await collect(plain.token, "message_reaction", 1)).toEqual([]);
  });
});
