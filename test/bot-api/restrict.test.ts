/** restrictChatMember / setChatPermissions: an admin bot takes rights away, the core enforces them, and gives them back. */
import { describe, expect, it } from "vitest";
import { errorOf, type Person, person, randomId, say } from "../messaging/people.ts";
import { botCall, ownerWithBot } from "./helpers.ts";

const channelChatId = (id: number) => -(1_000_000_000_000 + id);
const NONE = {
  can_send_messages: false,
  can_send_photos: false,
  can_send_documents: false,
  can_send_other_messages: false,
};
const ALL = {
  can_send_messages: true,
  can_send_audios: true,
  can_send_documents: true,
  can_send_photos: true,
  can_send_videos: true,
  can_send_video_notes: true,
  can_send_voice_notes: true,
  can_send_polls: true,
  can_send_other_messages: true,
  can_add_web_page_previews: true,
  can_change_info: true,
  can_invite_users: true,
  can_pin_messages: true,
};

/** Alice's supergroup with Bob and her bot in it; the bot is an admin unless `admin` is false. */
async function supergroupWithBot(admin = true) {
  const { owner: alice, token, botId } = await ownerWithBot("Alice");
  const bob = await person("Bob");
  const { chat } = await alice.call("channels.createChannel", { title: "Club", megagroup: true });
  await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [bob.id, botId] });
  if (admin) await alice.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true });
  return { alice, bob, token, botId, channelId: chat.id as number, chatId: channelChatId(chat.id) };
}

const post = (p: Person, channelId: number, text: string) =>
  errorOf(p, "messages.sendMessage", { peer: { _: "channel", id: channelId }, message: text, random_id: randomId() });

describe("restrictChatMember", () => {
  it("Should stop a restricted member from sending, show them as restricted, and lift it with all permissions", async () => {
    const { bob, token, channelId, chatId } = await supergroupWithBot();
    expect(await post(bob, channelId, "before")).toBe("ok");

    const r = await botCall(token, "restrictChatMember", { chat_id: chatId, user_id: bob.id, permissions: NONE });
    expect(r.body).toEqual({ ok: true, result: true });
    expect(await post(bob, channelId, "muted?")).toBe("403 CHAT_WRITE_FORBIDDEN");
    expect(
      await errorOf(bob, "messages.sendMedia", {
        peer: { _: "channel", id: channelId },
        media: { media_id: "a".repeat(16), access_hash: "b".repeat(16) },
        random_id: randomId(),
      }),
    ).toBe("403 CHAT_WRITE_FORBIDDEN");

    const m = await botCall(token, "getChatMember", { chat_id: chatId, user_id: bob.id });
    expect(m.body.result).toMatchObject({
      status: "restricted",
      user: { id: bob.id },
      is_member: true,
      can_send_messages: false,
      can_send_photos: false,
      can_pin_messages: false,
      until_date: 0,
    });

    const lift = await botCall(token, "restrictChatMember", { chat_id: chatId, user_id: bob.id, permissions: ALL });
    expect(lift.body.ok).toBe(true);
    expect((await botCall(token, "getChatMember", { chat_id: chatId, user_id: bob.id })).body.result.status).toBe(
      "member",
    );
    expect(await post(bob, channelId, "free again")).toBe("ok");
  });

  it("Should keep text but refuse media when only text is allowed (independent permissions)", async () => {
    const { bob, token, channelId, chatId } = await supergroupWithBot();
    const r = await botCall(token, "restrictChatMember", {
      chat_id: chatId,
      user_id: bob.id,
      permissions: { can_send_messages: true },
      use_independent_chat_permissions: true,
      until_date: Math.floor(Date.now() / 1000) + 3600,
    });
    expect(r.body.ok).toBe(true);
    expect(await post(bob, channelId, "text is fine")).toBe("ok");
    expect(
      await errorOf(bob, "messages.sendMedia", {
        peer: { _: "channel", id: channelId },
        media: { media_id: "a".repeat(16), access_hash: "b".repeat(16) },
        random_id: randomId(),
      }),
    ).toBe("403 CHAT_SEND_MEDIA_FORBIDDEN");
    const m = await botCall(token, "getChatMember", { chat_id: chatId, user_id: bob.id });
    expect(m.body.result).toMatchObject({ status: "restricted", can_send_messages: true, can_send_photos: false });
    expect(m.body.result.until_date).toBeGreaterThan(Date.now() / 1000);
  });

  it("Should refuse a bot that is no admin, the owner as a target, basic groups and strangers, in Telegram's words", async () => {
    const { alice, bob, token, chatId } = await supergroupWithBot(false);
    const notAdmin = await botCall(token, "restrictChatMember", {
      chat_id: chatId,
      user_id: bob.id,
      permissions: NONE,
    });
    expect(notAdmin.body).toMatchObject({
      ok: false,
      error_code: 400,
      description: "Bad Request: not enough rights to restrict/unrestrict chat member",
    });

    const admin = await supergroupWithBot();
    const owner = await botCall(admin.token, "restrictChatMember", {
      chat_id: admin.chatId,
      user_id: admin.alice.id,
      permissions: NONE,
    });
    expect(owner.body).toMatchObject({
      ok: false,
      error_code: 400,
      description: "Bad Request: user is an administrator of the chat",
    });
    expect(await post(admin.alice, admin.channelId, "still the owner")).toBe("ok");

    const self = await botCall(admin.token, "restrictChatMember", {
      chat_id: admin.chatId,
      user_id: admin.botId,
      permissions: NONE,
    });
    expect(self.body.description).toBe("Bad Request: can't restrict self");

    const { chat: group } = await alice.call("messages.createChat", { title: "Basic", users: [bob.id] });
    const basic = await botCall(token, "restrictChatMember", {
      chat_id: -group.id,
      user_id: bob.id,
      permissions: NONE,
    });
    expect(basic.body.description).toBe("Bad Request: method is available only for supergroups");

    const { token: stranger } = await ownerWithBot("Mallory");
    const outside = await botCall(stranger, "restrictChatMember", {
      chat_id: admin.chatId,
      user_id: admin.bob.id,
      permissions: NONE,
    });
    expect(outside.body).toMatchObject({ ok: false, error_code: 400, description: "Bad Request: chat not found" });

    const bad = await botCall(admin.token, "restrictChatMember", { chat_id: admin.chatId, user_id: admin.bob.id });
    expect(bad.body).toMatchObject({ ok: false, error_code: 400 });
    expect(await post(admin.bob, admin.channelId, "never restricted")).toBe("ok");
  });
});

