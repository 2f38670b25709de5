/**
 * One basic group, four front ends on the one core: an Edgegram SDK user, a GramJS user, a Telethon user
 * (telethon_group.py, TCP through the dev relay) and a grammY bot. Each sees every other member's message
 * once and in order; an edit, a reaction, a pin and a deletion reach everyone; GramJS presses the bot's
 * inline button and gets its answer.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import bigInt from "big-integer";
import { Bot, InlineKeyboard } from "grammy";
import { Api, type TelegramClient } from "telegram";
import { Raw } from "telegram/events/index.js";
import { afterAll, describe, expect, inject, it } from "vitest";
import { personWithBot } from "../bot-story.ts";
import { newPhone, server } from "../story.ts";
import { addGramjsServerKey, gramjsClient, gramjsSignUp, showGramjsLogOnFailure } from "./gramjs-client.ts";
import { PYTHON } from "./python-script.ts";

interface Seen {
  new: { id: number; text: string }[];
  edited: { id: number; text: string }[];
  deleted: number[];
  pinned: number[];
  reactions: number[];
}

/** The Telethon member: commands go to the script as JSON lines, each answered by one `DONE <json>` line. */
class TelethonMember {
  private stderr = "";
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  readonly id: number;

  private constructor(child: ChildProcessWithoutNullStreams, lines: AsyncIterator<string>, id: number) {
    this.child = child;
    this.lines = lines;
    this.id = id;
    child.stderr.on("data", (d) => {
      this.stderr += String(d);
    });
  }

  static async start(args: unknown): Promise<TelethonMember> {
    const path = new URL("./telethon_group.py", import.meta.url).pathname;
    const child = spawn(PYTHON, [path, JSON.stringify(args)], { stdio: ["pipe", "pipe", "pipe"] });
    const rl: Interface = createInterface({ input: child.stdout });
    const lines = rl[Symbol.asyncIterator]();
    let err = "";
    child.stderr.on("data", (d) => {
      err += String(d);
    });
    // Telethon prints its own lines too ("Signed in successfully as …"): the script's start with a word of ours.
    for (let line = await lines.next(); !line.done; line = await lines.next()) {
      if (line.value.startsWith("READY "))
        return new TelethonMember(child, lines, (JSON.parse(line.value.slice(6)) as { id: number }).id);
    }
    throw new Error(`Telethon did not start: ${err.slice(-2000)}`);
  }

  async command<T = Record<string, unknown>>(c: Record<string, unknown>): Promise<T> {
    this.child.stdin.write(`${JSON.stringify(c)}\n`);
    for (let line = await this.lines.next(); !line.done; line = await this.lines.next()) {
      if (line.value.startsWith("DONE ")) return JSON.parse(line.value.slice(5)) as T;
    }
    throw new Error(`Telethon failed: ${this.stderr.slice(-2000)}`);
  }

  stop() {
    this.child.kill();
  }
}

const stops: (() => unknown)[] = [];
showGramjsLogOnFailure();
afterAll(async () => {
  for (const s of stops) await s();
});

