/** What bots written for Telegram in other frameworks send, and Telegram accepts (issue #20's list). */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { say } from "../messaging/people.ts";
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