describe("setChatPermissions", () => {
  it("Should take text away from every plain member but not from admins, and show it in getChat", async () => {
    const { alice, bob, token, channelId, chatId } = await supergroupWithBot();
    const r = await botCall(token, "setChatPermissions", {
      chat_id: chatId,
      permissions: { can_send_photos: true },
      use_independent_chat_permissions: true,
    });
    expect(r.body).toEqual({ ok: true, result: true });
    expect(await post(bob, channelId, "text?")).toBe("403 CHAT_SEND_PLAIN_FORBIDDEN");
    expect(await post(alice, channelId, "the owner still talks")).toBe("ok");
    const chat = await botCall(token, "getChat", { chat_id: chatId });
    expect(chat.body.result.permissions).toMatchObject({ can_send_messages: false, can_send_photos: true });

    await botCall(token, "setChatPermissions", { chat_id: chatId, permissions: ALL });
    expect(await post(bob, channelId, "text again")).toBe("ok");
  });

  it("Should work in basic groups and refuse a bot that is no admin", async () => {
    const { owner: alice, token, botId } = await ownerWithBot("Alice");
    const bob = await person("Bob");
    const { chat } = await alice.call("messages.createChat", { title: "Family", users: [bob.id, botId] });
    const refused = await botCall(token, "setChatPermissions", { chat_id: -chat.id, permissions: {} });
    expect(refused.body.description).toBe("Bad Request: not enough rights to restrict/unrestrict chat member");
    await alice.call("messages.editChatAdmin", { chat_id: chat.id, user_id: botId, is_admin: true });
    const ok = await botCall(token, "setChatPermissions", { chat_id: -chat.id, permissions: {} });
    expect(ok.body.ok).toBe(true);
    expect(await say(bob, { _: "chat", id: chat.id }, "hello?").catch((e: Error) => e.message)).toBe(
      "403 CHAT_WRITE_FORBIDDEN",
    );
  });
});
