/** A BotObject's plain modules over real SQLite: its row and token, commands, the poll's bookkeeping, webhook state and callback waits. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { CallbackQueries } from "../../../../durable-objects/bot-callbacks.ts";
import * as commands from "../../../../durable-objects/bot-commands.ts";
import { openPoll } from "../../../../durable-objects/bot-long-poll.ts";
import * as record from "../../../../durable-objects/bot-record.ts";
import { secretMatches } from "../../../../durable-objects/bot-token.ts";
import { enqueue, pending, updatesSchema } from "../../../../durable-objects/bot-updates.ts";
import * as webhook from "../../../../durable-objects/bot-webhook-delivery.ts";
import { migrate } from "../../../../durable-objects/sql.ts";
import { RpcError } from "../../../../protocol/errors.ts";
import { memorySql } from "../../sqlite.ts";

const OWNER = 5;
const BOT = 900;
const T0 = 1_800_000_000_000;

function bot() {
  const sql = memorySql();
  migrate(sql, [...record.botRecordSchema, ...commands.commandsSchema, ...updatesSchema]);
  const token = record.createBot(sql, BOT, OWNER, T0);
  return { sql, token };
}

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof RpcError ? `${e.code} ${e.text}` : `not an RpcError: ${e}`;
  }
  return "no error";
};

const secretOf = (token: string) => token.split(":")[1] as string;

describe("bot row and token", () => {
  it("hands out one token at setup; only the owner replaces it, and the old one stops matching", () => {
    const { sql, token } = bot();
    expect(token.startsWith(`${BOT}:`)).toBe(true);
    expect(refusal(() => record.createBot(sql, BOT, OWNER, T0))).toBe("400 BOT_ALREADY_EXISTS");
    expect(refusal(() => record.replaceToken(sql, OWNER + 1))).toBe("403 BOT_OWNER_REQUIRED");
    const next = record.replaceToken(sql, OWNER);
    const stored = record.storedCredential(sql);
    expect(stored?.botId).toBe(BOT);
    expect(secretMatches(secretOf(next), stored?.tokenHash as Uint8Array)).toBe(true);
    expect(secretMatches(secretOf(token), stored?.tokenHash as Uint8Array)).toBe(false);
  });

  it("a bot not set up has no row, owner or credential; its row is refused as BOT_TOKEN_INVALID", () => {
    const sql = memorySql();
    migrate(sql, record.botRecordSchema);
    expect(record.botRowOrNull(sql)).toBeNull();
    expect(record.ownerIdOf(sql)).toBeNull();
    expect(record.storedCredential(sql)).toBeNull();
    expect(refusal(() => record.botRow(sql))).toBe("401 BOT_TOKEN_INVALID");
  });

  it("privacy is on by default and only the owner turns it off; BotFather is marked once", () => {
    const { sql } = bot();
    expect(record.botRow(sql).privacy).toBe(1);
    expect(refusal(() => record.setPrivacy(sql, OWNER + 1, false))).toBe("403 BOT_OWNER_REQUIRED");
    record.setPrivacy(sql, OWNER, false);
    expect(record.botRow(sql).privacy).toBe(0);
    expect(record.isBotFather(sql)).toBe(false);
    record.makeBotFather(sql);
    record.makeBotFather(sql);
    expect(record.isBotFather(sql)).toBe(true);
  });
});

describe("bot commands", () => {
  it("falls back to the scope's default language, and a deletion leaves the fallback", () => {
    const { sql } = bot();
    commands.setCommands(sql, "default", "", [{ command: "start" }]);
    commands.setCommands(sql, "default", "de", [{ command: "anfang" }]);
    expect(commands.getCommands(sql, "default", "de")).toEqual([{ command: "anfang" }]);
    expect(commands.getCommands(sql, "default", "fr")).toEqual([{ command: "start" }]);
    commands.deleteCommands(sql, "default", "de");
    expect(commands.getCommands(sql, "default", "de")).toEqual([{ command: "start" }]);
    expect(commands.getCommands(sql, "all_group_chats", "de")).toEqual([]);
  });
});

describe("a poll's bookkeeping and the webhook's state", () => {
  it("clamps limit and timeout, keeps allowed_updates and drops what the offset confirms", () => {
    const { sql } = bot();
    enqueue(sql, [{ message: { n: 1 } }, { message: { n: 2 } }, { poll: {} }], null, T0);
    expect(openPoll(sql, { limit: 0, timeout: 500, offset: 2, allowed_updates: ["message"] })).toEqual({ limit: 1 });
    expect(record.allowedUpdates(sql)).toEqual(["message"]);
    expect(pending(sql, 10, record.allowedUpdates(sql), T0).map((u) => u.update_id)).toEqual([2]);
    expect(openPoll(sql, {})).toEqual({ limit: 100 });
  });

  it("refuses polls while a webhook is set, reports it, and an empty URL removes it", () => {
    const { sql } = bot();
    expect(webhook.setWebhook(sql, { url: "https://example.com/hook", max_connections: 3 }, false)).toBe(true);
    expect(webhook.deliversNow(record.botRow(sql))).toBe(true);
    expect(refusal(() => openPoll(sql, {}))).toBe("409 GETUPDATES_WEBHOOK_ACTIVE");
    expect(webhook.webhookInfo(sql)).toEqual({
      url: "https://example.com/hook",
      has_custom_certificate: false,
      pending_update_count: 0,
      max_connections: 3,
    });
    expect(webhook.setWebhook(sql, { url: "" }, false)).toBe(false);
    webhook.deleteWebhook(sql, false);
    expect(webhook.webhookInfo(sql).url).toBe("");
    expect(webhook.deliversNow(record.botRow(sql))).toBe(false);
    expect(openPoll(sql, {}).limit).toBe(100);
  });

  it("refuses a webhook that is not HTTPS before storing anything", () => {
    const { sql } = bot();
    expect(refusal(() => webhook.setWebhook(sql, { url: "http://example.com/hook" }, false))).toBe(
      "400 WEBHOOK_HTTPS_REQUIRED",
    );
    expect(record.botRow(sql).webhook_url).toBeNull();
  });
});

describe("callback queries waiting for the bot", () => {
  afterEach(() => vi.useRealTimers());

  it("hands the bot's answer to the waiting query once; a late or unknown answer is QUERY_ID_INVALID", async () => {
    vi.useFakeTimers();
    const waits = new CallbackQueries();
    const queued: string[] = [];
    const answered = waits.ask("q1", () => queued.push("q1"), 5000);
    expect(queued).toEqual(["q1"]);
    expect(waits.answer("q1", { text: "ok" })).toBe(true);
    await expect(answered).resolves.toEqual({ text: "ok" });
    expect(refusal(() => waits.answer("q1", { text: "again" }))).toBe("400 QUERY_ID_INVALID");

    const unanswered = waits.ask("q2", () => {}, 5000);
    vi.advanceTimersByTime(5000);
    await expect(unanswered).resolves.toBeNull();
    expect(refusal(() => waits.answer("q2", { text: "late" }))).toBe("400 QUERY_ID_INVALID");
  });
});
