/**
 * A long poll waits in the Bot API worker on a hibernatable socket to the BotObject (workers/bot-api/
 * long-poll.ts): woken by an update, ended by a newer poll or a webhook with Telegram's 409, answered
 * empty at its timeout, and the object stays asleep meanwhile.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { setMetering, takeUsage } from "../../core/usage-meter.ts";
import { botCall, type Loose, ownerWithBot } from "./helpers.ts";

const stub = (botId: number) => env.BOTS.get(env.BOTS.idFromName(`bot:${botId}`));
const text = (t: string) => ({ message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: t } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TERMINATED = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

afterEach(() => {
  setMetering(false);
  takeUsage();
});

describe("long poll", () => {
  it("Should be woken by an update and hand it over once", async () => {
    const { token, botId } = await ownerWithBot();
    const poll = botCall(token, "getUpdates", { timeout: 20 });
    await sleep(200);
    await stub(botId).enqueue([text("first"), text("second")]);
    const got = await poll;
    expect(got.body.result.map((u: Loose) => u.message.text)).toEqual(["first", "second"]);
    const last = got.body.result[1].update_id;
    expect((await botCall(token, "getUpdates", { offset: last + 1 })).body.result).toEqual([]);
  });

  it("Should end a waiting poll with 409 when a newer getUpdates arrives, and serve the newer one", async () => {
    const { token, botId } = await ownerWithBot();
    const older = botCall(token, "getUpdates", { timeout: 20 });
    await sleep(200);
    const newer = botCall(token, "getUpdates", { timeout: 20 });
    const ended = await older;
    expect(ended.status).toBe(409);
    expect(ended.body).toEqual({ ok: false, error_code: 409, description: TERMINATED });
    await sleep(100);
    await stub(botId).enqueue([text("for the newer")]);
    expect((await newer).body.result.map((u: Loose) => u.message.text)).toEqual(["for the newer"]);
  });

  it("Should end a waiting poll with 409 when a webhook is set", async () => {
    const { token } = await ownerWithBot();
    const poll = botCall(token, "getUpdates", { timeout: 20 });
    await sleep(200);
    expect((await botCall(token, "setWebhook", { url: "http://127.0.0.1:9/hook" })).body.result).toBe(true);
    expect((await poll).status).toBe(409);
  });

  it("Should answer an empty list at its timeout, and find an update queued right before the wait", async () => {
    const { token, botId } = await ownerWithBot();
    expect((await botCall(token, "getUpdates", { timeout: 1 })).body).toEqual({ ok: true, result: [] });
    await stub(botId).enqueue([text("already there")]);
    const got = await botCall(token, "getUpdates", { timeout: 20 });
    expect(got.body.result.map((u: Loose) => u.message.text)).toEqual(["already there"]);
  });

  it("Should keep no object awake while it waits", async () => {
    const { token } = await ownerWithBot();
    await botCall(token, "getUpdates", {});
    takeUsage();
    setMetering(true);
    await botCall(token, "getUpdates", { timeout: 2 });
    const u = takeUsage();
    // Waiting inside the object would bill the whole 2 s; on the socket it is a few ms of handlers.
    expect(u.doAwakeMs).toBeLessThan(1000);
  });
});
