/** The Bot API's HTTP surface: tokens, the four ways to send parameters, method names and Telegram's error shapes. */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { API, botCall, botFetch, type Loose, ownerWithBot } from "./helpers.ts";

describe("bots as accounts", () => {
  it("a user creates a bot and getMe answers as that bot", async () => {
    const { token, botId, username } = await ownerWithBot();
    expect(token).toMatch(new RegExp(`^${botId}:[A-Za-z0-9_-]{35,}$`));
    const me = await botCall(token, "getMe");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ ok: true, result: { id: botId, is_bot: true, first_name: "Test Bot", username } });
  });

  it("a bot username must end in 'bot'", async () => {
    const { owner } = await ownerWithBot();
    await expect(owner.call("bots.createBot", { first_name: "X", username: "notabotname" })).rejects.toThrow(
      "BOT_USERNAME_INVALID",
    );
  });

  it("revoking the token invalidates the old one at once", async () => {
    const { owner, token, botId } = await ownerWithBot();
    // Used first, so the bot's object has checked (and remembered) the old token before it is revoked.
    expect((await botCall(token, "getMe")).body.ok).toBe(true);
    const { token: fresh } = await owner.call<{ token: string }>("bots.revokeToken", { bot_id: botId });
    expect(fresh).not.toBe(token);
    expect((await botCall(token, "getMe")).body).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    expect((await botCall(fresh, "getMe")).body.ok).toBe(true);
  });

  it("only the owner can revoke a bot's token", async () => {
    const { botId } = await ownerWithBot();
    const { owner: stranger } = await ownerWithBot("Stranger");
    await expect(stranger.call("bots.revokeToken", { bot_id: botId })).rejects.toThrow("BOT_OWNER_REQUIRED");
  });
});

