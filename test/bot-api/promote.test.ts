/** Administration by a bot: promoting with chosen rights, custom titles and the chat's description, with Telegram's refusals. */
import { describe, expect, it } from "vitest";
import { person } from "../messaging/people.ts";
import { botCall, ownerWithBot } from "./helpers.ts";

const channelChatId = (id: number) => -(1_000_000_000_000 + id);

/** A supergroup with Alice (creator), Bob and the bot; the bot is an admin with `rights` (null: a plain member). */
async function club(rights: Record<string, boolean> | null) {
  const { owner: alice, token, botId } = await ownerWithBot("Alice");
  const bob = await person("Bob");
  const { chat } = await alice.call("channels.createChannel", { title: "Club", megagroup: true });
  await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [bob.id, botId] });
  if (rights)
    await alice.call("channels.editAdmin", {
      channel_id: chat.id,
      user_id: botId,
      is_admin: true,
      admin_rights: rights,
    });
  return { alice, bob, token, botId, channelId: chat.id as number, chatId: channelChatId(chat.id) };
}

describe("promoteChatMember", () => {
  it("Should grant exactly the rights asked for, and demote when none are", async () => {
    const { bob, token, chatId } = await club({ add_admins: true, pin_messages: true, manage_topics: true });
    const r = await botCall(token, "promoteChatMember", {
      chat_id: chatId,
      user_id: bob.id,
      can_pin_messages: true,
      can_manage_topics: true,
    });
    expect(r.body).toEqual({ ok: true, result: true });
    const m = await botCall(token, "getChatMember", { chat_id: chatId, user_id: bob.id });
    expect(m.body.result).toMatchObject({
      status: "administrator",
      can_pin_messages: true,
      can_manage_topics: true,
      can_change_info: false,
      can_promote_members: false,
      can_delete_messages: false,
    });
    // Bob now sees himself as an admin with those rights.
    const full = await bob.call("messages.getFullChat", { peer: { _: "channel", id: -chatId - 1_000_000_000_000 } });
    expect(full.chat.admin_rights).toMatchObject({ pin_messages: true, manage_topics: true, change_info: false });

    const down = await botCall(token, "promoteChatMember", {
      chat_id: chatId,
      user_id: bob.id,
      can_pin_messages: false,
    });
    expect(down.body.ok).toBe(true);
    const after = await botCall(token, "getChatMember", { chat_id: chatId, user_id: bob.id });
    expect(after.body.result.status).toBe("member");
  });

  it("Should refuse a bot without the right to promote, rights it lacks itself, itself and the owner", async () => {
    const plain = await club({ pin_messages: true });
    const denied = await botCall(plain.token, "promoteChatMember", {
      chat_id: plain.chatId,
      user_id: plain.bob.id,
      can_pin_messages: true,
    });
    expect(denied.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: not enough rights" });

    const { alice, bob, token, botId, chatId } = await club({ add_admins: true, pin_messages: true });
    const beyond = await botCall(token, "promoteChatMember", {
      chat_id: chatId,
      user_id: bob.id,
      can_change_info: true,
    });
    expect(beyond.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: RIGHT_FORBIDDEN" });
    expect((await botCall(token, "getChatMember", { chat_id: chatId, user_id: bob.id })).body.result.status).toBe(
      "member",
    );
    const self = await botCall(token, "promoteChatMember", { chat_id: chatId, user_id: botId, can_pin_messages: true });
    expect(self.body.description).toBe("Bad Request: can't promote self");
    const owner = await botCall(token, "promoteChatMember", { chat_id: chatId, user_id: alice.id });
    expect(owner.body.description).toBe("Bad Request: can't remove chat owner");
    const priv = await botCall(token, "promoteChatMember", { chat_id: bob.id, user_id: bob.id });
    expect(priv.body.description).toBe("Bad Request: method is not available for private chats");
  });
});

describe("setChatAdministratorCustomTitle", () => {
  it("Should give an admin a title that getChatMember shows", async () => {
    const { bob, token, chatId } = await club({ add_admins: true, pin_messages: true });
    await botCall(token, "promoteChatMember", { chat_id: chatId, user_id: bob.id, can_pin_messages: true });
    const r = await botCall(token, "setChatAdministratorCustomTitle", {
      chat_id: chatId,
      user_id: bob.id,
      custom_title: "Librarian",
    });
    expect(r.body).toEqual({ ok: true, result: true });
    const m = await botCall(token, "getChatMember", { chat_id: chatId, user_id: bob.id });
    expect(m.body.result).toMatchObject({ status: "administrator", custom_title: "Librarian", can_pin_messages: true });
  });

  it("Should refuse a plain member, a title too long or with emoji", async () => {
    const { bob, alice, token, chatId } = await club({ add_admins: true });
    const plain = await botCall(token, "setChatAdministratorCustomTitle", {
      chat_id: chatId,
      user_id: bob.id,
      custom_title: "Boss",
    });
    expect(plain.body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: user is not an administrator",
    });
    const long = await botCall(token, "setChatAdministratorCustomTitle", {
      chat_id: chatId,
      user_id: alice.id,
      custom_title: "x".repeat(17),
    });
    expect(long.body.description).toBe("Bad Request: custom title is too long");
    const emoji = await botCall(token, "setChatAdministratorCustomTitle", {
      chat_id: chatId,
      user_id: alice.id,
      custom_title: "Boss 👑",
    });
    expect(emoji.body.description).toBe("Bad Request: custom title can't contain emoji");
    const m = await botCall(token, "getChatMember", { chat_id: chatId, user_id: alice.id });
    expect(m.body.result.custom_title).toBeUndefined();
  });
});

describe("setChatDescription", () => {
  it("Should set the description getChat shows, and refuse the same one again", async () => {
    const { bob, token, chatId, channelId } = await club({ change_info: true });
    const r = await botCall(token, "setChatDescription", { chat_id: chatId, description: "We read books" });
    expect(r.body).toEqual({ ok: true, result: true });
    expect((await botCall(token, "getChat", { chat_id: chatId })).body.result.description).toBe("We read books");
    const full = await bob.call("messages.getFullChat", { peer: { _: "channel", id: channelId } });
    expect(full.chat.about).toBe("We read books");
    const again = await botCall(token, "setChatDescription", { chat_id: chatId, description: "We read books" });
    expect(again.body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: chat description is not modified",
    });
    const long = await botCall(token, "setChatDescription", { chat_id: chatId, description: "x".repeat(256) });
    expect(long.body.description).toBe("Bad Request: chat description is too long");
  });

  it("Should refuse an admin without change_info and a private chat", async () => {
    const { bob, token, chatId } = await club({ pin_messages: true });
    const denied = await botCall(token, "setChatDescription", { chat_id: chatId, description: "Mine" });
    expect(denied.body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: not enough rights to set chat description",
    });
    expect((await botCall(token, "getChat", { chat_id: chatId })).body.result.description).toBeUndefined();
    const priv = await botCall(token, "setChatDescription", { chat_id: bob.id, description: "x" });
    expect(priv.body.description).toBe("Bad Request: chat description can't be changed in private chats");
  });
});
