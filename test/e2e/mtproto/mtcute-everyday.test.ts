/**
 * mtcute, unchanged, as its users use it (its high-level client over its default TCP transport, through
 * the dev relay): text with entities, history, messages by id, search, edits, reactions, pins, files up
 * and down, dialogs, a group and a channel with their members, read marks and deletions. Every step must
 * give what Telegram would.
 */
import { InputMedia } from "@mtcute/core";
import type { TelegramClient } from "@mtcute/node";
import { afterAll, describe, expect, inject, it } from "vitest";
import { testPhoto } from "../../browser/photo.ts";
import { newPhone } from "../story.ts";
import { type MtcuteServer, mtcuteClient, mtcuteSignUp } from "./mtcute-client.ts";
import { storySteps } from "./story-steps.ts";

const clients: TelegramClient[] = [];
const { steps, step } = storySteps();

afterAll(async () => {
  for (const c of clients) await c.destroy().catch(() => {});
});

describe("mtcute, everyday use", () => {
  it("messages, files, dialogs, a group and a channel through mtcute's own client", async () => {
    const srv: MtcuteServer = {
      url: inject("serverUrl"),
      tcpPort: inject("mtprotoTcpPort"),
      publicKeyPem: inject("mtprotoPublicKeyPem"),
    };
    const person = async (name: string) => {
      const tg = mtcuteClient(srv);
      clients.push(tg);
      await mtcuteSignUp(srv, tg, newPhone(), name);
      const username = `${name.toLowerCase()}${Date.now().toString(36)}`;
      await tg.setMyUsername(username);
      return { tg, username };
    };
    const mia = await person("Mia");
    const max = await person("Max");
    const moe = await person("Moe");
    const maxPeer = (await mia.tg.resolvePeer(max.username)) as Parameters<typeof mia.tg.sendText>[0];
    const miaPeer = (await max.tg.resolvePeer(mia.username)) as Parameters<typeof max.tg.sendText>[0];

    const hello = await step(
      "sendText",
      () => mia.tg.sendText(maxPeer, "hello Max"),
      (m) => m.text,
    );
    const second = await step(
      "sendText reply",
      () => mia.tg.sendText(maxPeer, "second", { replyTo: hello!.id }),
      (m) => m.replyToMessage?.id === hello!.id,
    );
    await step(
      "getMessages",
      () => mia.tg.getMessages(maxPeer, [hello!.id, second!.id]),
      (l) => l.map((m) => m?.text),
    );
    await step(
      "getHistory",
      () => max.tg.getHistory(miaPeer, { limit: 10 }),
      (l) => l.map((m) => m.text).reverse(),
    );
    await step(
      "editMessage",
      () => mia.tg.editMessage({ chatId: maxPeer, message: hello!.id, text: "hello again" }),
      (m) => m.text,
    );
    await step(
      "searchMessages",
      () => mia.tg.searchMessages({ chatId: maxPeer, query: "second" }),
      (l) => l.map((m) => m.text),
    );
    await step(
      "iterDialogs",
      async () => {
        const out: string[] = [];
        for await (const d of max.tg.iterDialogs()) out.push(d.peer.displayName);
        return out;
      },
      (l) => l,
    );
    await step(
      "readHistory",
      () => max.tg.readHistory(miaPeer),
      () => "ok",
    );
    const maxSees = await max.tg.getHistory(miaPeer, { limit: 10 });
    await step(
      "sendReaction",
      () => max.tg.sendReaction({ chatId: miaPeer, message: maxSees[0]!.id, emoji: "👍" }),
      () => "ok",
    );
    await step(
      "pinMessage",
      () => mia.tg.pinMessage({ chatId: maxPeer, message: second!.id }),
      () => "ok",
    );
    const png = testPhoto(300, 200);
    await step(
      "sendMedia photo",
      () => mia.tg.sendMedia(maxPeer, InputMedia.photo(png)),
      (m) => m.media?.type,
    );
    await step(
      "downloadAsBuffer photo",
      async () => {
        const [m] = await max.tg.getMessages(miaPeer, [(await max.tg.getHistory(miaPeer, { limit: 1 }))[0]!.id]);
        if (m?.media?.type !== "photo") throw new Error(`no photo: ${m?.media?.type}`);
        return max.tg.downloadAsBuffer(m.media);
      },
      (b) => b.length === png.length,
    );
    const doc = new Uint8Array(150_000).fill(9);
    await step(
      "sendMedia document",
      () => mia.tg.sendMedia(maxPeer, InputMedia.document(doc, { fileName: "nines.bin" })),
      (m) => m.media?.type,
    );
    await step(
      "downloadAsBuffer document",
      async () => {
        const [last] = await max.tg.getHistory(miaPeer, { limit: 1 });
        if (last?.media?.type !== "document") throw new Error(`no document: ${last?.media?.type}`);
        return max.tg.downloadAsBuffer(last.media);
      },
      (b) => Buffer.compare(Buffer.from(b), Buffer.from(doc)) === 0,
    );
    await step(
      "deleteMessagesById",
      () => mia.tg.deleteMessagesById(maxPeer, [second!.id]),
      () => "ok",
    );
    await step(
      "after delete",
      () => max.tg.getHistory(miaPeer, { limit: 10 }),
      (l) => l.filter((m) => m.text === "second").length,
    );

    const group = await step(
      "createGroup",
      () => mia.tg.createGroup({ title: "Cute", users: [max.username, moe.username] }),
      (g) => g.chat.chatType,
    );
    await step(
      "group sendText",
      () => max.tg.sendText(group!.chat.inputPeer, "hi group"),
      (m) => m.text,
    );
    await step(
      "getChatMembers",
      () => mia.tg.getChatMembers(group!.chat.inputPeer),
      (l) => l.length,
    );
    const channel = await step(
      "createChannel",
      () => mia.tg.createChannel({ title: "Cute news" }),
      (c) => c.chatType,
    );
    await step(
      "channel post",
      () => mia.tg.sendText(channel!.inputPeer, "first post"),
      (m) => m.text,
    );
    await step(
      "addChatMembers",
      () => mia.tg.addChatMembers(channel!.inputPeer, [max.username], {}),
      () => "ok",
    );
    await step(
      "channel members",
      () => mia.tg.getChatMembers(channel!.inputPeer),
      (l) => l.length,
    );
    await step(
      "getFullChat",
      () => mia.tg.getFullChat(channel!.inputPeer),
      (c) => c.title,
    );

    // Each step's result; a broken one shows as "FAILED: <error>" in the one diff.
    expect(steps).toEqual({
      sendText: "hello Max",
      "sendText reply": true,
      getMessages: ["hello Max", "second"],
      getHistory: ["hello Max", "second"],
      editMessage: "hello again",
      searchMessages: ["second"],
      iterDialogs: ["Mia"],
      readHistory: "ok",
      sendReaction: "ok",
      pinMessage: "ok",
      "sendMedia photo": "photo",
      "downloadAsBuffer photo": true,
      "sendMedia document": "document",
      "downloadAsBuffer document": true,
      deleteMessagesById: "ok",
      "after delete": 0,
      createGroup: "group",
      "group sendText": "hi group",
      getChatMembers: 3,
      createChannel: "channel",
      "channel post": "first post",
      addChatMembers: "ok",
      "channel members": 2,
      getFullChat: "Cute news",
    });
  }, 180_000);
});
