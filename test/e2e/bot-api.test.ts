/**
 * Real grammY and telegraf bots, unmodified except for the API root, against
 * the local system: /start → inline keyboard → button press → answer + edit,
 * by long polling and by webhook (secret_token checked).
 */
import { createServer, type Server as HttpServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, InlineKeyboard, InputFile, webhookCallback } from "grammy";
import { Markup, Telegraf } from "telegraf";
import { afterEach, describe, expect, it } from "vitest";
import { downloadFile } from "../../clients/sdk/index.ts";
import { isFileMedia } from "../../protocol/model/message-media.ts";
import { personWithBot, pressTheButton } from "./bot-story.ts";
import { server } from "./story.ts";

const srv = server();
const stops: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function grammyBot(token: string) {
  const bot = new Bot(token, { client: { apiRoot: srv.url } });
  bot.command("start", (ctx) =>
    ctx.reply("Welcome! Press the button.", { reply_markup: new InlineKeyboard().text("Press me", "pressed") }),
  );
  bot.callbackQuery("pressed", async (ctx) => {
    await ctx.answerCallbackQuery({ text: "Thanks!" });
    await ctx.editMessageText("You pressed it.");
  });
  return bot;
}

async function listen(handler: (req: IncomingMessage, res: import("node:http").ServerResponse) => void) {
  const http: HttpServer = createServer(handler);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  stops.push(() => new Promise((r) => http.close(r)));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

describe("grammY", () => {
  it("Should run a long-polling bot: /start, inline keyboard, callback answered, message edited", async () => {
    const who = await personWithBot(srv, "Alice");
    const bot = grammyBot(who.token);
    const started = new Promise<void>((resolve) => {
      void bot.start({ onStart: () => resolve() });
    });
    stops.push(() => bot.stop());
    await started;
    const me = await bot.api.getMe();
    expect(me).toMatchObject({ id: who.botId, is_bot: true });
    await pressTheButton(who);
  });

  it("Should run a webhook bot whose endpoint checks secret_token", async () => {
    const who = await personWithBot(srv, "Bea");
    const bot = grammyBot(who.token);
    await bot.init();
    const secrets: (string | undefined)[] = [];
    const handle = webhookCallback(bot, "http", { secretToken: "s3cret-token" });
    const url = await listen((req, res) => {
      secrets.push(req.headers["x-telegram-bot-api-secret-token"] as string | undefined);
      void handle(req, res);
    });
    await bot.api.setWebhook(`${url}/hook`, { secret_token: "s3cret-token" });
    const info = await bot.api.getWebhookInfo();
    expect(info.url).toBe(`${url}/hook`);
    await pressTheButton(who);
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    expect(new Set(secrets)).toEqual(new Set(["s3cret-token"]));
    // The last delivery is confirmed once the endpoint's handler has finished and answered.
    let info2 = await bot.api.getWebhookInfo();
    for (let i = 0; i < 50 && info2.pending_update_count > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      info2 = await bot.api.getWebhookInfo();
    }
    expect(info2).toMatchObject({ pending_update_count: 0 });
    expect(info2.last_error_date).toBeUndefined();
    await bot.api.deleteWebhook();
  });
});

describe("telegraf", () => {
  function telegrafBot(token: string) {
    const bot = new Telegraf(token, { telegram: { apiRoot: srv.url } });
    bot.start((ctx) =>
      ctx.reply("Welcome! Press the button.", Markup.inlineKeyboard([Markup.button.callback("Press me", "pressed")])),
    );
    bot.action("pressed", async (ctx) => {
      await ctx.answerCbQuery("Thanks!");
      await ctx.editMessageText("You pressed it.");
    });
    return bot;
  }

  it("Should run a long-polling bot: /start, inline keyboard, callback answered, message edited", async () => {
    const who = await personWithBot(srv, "Carl");
    const bot = telegrafBot(who.token);
    const started = new Promise<void>((resolve) => {
      void bot.launch(() => resolve());
    });
    stops.push(() => bot.stop("test over"));
    await started;
    await pressTheButton(who);
  });

  it("Should run a webhook bot (answers may come back in the webhook reply)", async () => {
    const who = await personWithBot(srv, "Dora");
    const bot = telegrafBot(who.token);
    bot.botInfo = await bot.telegram.getMe();
    const url = await listen(bot.webhookCallback("/hook", { secretToken: "tg-secret" }) as never);
    await bot.telegram.setWebhook(`${url}/hook`, { secret_token: "tg-secret" });
    await pressTheButton(who);
    await bot.telegram.deleteWebhook();
  });
});

/** Deterministic bytes standing in for a photo (more than one upload part). */
function photoBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + (i >> 9)) & 0xff;
  return out;
}

describe("files", () => {
  it("Should send a photo by multipart upload that the user downloads byte for byte; getFile + /file/ give the same bytes", async () => {
    const who = await personWithBot(srv, "Eve");
    const bot = new Bot(who.token, { client: { apiRoot: srv.url } });
    const bytes = photoBytes(700_000);
    const sent = await bot.api.sendPhoto(who.person.user.id, new InputFile(bytes, "beach.jpg"), {
      caption: "the beach",
    });
    expect(sent.caption).toBe("the beach");
    const photo = sent.photo?.at(-1);
    expect(photo?.file_size).toBe(bytes.length);

    const history = await who.person.client.call("messages.getHistory", { peer: { _: "user", id: who.botId } });
    const media = history.messages.find((m) => m.id === sent.message_id)?.media;
    expect(media).toMatchObject({ size: bytes.length, name: "beach.jpg" });
    if (!media || !isFileMedia(media)) return;
    expect(Buffer.from(await downloadFile(who.person.client, media)).equals(Buffer.from(bytes))).toBe(true);

    const file = await bot.api.getFile(photo?.file_id ?? "");
    expect(file.file_size).toBe(bytes.length);
    const res = await fetch(`${srv.url}/file/bot${who.token}/${file.file_path}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    // The same file again by file_id: no upload, same media.
    const again = await bot.api.sendDocument(who.person.user.id, photo?.file_id ?? "");
    expect(again.document?.file_unique_id).toBe(photo?.file_unique_id);
  });

  it("Should refuse a download with a wrong token and an unknown file", async () => {
    const who = await personWithBot(srv, "Finn");
    const wrong = await fetch(`${srv.url}/file/bot${who.botId}:${"x".repeat(40)}/files/whatever`);
    expect(await wrong.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    const bot = new Bot(who.token, { client: { apiRoot: srv.url } });
    await expect(bot.api.getFile("nonsense")).rejects.toThrow("wrong file identifier");
  });
});