describe("requests", () => {
  it("accepts GET with a query string, JSON, urlencoded and multipart, and method names in any case", async () => {
    const { token } = await ownerWithBot();
    const commands = JSON.stringify([{ command: "start", description: "Start" }]);
    const get = await botFetch(`/bot${token}/getUpdates?timeout=0&limit=5`);
    expect(get.body).toEqual({ ok: true, result: [] });
    const form = await botFetch(`/bot${token}/SETMYCOMMANDS`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ commands }).toString(),
    });
    expect(form.body).toEqual({ ok: true, result: true });
    const multipart = new FormData();
    multipart.set("language_code", "");
    const mp = await botFetch(`/bot${token}/getmycommands`, { method: "POST", body: multipart });
    expect(mp.body).toEqual({ ok: true, result: [{ command: "start", description: "Start" }] });
    const json = await botCall(token, "getMyCommands", {});
    expect(json.body.result).toEqual([{ command: "start", description: "Start" }]);
  });

  it("answers a malformed token with 404 and a wrong one with 401 Unauthorized", async () => {
    const { botId } = await ownerWithBot();
    expect(await botFetch("/botnot-a-token/getMe")).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: "Not Found" },
    });
    expect(await botFetch(`/bot${botId}:${"x".repeat(40)}/getMe`)).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: "Unauthorized" },
    });
  });

  it("checks the token before anything else: a wrong one sends nothing and outranks a bad request", async () => {
    const { owner, botId } = await ownerWithBot();
    const wrong = `${botId}:${"x".repeat(40)}`;
    const unauthorized = { status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } };
    // The token rides on sendMessage's own call into the bot's object: refused there, nothing is sent.
    expect(await botCall(wrong, "sendMessage", { chat_id: owner.id, text: "forged" })).toEqual(unauthorized);
    const history = await owner.call<{ messages: unknown[] }>("messages.getHistory", {
      peer: { _: "user", id: botId },
      limit: 10,
    });
    expect(history.messages).toEqual([]);
    // Requests that fail before any call still answer for the token first.
    expect(await botCall(wrong, "sendMessage", { chat_id: owner.id, text: "" })).toEqual(unauthorized);
    expect(await botCall(wrong, "getUpdates", { limit: "lots" })).toEqual(unauthorized);
    expect(
      await botFetch(`/bot${wrong}/getUpdates`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      }),
    ).toEqual(unauthorized);
  });

  it("answers an unknown method with 404 and an official unsupported one with 400", async () => {
    const { token } = await ownerWithBot();
    expect(await botCall(token, "noSuchMethod")).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: "Not Found" },
    });
    expect(await botCall(token, "sendInvoice", { chat_id: 1 })).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description: "Bad Request: method is not supported by this server" },
    });
  });

  it("refuses malformed JSON, wrong types and missing parameters with a 400 description", async () => {
    const { token } = await ownerWithBot();
    const bad = await botFetch(`/bot${token}/getUpdates`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.description).toMatch(/^Bad Request: can't parse/);
    const wrongType = await botCall(token, "getUpdates", { limit: "lots" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.description).toContain("limit");
    const missing = await botCall(token, "setMyCommands", {});
    expect(missing.status).toBe(400);
    expect(missing.body.description).toContain("commands");
    const badJsonField = await botCall(token, "setMyCommands", { commands: "[{" });
    expect(badJsonField.body.description).toBe("Bad Request: can't parse commands JSON object");
  });

  it("answers flooding with 429 and retry_after", async () => {
    const { token } = await ownerWithBot();
    const replies = await Promise.all(
      Array.from({ length: 40 }, () => botCall(token, "setMyCommands", { commands: [] })),
    );
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    const retry = limited[0]?.body.parameters?.retry_after ?? 0;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(limited[0]?.body).toEqual({
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${retry}`,
      parameters: { retry_after: retry },
    });
  });

  it("counts each sendMessage once against the flood limit, and a refused one sends nothing", async () => {
    const { owner, token, botId } = await ownerWithBot();
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => botCall(token, "sendMessage", { chat_id: owner.id, text: `n${i}` })),
    );
    const sent = replies.filter((r) => r.status === 200).length;
    // The bucket holds 30 (plus what refills while the requests run); the rest are refused.
    expect(sent).toBeGreaterThanOrEqual(30);
    expect(replies.filter((r) => r.status === 429).length).toBe(40 - sent);
    const history = await owner.call<{ messages: unknown[] }>("messages.getHistory", {
      peer: { _: "user", id: botId },
      limit: 100,
    });
    expect(history.messages).toHaveLength(sent);
  });
});

describe("updates", () => {
  const stub = (botId: number) => env.BOTS.get(env.BOTS.idFromName(`bot:${botId}`));
  const text = (t: string) => ({ message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: t } });

  it("getUpdates returns queued updates in order; offset confirms; limit caps", async () => {
    const { token, botId } = await ownerWithBot();
    await stub(botId).enqueue([text("a"), text("b"), text("c")]);
    const first = await botCall(token, "getUpdates", { limit: 2 });
    expect(first.body.result.map((u: Loose) => u.message.text)).toEqual(["a", "b"]);
    const ids = first.body.result.map((u: Loose) => u.update_id);
    expect(ids[1]).toBe(ids[0] + 1);
    const next = await botCall(token, "getUpdates", { offset: ids[1] + 1 });
    expect(next.body.result.map((u: Loose) => u.message.text)).toEqual(["c"]);
    // Confirmed updates never come back.
    const again = await botCall(token, "getUpdates", { offset: ids[0] });
    expect(again.body.result.map((u: Loose) => u.message.text)).toEqual(["c"]);
  });

  it("a long poll returns as soon as an update arrives", async () => {
    const { token, botId } = await ownerWithBot();
    const poll = botCall(token, "getUpdates", { timeout: 30 });
    await new Promise((r) => setTimeout(r, 100));
    await stub(botId).enqueue([text("wake")]);
    const got = await poll;
    expect(got.body.result.map((u: Loose) => u.message.text)).toEqual(["wake"]);
  });

  it("allowed_updates filters update types", async () => {
    const { token, botId } = await ownerWithBot();
    await botCall(token, "getUpdates", { allowed_updates: ["callback_query"] });
    await stub(botId).enqueue([text("ignored"), { callback_query: { id: "1", data: "x" } }]);
    const got = await botCall(token, "getUpdates", {});
    expect(got.body.result.map((u: Loose) => Object.keys(u).sort())).toEqual([["callback_query", "update_id"]]);
  });

  it("webhooks: HTTPS required (plain http to localhost only in development), info reports pending updates", async () => {
    const { token, botId } = await ownerWithBot();
    const http = await botCall(token, "setWebhook", { url: "http://example.com/hook" });
    expect(http.body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
    });
    // Nothing listens on port 9: deliveries fail and are retried with backoff.
    expect(
      (await botCall(token, "setWebhook", { url: "http://127.0.0.1:9/hook", secret_token: "s3cret" })).body,
    ).toEqual({
      ok: true,
      result: true,
    });
    const conflict = await botCall(token, "getUpdates", {});
    expect(conflict.status).toBe(409);
    await stub(botId).enqueue([text("queued")]);
    let info = (await botCall(token, "getWebhookInfo")).body.result;
    for (let i = 0; i < 50 && !info.last_error_date; i++) {
      await new Promise((r) => setTimeout(r, 100));
      info = (await botCall(token, "getWebhookInfo")).body.result;
    }
    expect(info).toMatchObject({ url: "http://127.0.0.1:9/hook", pending_update_count: 1, max_connections: 40 });
    expect(info.last_error_message).toBeTruthy();
    expect((await botCall(token, "deleteWebhook", { drop_pending_updates: true })).body.result).toBe(true);
    expect((await botCall(token, "getWebhookInfo")).body.result).toMatchObject({ url: "", pending_update_count: 0 });
  });
});

describe("files bots download", () => {
  it("Should serve an uploaded HTML page as a sandboxed download, never as a page of the app's origin", async () => {
    const { owner, token } = await ownerWithBot("Hostile");
    const form = new FormData();
    form.set("chat_id", String(owner.id));
    form.set("document", new File(["<script>alert(1)</script>"], "x.html", { type: "text/html" }));
    const sent = (await (
      await SELF.fetch(`${API}/bot${token}/sendDocument`, { method: "POST", body: form })
    ).json()) as {
      result: { document: { file_id: string } };
    };
    const file = await botCall<{ file_path: string }>(token, "getFile", { file_id: sent.result.document.file_id });
    const res = await SELF.fetch(`${API}/file/bot${token}/${file.body.result?.file_path}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("<script>alert(1)</script>");
    expect(res.headers.get("content-disposition")).toBe("attachment");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
  });
});
