/**
 * node-telegram-bot-api (npm) and python-telegram-bot (Debian's python3-python-telegram-bot, run as a
 * subprocess) written as for Telegram, only the API root changed, against the local system: long
 * polling, webhook, the inline keyboard round trip, and an upload fetched back through getFile.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Bot, InlineKeyboardBuilder, InputFile } from "node-telegram-bot-api";
import { createWebhookServer } from "node-telegram-bot-api/node";
import { afterEach, describe, expect, it } from "vitest";
import { downloadFile } from "../../clients/sdk/index.ts";
import { isFileMedia } from "../../protocol/model/message-media.ts";
import { nextMessage, personWithBot, pressTheButton, say } from "./bot-story.ts";
import { terminalUser } from "./desktop-cli.ts";
import { newPhone, server } from "./story.ts";

const srv = server();
const stops: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** The same bytes the Python bot sends (test/e2e/bots/ptb_bot.py). */
function fileBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + (i >> 9)) & 0xff;
  return out;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

describe("node-telegram-bot-api", () => {
  function ntbaBot(token: string) {
    const bot = new Bot(token, { apiRoot: srv.url });
    bot.command("start", (ctx) =>
      ctx.reply("Welcome! Press the button.", {
        reply_markup: new InlineKeyboardBuilder().text("Press me", "pressed").build(),
      }),
    );
    bot.on("callback_query", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "Thanks!" });
      const m = ctx.callbackQuery?.message;
      if (m) await ctx.api.editMessageText({ chat_id: m.chat.id, message_id: m.message_id, text: "You pressed it." });
    });
    return bot;
  }

  it("Should run a long-polling bot: /start, inline keyboard, callback answered, message edited", async () => {
    const who = await personWithBot(srv, "Nina");
    const bot = ntbaBot(who.token);
    expect(await bot.api.getMe()).toMatchObject({ id: who.botId, is_bot: true });
    const polling = bot.startPolling();
    stops.push(async () => {
      bot.stop();
      await polling.catch(() => {});
    });
    await pressTheButton(who);
  });

  it("Should run a webhook bot whose endpoint checks secret_token", async () => {
    const who = await personWithBot(srv, "Noor");
    const bot = ntbaBot(who.token);
    const http = createWebhookServer(bot, { path: "/hook", secretToken: "ntba-secret" });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    stops.push(() => new Promise((r) => http.close(r)));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`;
    await bot.api.setWebhook({ url, secret_token: "ntba-secret" });
    expect((await bot.api.getWebhookInfo()).url).toBe(url);
    await pressTheButton(who);
    await bot.api.deleteWebhook({});
  });

  it("Should upload a document the user and getFile both give back byte for byte", async () => {
    const who = await personWithBot(srv, "Nils");
    const bot = ntbaBot(who.token);
    const bytes = fileBytes(700_000);
    const sent = await bot.api.sendDocument({
      chat_id: who.person.user.id,
      document: new InputFile(bytes, { filename: "data.bin" }),
      caption: "data",
    });
    expect(sent.document).toMatchObject({ file_name: "data.bin", file_size: bytes.length });
    const file = await bot.api.getFile({ file_id: sent.document?.file_id ?? "" });
    expect(file.file_path).toMatch(/^documents\//);
    const res = await fetch(`${srv.url}/file/bot${who.token}/${file.file_path}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    const history = await who.person.client.call("messages.getHistory", { peer: { _: "user", id: who.botId } });
    const media = history.messages.find((m) => m.id === sent.message_id)?.media;
    expect(media && isFileMedia(media)).toBe(true);
    if (!media || !isFileMedia(media)) return;
    expect(Buffer.from(await downloadFile(who.person.client, media)).equals(Buffer.from(bytes))).toBe(true);
  });
});

/** Debian's python3 (where python3-python-telegram-bot installs), else the first on PATH. */
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const PTB_BOT = fileURLToPath(new URL("./bots/ptb_bot.py", import.meta.url));

/** Starts the Python bot; resolves once it prints READY (it has called getMe and is serving). */
async function runPtbBot(token: string, ...mode: string[]): Promise<ChildProcess> {
  const child = spawn(PYTHON, [PTB_BOT, srv.url, token, ...mode], { stdio: ["ignore", "pipe", "pipe"] });
  stops.push(
    () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once("exit", () => r());
        child.kill("SIGKILL");
      }),
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`python bot did not start:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes("READY")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`python bot exited (${code}):\n${output}`));
    });
  });
  return child;
}

describe("python-telegram-bot", () => {
  it("Should run a long-polling bot: /start, inline keyboard, callback answered, message edited", async () => {
    const who = await personWithBot(srv, "Pia");
    await runPtbBot(who.token, "poll");
    await pressTheButton(who);
  });

  it("Should run a webhook bot", async () => {
    const who = await personWithBot(srv, "Pablo");
    const port = await freePort();
    await runPtbBot(who.token, "webhook", String(port));
    const info = await fetch(`${srv.url}/bot${who.token}/getWebhookInfo`).then((r) => r.json());
    expect(info.result.url).toBe(`http://127.0.0.1:${port}/hook`);
    await pressTheButton(who);
  });

  it("Should upload a document and get it back byte for byte through getFile", async () => {
    const who = await personWithBot(srv, "Pam");
    await runPtbBot(who.token, "poll");
    const doc = nextMessage(who.person.client, "updateNewMessage", (m) => m.message === "data");
    const report = nextMessage(who.person.client, "updateNewMessage", (m) => m.message.startsWith("download"));
    await say(who.person.client, who.botId, "/file");
    const bytes = fileBytes(300_000);
    const digest = createHash("sha256").update(bytes).digest("hex");
    expect((await report).message).toBe(`download identical ${digest}`);
    const media = (await doc).media;
    expect(media && isFileMedia(media)).toBe(true);
    if (!media || !isFileMedia(media)) return;
    expect(Buffer.from(await downloadFile(who.person.client, media)).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe("making a bot as the README says", () => {
  it("Should let a terminal user make a bot with @BotFather, whose token a framework then runs with", async () => {
    const cli = terminalUser(srv);
    await cli.json(["login", "--phone", newPhone(), "--dev-code", "--first-name", "Tess"]);
    /** Sends to @BotFather and waits for its answer to show in the history. */
    const ask = async (text: string, answer: RegExp) => {
      const sent = await cli.run(["send", "@BotFather", text]);
      expect(sent.code, sent.stderr).toBe(0);
      for (let i = 0; i < 50; i++) {
        const out = (await cli.run(["history", "@BotFather", "--limit", "1"])).stdout;
        const m = answer.exec(out);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`BotFather did not answer ${text}`);
    };
    await ask("/newbot", /How are we going to call it/);
    await ask("Tess Helper", /choose a username/);
    const username = `tess${Date.now().toString(36)}_bot`;
    const [, token = ""] = await ask(username, /(\d{10}:[A-Za-z0-9_-]{35,})/);
    const bot = new Bot(token, { apiRoot: srv.url });
    expect(await bot.api.getMe()).toMatchObject({ username, is_bot: true, first_name: "Tess Helper" });
  });
});
