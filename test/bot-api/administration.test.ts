/** Chat administration by a bot: setChatTitle changes the title for everyone, and is refused as Telegram refuses it. */
import { describe, expect, it } from "vitest";
import { person } from "../messaging/people.ts";
import { botCall, ownerWithBot } from "./helpers.ts";

const channelChatId = (id: number) => -(1_000_000_000_000 + id);

async function supergroupWithBot(admin: boolean) {
  const { owner: alice, token, botId } = await ownerWithBot("Alice");
  const bob = await person("Bob");
  const { chat } = await alice.call("channels.createChannel", { title: "Club", megagroup: true });
  await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [bob.id, botId] });
  if (admin) await alice.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true });
  return { alice, bob, token, channelId: chat.id as number, chatId: channelChatId(chat.id) };
}

describe("setChatTitle", () => {
  it("Should rename a supergroup for its members when the bot is an admin", async () => {
    const { bob, token, channelId, chatId } = await supergroupWithBot(true);
    const r = await botCall(token, "setChatTitle", { chat_id: chatId, title: "  Book club " });
    expect(r.body).toEqual({ ok: true, result: true });
    const full = await bob.call("messages.getFullChat", { peer: { _: "channel", id: channelId } });
    expect(full.chat.title).toBe("Book club");
    const chat = await botCall(token, "getChat", { chat_id: chatId });
    expect(chat.body.result.title).toBe("Book club");
  });

  it("Should refuse a bot that is not an admin, an empty title and a private chat with Telegram's words", async () => {
    const { bob, token, channelId, chatId } = await supergroupWithBot(false);
    const denied = await botCall(token, "setChatTitle", { chat_id: chatId, title: "Mine" });
    expect(denied.body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: not enough rights to change chat title",
    });
    const full = await bob.call("messages.getFullChat", { peer: { _: "channel", id: channelId } });
    expect(full.chat.title).toBe("Club");

    const empty = await botCall(token, "setChatTitle", { chat_id: chatId, title: "   " });
    expect(empty.body.description).toBe("Bad Request: chat title can't be empty");
    const priv = await botCall(token, "setChatTitle", { chat_id: bob.id, title: "x" });
    expect(priv.body.ok).toBe(false);
    expect(priv.body.error_code).toBe(400);
  });
});
