/** banChatMember / unbanChatMember in supergroups: a ban list (channels.editBanned view_messages), as Telegram. */
import { describe, expect, it } from "vitest";
import { errorOf, person } from "../messaging/people.ts";
import { botCall, type Loose, ownerWithBot } from "./helpers.ts";

const channelChatId = (id: number) => -(1_000_000_000_000 + id);

/** Alice's public supergroup with Bob and her admin bot. */
async function club() {
  const { owner: alice, token, botId } = await ownerWithBot("Alice");
  const bob = await person("Bob");
  const { chat } = await alice.call("channels.createChannel", { title: "Club", megagroup: true, public: true });
  await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [bob.id, botId] });
  await alice.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true });
  return { alice, bob, token, botId, channelId: chat.id as number, chatId: channelChatId(chat.id) };
}

const status = async (token: string, chatId: number, userId: number) =>
  (await botCall(token, "getChatMember", { chat_id: chatId, user_id: userId })).body.result;

describe("banChatMember in a supergroup", () => {
  it("Should remove the member and keep them out until unbanned; then they may join again", async () => {
    const { bob, token, channelId, chatId } = await club();
    const until = Math.floor(Date.now() / 1000) + 3600;
    expect(
      (await botCall(token, "banChatMember", { chat_id: chatId, user_id: bob.id, until_date: until })).body,
    ).toEqual({
      ok: true,
      result: true,
    });
    expect(await status(token, chatId, bob.id)).toMatchObject({
      status: "kicked",
      user: { id: bob.id },
      until_date: until,
    });
    expect(await errorOf(bob, "messages.getHistory", { peer: { _: "channel", id: channelId } })).toBe(
      "400 CHANNEL_PRIVATE",
    );
    expect(await errorOf(bob, "channels.joinChannel", { channel_id: channelId })).toBe("400 CHANNEL_PRIVATE");

    expect((await botCall(token, "unbanChatMember", { chat_id: chatId, user_id: bob.id })).body.ok).toBe(true);
    expect(await status(token, chatId, bob.id)).toMatchObject({ status: "left" });
    expect(await errorOf(bob, "channels.joinChannel", { channel_id: channelId })).toBe("ok");
    expect(await status(token, chatId, bob.id)).toMatchObject({ status: "member" });
  });

  it("Should let an admin ban someone who is not in the chat yet, and lift a ban by inviting them", async () => {
    const { alice, token, channelId, chatId } = await club();
    const carol = await person("Carol");
    expect((await botCall(token, "banChatMember", { chat_id: chatId, user_id: carol.id })).body.ok).toBe(true);
    expect(await status(token, chatId, carol.id)).toMatchObject({ status: "kicked", until_date: 0 });
    expect(await errorOf(carol, "channels.joinChannel", { channel_id: channelId })).toBe("400 CHANNEL_PRIVATE");
    await alice.call("channels.inviteToChannel", { channel_id: channelId, users: [carol.id] });
    expect(await status(token, chatId, carol.id)).toMatchObject({ status: "member" });
  });

  it("Should remove a member on unban unless only_if_banned, and refuse non-admins and the owner", async () => {
    const { alice, bob, token, chatId } = await club();
    expect(
      (await botCall(token, "unbanChatMember", { chat_id: chatId, user_id: bob.id, only_if_banned: true })).body.ok,
    ).toBe(true);
    expect(await status(token, chatId, bob.id)).toMatchObject({ status: "member" });
    expect((await botCall(token, "unbanChatMember", { chat_id: chatId, user_id: bob.id })).body.ok).toBe(true);
    expect(await status(token, chatId, bob.id)).toMatchObject({ status: "left" });

    const owner = await botCall(token, "banChatMember", { chat_id: chatId, user_id: alice.id });
    expect(owner.body).toMatchObject({ ok: false, error_code: 400 });
    expect(await status(token, chatId, alice.id)).toMatchObject({ status: "creator" });

    const plain = await ownerWithBot("Olga");
    await alice.call("channels.inviteToChannel", { channel_id: -chatId - 1_000_000_000_000, users: [plain.botId] });
    const refused = await botCall(plain.token, "banChatMember", { chat_id: chatId, user_id: bob.id });
    expect(refused.body.description).toBe("Bad Request: not enough rights to restrict/unrestrict chat member");
    const refusedUnban = await botCall(plain.token, "unbanChatMember", { chat_id: chatId, user_id: bob.id });
    expect(refusedUnban.body.description).toBe("Bad Request: not enough rights to restrict/unrestrict chat member");
  });

  it("Should tell a banned bot (my_chat_member kicked) and the admin bot (chat_member kicked)", async () => {
    const { alice, bob, token, channelId, chatId } = await club();
    const other = await ownerWithBot("Olga");
    await alice.call("channels.inviteToChannel", { channel_id: channelId, users: [other.botId] });
    await botCall(other.token, "getUpdates", { timeout: 0, allowed_updates: ["my_chat_member"] });
    const first = await botCall(token, "getUpdates", { timeout: 0, allowed_updates: ["chat_member"] });
    const offset = ((first.body.result as { update_id: number }[]).at(-1)?.update_id ?? -1) + 1;
    await botCall(token, "banChatMember", { chat_id: chatId, user_id: other.botId });
    await botCall(token, "banChatMember", { chat_id: chatId, user_id: bob.id });

    const mine = await botCall(other.token, "getUpdates", { timeout: 3, offset: -1 });
    expect(mine.body.result.at(-1).my_chat_member).toMatchObject({
      from: { id: Number(token.split(":")[0]) },
      old_chat_member: { status: "member" },
      new_chat_member: { status: "kicked", user: { id: other.botId } },
    });
    // Olga's bot joining may still be on its way too: only the bans are looked at.
    let seen: Loose[] = [];
    for (let i = 0; i < 5 && seen.length < 2; i++)
      seen = (await botCall(token, "getUpdates", { timeout: 2, offset })).body.result.filter(
        (u: Loose) => u.chat_member?.new_chat_member.status === "kicked",
      );
    expect(seen.map((u) => [u.chat_member.new_chat_member.user.id, u.chat_member.new_chat_member.status])).toEqual([
      [other.botId, "kicked"],
      [bob.id, "kicked"],
    ]);
  });
});
