/** editMessageMedia: a bot replaces its message's file and caption; users see the edit, bots get edited_message. */
import { describe, expect, it } from "vitest";
import { makePng } from "../media/png.ts";
import { Uploader } from "../media/uploader.ts";
import { pushed, randomId, say } from "../messaging/people.ts";
import { botCall, botMultipart, type Loose, ownerWithBot } from "./helpers.ts";

const png = async (w: number, h: number) => new File([await makePng(w, h)], "pic.png", { type: "image/png" });

describe("editMessageMedia", () => {
  it("Should replace a document with a photo and a new caption, and let a text message gain a photo", async () => {
    const { owner: alice, token, botId } = await ownerWithBot("Alice");
    await say(alice, { id: botId }, "/start");
    const doc = await botMultipart(token, "sendDocument", {
      chat_id: String(alice.id),
      caption: "old caption",
      document: new File([new TextEncoder().encode("draft")], "draft.txt", { type: "text/plain" }),
    });
    expect(doc.ok).toBe(true);
    const edited = await botMultipart(token, "editMessageMedia", {
      chat_id: String(alice.id),
      message_id: String(doc.result.message_id),
      media: JSON.stringify({ type: "photo", media: "attach://pic", caption: "<b>final</b>", parse_mode: "HTML" }),
      pic: await png(64, 48),
    });
    expect(edited.ok).toBe(true);
    expect(edited.result).toMatchObject({
      message_id: doc.result.message_id,
      caption: "final",
      caption_entities: [{ type: "bold", offset: 0, length: 5 }],
    });
    expect(edited.result.photo).toBeDefined();
    expect(edited.result.document).toBeUndefined();
    expect(edited.result.edit_date).toBeGreaterThan(0);
    const seen = await pushed(alice, "updateEditMessage", (u) => u.message.id === doc.result.message_id);
    expect(seen.message.media.mime_type).toBe("image/png");
    expect(seen.message.message).toBe("final");

    // By file_id: the photo just sent goes onto a text-only message (Telegram allows it).
    const text = await botCall(token, "sendMessage", { chat_id: alice.id, text: "a photo follows" });
    const byId = await botCall(token, "editMessageMedia", {
      chat_id: alice.id,
      message_id: text.body.result.message_id,
      media: { type: "photo", media: edited.result.photo[0].file_id },
    });
    expect(byId.body.ok).toBe(true);
    expect(byId.body.result.photo[0].file_id).toBe(edited.result.photo[0].file_id);
    expect(byId.body.result.caption).toBeUndefined();
  });

  it("Should refuse someone else's message, a missing message, a bad file and inline messages, changing nothing", async () => {
    const { owner: alice, token, botId } = await ownerWithBot("Alice");
    await say(alice, { id: botId }, "/start");
    const mine = await botCall(token, "sendMessage", { chat_id: alice.id, text: "keep me" });
    const theirs = await say(alice, { id: botId }, "hello bot");
    const photo = await botMultipart(token, "sendPhoto", { chat_id: String(alice.id), photo: await png(20, 20) });
    const fileId = photo.result.photo[0].file_id as string;

    const other = await botCall(token, "editMessageMedia", {
      chat_id: alice.id,
      message_id: theirs.message.id,
      media: { type: "photo", media: fileId },
    });
    expect(other.body).toMatchObject({
      ok: false,
      error_code: 400,
      description: "Bad Request: message can't be edited",
    });
    const missing = await botCall(token, "editMessageMedia", {
      chat_id: alice.id,
      message_id: 999_999,
      media: { type: "photo", media: fileId },
    });
    expect(missing.body.description).toBe("Bad Request: message to edit not found");
    const badFile = await botCall(token, "editMessageMedia", {
      chat_id: alice.id,
      message_id: mine.body.result.message_id,
      media: { type: "photo", media: "no-such-file" },
    });
    expect(badFile.body.description).toBe("Bad Request: wrong file identifier/HTTP URL specified");
    const noMedia = await botCall(token, "editMessageMedia", { chat_id: alice.id, message_id: 1 });
    expect(noMedia.body).toMatchObject({ ok: false, error_code: 400 });
    const inline = await botCall(token, "editMessageMedia", {
      inline_message_id: "abc",
      media: { type: "photo", media: fileId },
    });
    expect(inline.body.description).toBe("Bad Request: method is not supported by this server");
    const { messages } = await alice.call("messages.getMessages", {
      peer: { _: "user", id: botId },
      id: [mine.body.result.message_id],
    });
    expect(messages[0].message).toBe("keep me");
    expect(messages[0].media).toBeUndefined();
  });

  it("Should give the bot an edited_message when a user replaces the photo of a message", async () => {
    const { token, botId } = await ownerWithBot("Owner");
    const carol = await Uploader.signUp("Carol");
    const first = await carol.upload(await makePng(30, 30), { mime: "image/png" });
    const second = await carol.upload(await makePng(50, 40), { mime: "image/png" });
    const peer = { _: "user", id: botId };
    const sent = (await carol.call("messages.sendMedia", {
      peer,
      media: { media_id: first.media_id, access_hash: first.access_hash },
      message: "v1",
      random_id: randomId(),
    })) as { result: { message: { id: number } } };
    await carol.call("messages.editMessage", {
      peer,
      id: sent.result.message.id,
      media: { media_id: second.media_id, access_hash: second.access_hash },
      message: "v2",
    });
    let edited: Loose;
    for (let offset = 0, i = 0; i < 5 && !edited; i++) {
      const r = await botCall(token, "getUpdates", { offset, timeout: 2 });
      for (const u of r.body.result as Loose[]) {
        offset = u.update_id + 1;
        if (u.edited_message) edited = u.edited_message;
      }
    }
    expect(edited).toMatchObject({ message_id: sent.result.message.id, caption: "v2", from: { id: carol.id } });
    expect(edited.photo[0]).toMatchObject({ width: 50, height: 40 });
  });
});
