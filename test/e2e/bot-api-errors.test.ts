/** Bot API error shapes over real HTTP against the local system, as bot libraries see them. */
import { Bot, GrammyError } from "grammy";
import { describe, expect, it } from "vitest";
import { personWithBot } from "./bot-story.ts";
import { server } from "./story.ts";

const srv = server();

async function raw(path: string, init?: RequestInit) {
  const res = await fetch(`${srv.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("Bot API errors", () => {
  it("Should answer a wrong token with 401 Unauthorized, also to grammY", async () => {
    const { botId } = await personWithBot(srv, "Gil");
    const bot = new Bot(`${botId}:${"A".repeat(40)}`, { client: { apiRoot: srv.url } });
    const err = await bot.api.getMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect(err).toMatchObject({ error_code: 401, description: "Unauthorized" });
  });

  it("Should answer GET with a query string, and an unknown chat with 400 chat not found", async () => {
    const { token } = await personWithBot(srv, "Hal");
    expect(await raw(`/bot${token}/getMe?x=1`)).toMatchObject({ status: 200, body: { ok: true } });
    expect(await raw(`/bot${token}/sendMessage?chat_id=999999999&text=hi`)).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description: "Bad Request: chat not found" },
    });
  });

  it("Should answer malformed JSON, wrong types and oversized text with 400 and a description", async () => {
    const { token, person } = await personWithBot(srv, "Ivy");
    const post = (body: string) =>
      raw(`/bot${token}/sendMessage`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const malformed = await post("{oops");
    expect(malformed.status).toBe(400);
    expect(malformed.body.description).toBe("Bad Request: can't parse request JSON object");
    const wrongType = await post(JSON.stringify({ chat_id: { nested: true }, text: "x" }));
    expect(wrongType).toMatchObject({ status: 400, body: { ok: false, description: "Bad Request: chat not found" } });
    const tooLong = await post(JSON.stringify({ chat_id: person.user.id, text: "x".repeat(5000) }));
    expect(tooLong.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: message is too long" });
  });

  it("Should answer flooding with 429 Too Many Requests and retry_after", async () => {
    const { token, person } = await personWithBot(srv, "Jo");
    const replies = await Promise.all(
      Array.from({ length: 45 }, (_, i) =>
        raw(`/bot${token}/sendChatAction`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ chat_id: person.user.id, action: "typing", n: i }),
        }),
      ),
    );
    const limited = replies.find((r) => r.status === 429);
    expect(limited?.body).toMatchObject({
      ok: false,
      error_code: 429,
      parameters: { retry_after: expect.any(Number) },
    });
    expect(limited?.body.description).toMatch(/^Too Many Requests: retry after \d+$/);
  });
});
