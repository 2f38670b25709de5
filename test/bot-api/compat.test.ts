/** What bots written for Telegram in other frameworks send, and Telegram accepts (issue #20's list). */
import { runInDurableObject, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type DirectoryObject, FIRST_ACCOUNT_ID } from "../../durable-objects/directory-object.ts";
import { makePng } from "../media/png.ts";
import { person, pushed, say } from "../messaging/people.ts";
import { API, botCall, botFetch, ownerWithBot } from "./helpers.ts";

const enc = new TextEncoder();

describe("uploads as node-telegram-bot-api sends them", () => {
  it("a file part wins over an empty field of the same name, before or after it, or in the query", async () => {
    const { owner, token, botId } = await ownerWithBot();
    await say(owner, { id: botId }, "/start");
    const file = () => new File([enc.encode("report body")], "report.txt", { type: "text/plain" });
    const before = new FormData();
    before.append("chat_id", String(owner.id));
    before.append("document", "");
    before.append("document", file());
    const after = new FormData();
    after.append("chat_id", String(owner.id));
    after.append("document", file());
    after.append("document", "");
    const inQuery = new FormData();
    inQuery.append("chat_id", String(owner.id));
    inQuery.append("document", file());
    for (const [path, body] of [
      [`/bot${token}/sendDocument`, before],
      [`/bot${token}/sendDocument`, after],
      [`/bot${token}/sendDocument?document=`, inQuery],
    ] as const) {
      const sent = await botFetch(path, { method: "POST", body });
      expect(sent.body.ok, sent.body.description).toBe(true);
      expect(sent.body.result.document).toMatchObject({ file_name: "report.txt", file_size: 11 });
    }
  });

  it("an empty field with no file part is still an empty value, refused as Telegram does", async () => {
    const { owner, token } = await ownerWithBot();
    const form = new FormData();
    form.append("chat_id", String(owner.id));
    form.append("document", "");
    const sent = await botFetch(`/bot${token}/sendDocument`, { method: "POST", body: form });
    expect(sent.body.ok).toBe(false);
    expect(sent.status).toBe(400);
  });
});

describe("JSON bodies", () => {
  it("the body `null` is no parameters (a Go framework posts getMe so); other non-objects are refused", async () => {
    const { token, botId } = await ownerWithBot();
    const post = (body: string) =>
      botFetch(`/bot${token}/getMe`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const me = await post("null");
    expect(me.body).toMatchObject({ ok: true, result: { id: botId, is_bot: true } });
    expect((await post("[]")).body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: request JSON must be an object",
    });
    expect((await post("5")).status).toBe(400);
  });
});

describe("edits and inline keyboards", () => {
  const keyboard = { inline_keyboard: [[{ text: "Vote", callback_data: "vote" }]] };
  async function upload(token: string, method: string, fields: Record<string, string | File>) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return (await botFetch(`/bot${token}/${method}`, { method: "POST", body: form })).body;
  }
  const doc = (name: string) => new File([enc.encode(name)], name, { type: "text/plain" });

  it("editMessageText, editMessageCaption and editMessageMedia without reply_markup remove the keyboard", async () => {
    const { owner, token, botId } = await ownerWithBot();
    await say(owner, { id: botId }, "/start");
    const seen = async (id: number) => {
      const got = await owner.call<{ messages: { reply_markup?: unknown }[] }>("messages.getMessages", {
        peer: { _: "user", id: botId },
        id: [id],
      });
      return got.messages[0]?.reply_markup;
    };
    const text = await botCall(token, "sendMessage", { chat_id: owner.id, text: "poll", reply_markup: keyboard });
    const id = text.body.result.message_id as number;
    // Repeating the keyboard keeps it.
    const kept = await botCall(token, "editMessageText", {
      chat_id: owner.id,
      message_id: id,
      text: "poll 2",
      reply_markup: keyboard,
    });
    expect(kept.body.result.reply_markup).toEqual(keyboard);
    expect(await seen(id)).toBeDefined();
    const edited = await botCall(token, "editMessageText", { chat_id: owner.id, message_id: id, text: "closed" });
    expect(edited.body.ok).toBe(true);
    expect(edited.body.result.reply_markup).toBeUndefined();
    expect(await seen(id)).toBeUndefined();

    for (const edit of ["editMessageCaption", "editMessageMedia"]) {
      const sent = await upload(token, "sendDocument", {
        chat_id: String(owner.id),
        caption: "file",
        reply_markup: JSON.stringify(keyboard),
        document: doc("a.txt"),
      });
      expect(sent.result.reply_markup).toEqual(keyboard);
      const mid = sent.result.message_id as number;
      const changed =
        edit === "editMessageCaption"
          ? (await botCall(token, edit, { chat_id: owner.id, message_id: mid, caption: "new" })).body
          : await upload(token, edit, {
              chat_id: String(owner.id),
              message_id: String(mid),
              media: JSON.stringify({ type: "document", media: "attach://b" }),
              b: doc("b.txt"),
            });
      expect(changed.ok, changed.description).toBe(true);
      expect(changed.result.reply_markup).toBeUndefined();
      expect(await seen(mid)).toBeUndefined();
    }
  });
});