/** Waits until `check` holds (every 100 ms, at most 20 s); the last failure is the test's. */
async function eventually(check: () => void): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      check();
      return;
    } catch (e) {
      if (i >= 200) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

type GramUpdate = { className: string } & Record<string, unknown>;

describe("one group, four front ends", () => {
  it("Telethon, GramJS, an SDK user and a grammY bot each see every message once and in order, and every change", async () => {
    const srv = server();
    const stamp = Date.now().toString(36);

    // Sam, on the Edgegram SDK, owns the bot; privacy off, so the bot sees every group message.
    const { person: sam, token, botId } = await personWithBot(srv, "Sam");
    stops.push(() => sam.client.close());
    await sam.client.call("bots.setPrivacy", { bot_id: botId, enabled: false });
    const samSaw: Seen = { new: [], edited: [], deleted: [], pinned: [], reactions: [] };
    sam.client.onUpdates((updates) => {
      for (const u of updates as { _: string; message?: { id: number; message: string }; [k: string]: unknown }[]) {
        // Service messages (the group's creation) carry no text: only what members said is counted.
        if (u._ === "updateNewMessage" && u.message?.message)
          samSaw.new.push({ id: u.message.id, text: u.message.message });
        if (u._ === "updateEditMessage" && u.message) samSaw.edited.push({ id: u.message.id, text: u.message.message });
        if (u._ === "updateDeleteMessages") samSaw.deleted.push(...(u.messages as number[]));
        if (u._ === "updatePinnedMessages") samSaw.pinned.push(...(u.messages as number[]));
        if (u._ === "updateMessageReactions") samSaw.reactions.push(u.msg_id as number);
      }
    });

    const botSaw: Seen = { new: [], edited: [], deleted: [], pinned: [], reactions: [] };
    const bot = new Bot(token, { client: { apiRoot: srv.url } });
    bot.on("message", (ctx) => {
      if (ctx.chat.type === "group" && ctx.msg.text) botSaw.new.push({ id: ctx.msg.message_id, text: ctx.msg.text });
    });
    bot.on("edited_message", (ctx) => {
      botSaw.edited.push({ id: ctx.editedMessage.message_id, text: ctx.editedMessage.text ?? "" });
    });
    bot.callbackQuery("pressed", (ctx) => ctx.answerCallbackQuery({ text: "Pressed!" }));
    await new Promise<void>((r) => void bot.start({ onStart: () => r() }));
    stops.push(() => bot.stop());

    // Gina, on GramJS (WebSocket).
    addGramjsServerKey(inject("mtprotoPublicKeyPem"));
    const gina: TelegramClient = gramjsClient(srv.url);
    stops.push(() => gina.destroy().catch(() => {}));
    await gramjsSignUp(srv.url, gina, "Gina", "JS");
    const ginaName = `gina${stamp}`;
    const ginaUser = (await gina.invoke(new Api.account.UpdateUsername({ username: ginaName }))) as Api.User;
    const ginaSaw: Seen = { new: [], edited: [], deleted: [], pinned: [], reactions: [] };
    gina.addEventHandler((raw: unknown) => {
      const u = raw as GramUpdate;
      for (const x of (u.updates as GramUpdate[] | undefined) ?? [u]) {
        const m = x.message as { id: number; message: string } | undefined;
        if (x.className === "UpdateShortChatMessage")
          ginaSaw.new.push({ id: x.id as number, text: x.message as string });
        if (x.className === "UpdateNewMessage" && m?.message) ginaSaw.new.push({ id: m.id, text: m.message });
        if (x.className === "UpdateEditMessage" && m) ginaSaw.edited.push({ id: m.id, text: m.message });
        if (x.className === "UpdateDeleteMessages") ginaSaw.deleted.push(...(x.messages as number[]));
        if (x.className === "UpdatePinnedMessages") ginaSaw.pinned.push(...(x.messages as number[]));
        if (x.className === "UpdateMessageReactions") ginaSaw.reactions.push(x.msgId as number);
      }
    }, new Raw({}));

    // Ted, on Telethon (TCP).
    const ted = await TelethonMember.start({
      url: srv.url,
      tcp_port: inject("mtprotoTcpPort"),
      pem: inject("mtprotoPublicKeyPem"),
      phone: newPhone(),
      username: `ted${stamp}`,
    });
    stops.push(() => ted.stop());

    const ginaId = Number(ginaUser.id.toString());
    const { chat } = await sam.client.call("messages.createChat", {
      title: "Four front ends",
      users: [ginaId, ted.id, botId],
    });
    const group = { _: "chat" as const, id: chat.id };
    const ginaPeer = new Api.InputPeerChat({ chatId: bigInt(chat.id) });

    // Two rounds: each member says something, one after another.
    const ids: Record<string, number> = {};
    let rid = 0;
    for (const round of [1, 2]) {
      const s = `sam ${round}`;
      const sent = await sam.client.call("messages.sendMessage", {
        peer: group,
        message: s,
        random_id: String(Date.now() * 100 + ++rid),
      });
      ids[s] = sent.message.id;
      const g = `gina ${round}`;
      const gSent = (await gina.invoke(
        new Api.messages.SendMessage({ peer: ginaPeer, message: g, randomId: bigInt(Date.now() * 100 + ++rid) }),
      )) as Api.Updates;
      ids[g] = (gSent.updates.find((u) => u instanceof Api.UpdateMessageID) as Api.UpdateMessageID).id;
      const t = `ted ${round}`;
      ids[t] = (await ted.command<{ id: number }>({ do: "send", chat_id: chat.id, text: t })).id;
      const b = `bot ${round}`;
      ids[b] = (await bot.api.sendMessage(-chat.id, b)).message_id;
    }
    const order = ["sam 1", "gina 1", "ted 1", "bot 1", "sam 2", "gina 2", "ted 2", "bot 2"];
    // Ids follow the order the messages were sent in (the core numbers a basic group's messages once, per chat).
    expect(order.map((t) => ids[t])).toEqual([...order.map((t) => ids[t] as number)].sort((a, b) => a - b));
    const othersOf = (who: string) => order.filter((t) => !t.startsWith(who)).map((text) => ({ id: ids[text], text }));

    // Every member sees every other member's message once, in the order it was sent.
    await eventually(() => {
      expect(samSaw.new.filter((m) => !m.text.startsWith("sam"))).toEqual(othersOf("sam"));
      expect(ginaSaw.new.filter((m) => !m.text.startsWith("gina"))).toEqual(othersOf("gina"));
      expect(botSaw.new.filter((m) => !m.text.startsWith("bot"))).toEqual(othersOf("bot"));
    });

    // Gina edits her message; Ted his.
    await gina.invoke(new Api.messages.EditMessage({ peer: ginaPeer, id: ids["gina 1"]!, message: "gina 1, edited" }));
    await ted.command({ do: "edit", chat_id: chat.id, id: ids["ted 1"], text: "ted 1, edited" });
    // Gina reacts to Sam's first message; Sam pins Ted's; Sam deletes his second for everyone.
    await gina.invoke(
      new Api.messages.SendReaction({
        peer: ginaPeer,
        msgId: ids["sam 1"]!,
        reaction: [new Api.ReactionEmoji({ emoticon: "👍" })],
      }),
    );
    await sam.client.call("messages.updatePinnedMessage", { peer: group, id: ids["ted 1"]! });
    await sam.client.call("messages.deleteMessages", { peer: group, id: [ids["sam 2"]!], revoke: true });

    await eventually(() => {
      expect(samSaw.edited).toEqual(
        expect.arrayContaining([
          { id: ids["gina 1"], text: "gina 1, edited" },
          { id: ids["ted 1"], text: "ted 1, edited" },
        ]),
      );
      expect(botSaw.edited).toEqual(
        expect.arrayContaining([
          { id: ids["gina 1"], text: "gina 1, edited" },
          { id: ids["ted 1"], text: "ted 1, edited" },
        ]),
      );
      expect(ginaSaw.edited).toContainEqual({ id: ids["ted 1"], text: "ted 1, edited" });
      expect(samSaw.reactions).toContain(ids["sam 1"]);
      expect(ginaSaw.pinned).toContain(ids["ted 1"]);
      expect(ginaSaw.deleted).toContain(ids["sam 2"]);
    });

    // The bot's inline button, pressed by Gina.
    await bot.api.sendMessage(-chat.id, "Press it", {
      reply_markup: new InlineKeyboard().text("Press me", "pressed"),
    });
    await eventually(() => {
      expect(ginaSaw.new.some((m) => m.text === "Press it")).toBe(true);
    });
    const history = (await gina.invoke(
      new Api.messages.GetHistory({ peer: ginaPeer, limit: 5, offsetId: 0, addOffset: 0, maxId: 0, minId: 0 }),
    )) as Api.messages.Messages;
    const withButton = history.messages.find(
      (m) => m instanceof Api.Message && m.message === "Press it",
    ) as Api.Message;
    const answer = await gina.invoke(
      new Api.messages.GetBotCallbackAnswer({ peer: ginaPeer, msgId: withButton.id, data: Buffer.from("pressed") }),
    );
    expect(answer.message).toBe("Pressed!");

    // Ted saw it all live, and its history holds the group as it is now.
    const tedSaw = await ted.command<Seen & { history: { id: number; text: string }[] }>({
      do: "finish",
      chat_id: chat.id,
    });
    expect(tedSaw.new.filter((m) => !m.text.startsWith("ted") && m.text !== "Press it")).toEqual(othersOf("ted"));
    expect(tedSaw.edited).toContainEqual({ id: ids["gina 1"], text: "gina 1, edited" });
    expect(tedSaw.pinned).toContain(ids["ted 1"]);
    expect(tedSaw.deleted).toContain(ids["sam 2"]);
    expect(tedSaw.reactions).toContain(ids["sam 1"]);
    expect(tedSaw.history.map((m) => m.text)).toEqual([
      "sam 1",
      "gina 1, edited",
      "ted 1, edited",
      "bot 1",
      "gina 2",
      "ted 2",
      "bot 2",
      "Press it",
    ]);
  }, 240_000);
});
