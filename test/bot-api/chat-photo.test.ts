/** A chat's photo set and removed by a bot (setChatPhoto / deleteChatPhoto), seen by getChat and by members, with Telegram's refusals. */
import { describe, expect, it } from "vitest";
import { makePng } from "../media/png.ts";
import { person } from "../messaging/people.ts";
import { botCall, botMultipart, ownerWithBot } from "./helpers.ts";

const channelChatId = (id: number) => -(1_000_000_000_000 + id);

async function club(rights: Record<string, boolean>) {
  const { owner: alice, token, botId } = await ownerWithBot("Alice");
  const bob = await person("Bob");
  const { chat } = await alice.call("channels.createChannel", { title: "Club", megagroup: true });
  await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [bob.id, botId] });
  await alice.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true, admin_rights: rights });
  return { bob, token, peer: { _: "channel", id: chat.id as number }, chatId: channelChatId(chat.id) };
}

const picture = async () => new File([await makePng(320, 320)], "club.png", { type: "image/png" });

describe("setChatPhoto and deleteChatPhoto", () => {
  it("Should set a photo getChat and members see, with service messages, then remove it", async () => {
    const { bob, token, peer, chatId } = await club({ change_info: true });
    const set = await botMultipart(token, "setChatPhoto", { chat_id: String(chatId), photo: await picture() });
    expect(set).toEqual({ ok: true, result: true });

    const chat = (await botCall(token, "getChat", { chat_id: chatId })).body.result;
    expect(chat.photo).toMatchObject({
      small_file_id: expect.any(String),
      big_file_id: expect.any(String),
      small_file_unique_id: expect.any(String),
      big_file_unique_id: expect.any(String),
    });
    const file = await botCall(token, "getFile", { file_id: chat.photo.big_file_id });
    expect(file.body.ok).toBe(true);
    const full = await bob.call("messages.getFullChat", { peer });
    expect(full.chat.photo.sizes).toMatchObject({ w: 320, h: 320 });
    const [latest] = (await bob.call("messages.getHistory", { peer, limit: 1 })).messages;
    expect(latest.action).toMatchObject({
      _: "messageActionChatEditPhoto",
      photo: { media_id: full.chat.photo.media_id },
    });

    expect((await botCall(token, "deleteChatPhoto", { chat_id: chatId })).body).toEqual({ ok: true, result: true });
    expect((await botCall(token, "getChat", { chat_id: chatId })).body.result.photo).toBeUndefined();
    const [removed] = (await bob.call("messages.getHistory", { peer, limit: 1 })).messages;
    expect(removed.action).toEqual({ _: "messageActionChatDeletePhoto" });
    const again = await botCall(token, "deleteChatPhoto", { chat_id: chatId });
    expect(again.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: CHAT_NOT_MODIFIED" });
  });

  it("Should refuse a bot without can_change_info, a file_id, a file that is no image and a private chat", async () => {
    const { bob, token, peer, chatId } = await club({ pin_messages: true });
    const denied = await botMultipart(token, "setChatPhoto", { chat_id: String(chatId), photo: await picture() });
    expect(denied).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: not enough rights to change chat photo",
    });
    expect((await bob.call("messages.getFullChat", { peer })).chat.photo).toBeUndefined();
    const del = await botCall(token, "deleteChatPhoto", { chat_id: chatId });
    expect(del.body.description).toBe("Bad Request: not enough rights to change chat photo");

    const ok = await club({ change_info: true });
    const byId = await botCall(ok.token, "setChatPhoto", { chat_id: ok.chatId, photo: "123.456" });
    expect(byId.body.description).toBe("Bad Request: photo should be uploaded as an InputFile");
    const text = new File(["not a picture"], "a.txt", { type: "text/plain" });
    const notImage = await botMultipart(ok.token, "setChatPhoto", { chat_id: String(ok.chatId), photo: text });
    expect(notImage).toMatchObject({ ok: false, error_code: 400 });
    const priv = await botMultipart(ok.token, "setChatPhoto", { chat_id: String(ok.bob.id), photo: await picture() });
    expect(priv.description).toBe("Bad Request: chat photo can't be changed in private chats");
  });
});