describe("BotFather on a fresh server", () => {
  it("is there before any client asks for it: @BotFather resolves, is found by search, and /newbot works", async () => {
    const alice = await person("Alice");
    const { user } = await alice.call<{ user: { id: number; username: string; bot: boolean } }>(
      "contacts.resolveUsername",
      { username: "BotFather" },
    );
    expect(user).toMatchObject({ username: "BotFather", bot: true });
    const found = await alice.call<{ users: { id: number }[] }>("contacts.search", { q: "botfa", limit: 5 });
    expect(found.users.map((u) => u.id)).toContain(user.id);
    const answer = pushed(alice, "updateNewMessage", (u) => u.message.from_id === user.id);
    await say(alice, { id: user.id }, "/newbot");
    expect((await answer).message.message).toContain("How are we going to call it?");
    // Made once: a second client's look finds the same account.
    const bob = await person("Bob");
    const again = await bob.call<{ user: { id: number } }>("contacts.resolveUsername", { username: "botfather" });
    expect(again.user.id).toBe(user.id);
  });
});

describe("photos and files as Telegram gives them", () => {
  it("sendPhoto answers the thumbnails ascending and the original last; getFile paths have kind and extension", async () => {
    const { owner, token, botId } = await ownerWithBot();
    await say(owner, { id: botId }, "/start");
    const png = await makePng(400, 300);
    const form = new FormData();
    form.set("chat_id", String(owner.id));
    form.set("photo", new File([png], "pic.png", { type: "image/png" }));
    const sent = (await botFetch(`/bot${token}/sendPhoto`, { method: "POST", body: form })).body;
    expect(sent.ok, sent.description).toBe(true);
    const sizes = sent.result.photo as { file_id: string; file_unique_id: string; width: number; height: number }[];
    // The 800 px box would be the original again: only sizes smaller than it are listed.
    expect(sizes.map((s) => [s.width, s.height])).toEqual([
      [100, 75],
      [320, 240],
      [400, 300],
    ]);
    expect(new Set(sizes.map((s) => s.file_unique_id)).size).toBe(3);

    const original = (await botCall(token, "getFile", { file_id: sizes[2]?.file_id })).body.result;
    expect(original.file_path).toMatch(/^photos\/[^/]+\.png$/);
    expect(original.file_size).toBe(png.length);
    const bytes = new Uint8Array(
      await (await SELF.fetch(`${API}/file/bot${token}/${original.file_path}`)).arrayBuffer(),
    );
    expect(bytes).toEqual(png);

    const small = (await botCall(token, "getFile", { file_id: sizes[0]?.file_id })).body.result;
    expect(small.file_path).toMatch(/^thumbnails\/[^/]+\.jpg$/);
    const thumb = new Uint8Array(await (await SELF.fetch(`${API}/file/bot${token}/${small.file_path}`)).arrayBuffer());
    expect([...thumb.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(thumb.length).toBe(small.file_size);

    // A thumbnail's file_id sends the photo again, as Telegram's smaller sizes do.
    const again = await botCall(token, "sendPhoto", { chat_id: owner.id, photo: sizes[0]?.file_id });
    expect(again.body.result.photo.at(-1)).toMatchObject({ width: 400, height: 300 });
  }, 30_000);

  it("a document's path is documents/… with its extension, and a made-up path is not found", async () => {
    const { owner, token, botId } = await ownerWithBot();
    await say(owner, { id: botId }, "/start");
    const form = new FormData();
    form.set("chat_id", String(owner.id));
    form.set("document", new File([enc.encode("%PDF-1.4 hi")], "a.pdf", { type: "application/pdf" }));
    const sent = (await botFetch(`/bot${token}/sendDocument`, { method: "POST", body: form })).body;
    const file = (await botCall(token, "getFile", { file_id: sent.result.document.file_id })).body.result;
    expect(file.file_path).toMatch(/^documents\/[^/]+\.pdf$/);
    const got = await SELF.fetch(`${API}/file/bot${token}/${file.file_path}`);
    expect(new TextDecoder().decode(await got.arrayBuffer())).toBe("%PDF-1.4 hi");
    const missing = await SELF.fetch(`${API}/file/bot${token}/documents/nothing.pdf`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });
});

describe("Telegram-shaped ids", () => {
  it("new users and bots get 10-digit ids, which the token and getMe carry", async () => {
    const { owner, token, botId } = await ownerWithBot();
    for (const id of [owner.id, botId]) {
      expect(id).toBeGreaterThanOrEqual(FIRST_ACCOUNT_ID);
      expect(String(id)).toMatch(/^\d{10}$/);
    }
    expect(token.split(":")[0]).toBe(String(botId));
    expect((await botCall(token, "getMe")).body.result.id).toBe(botId);
  });

  it("a directory holding small ids from before keeps them and gives the next account a Telegram-shaped one", async () => {
    const dir = env.DIRECTORY.get(env.DIRECTORY.idFromName(`ids-${crypto.randomUUID()}`));
    await runInDurableObject(dir, (obj: DirectoryObject, state) => {
      state.storage.sql.exec(
        "INSERT INTO users (id, phone, username, name, bot, created) VALUES (7, '+100', 'old_timer', 'Old', 0, 0)",
      );
      expect(obj.createUser(null, "New", true)).toBe(FIRST_ACCOUNT_ID);
      expect(obj.createUser("+200", "Newer", false)).toBe(FIRST_ACCOUNT_ID + 1);
      expect(obj.resolveUsername("old_timer")).toBe(7);
      expect(obj.exists(7)).toBe(true);
    });
  });
});
