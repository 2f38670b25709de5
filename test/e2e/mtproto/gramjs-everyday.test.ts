/**
 * GramJS, unchanged, as its users use it (its high-level client API over WebSocket): dialogs, messages
 * by id and by search, files up and down, edits, pins, reactions, deletions, forwards, a basic group and
 * a channel with their members, read marks, and profile photos. Every step must give what Telegram would.
 */
import { Api, type TelegramClient } from "telegram";
import { CustomFile } from "telegram/client/uploads.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testPhoto } from "../../browser/photo.ts";
import { server } from "../story.ts";
import { addGramjsServerKey, gramjsClient, gramjsSignUp, showGramjsLogOnFailure } from "./gramjs-client.ts";
import { storySteps } from "./story-steps.ts";

const srv = server();
const clients: TelegramClient[] = [];
let n = 0;

async function person(name: string): Promise<{ client: TelegramClient; username: string }> {
  const client = gramjsClient(srv.url);
  clients.push(client);
  await gramjsSignUp(srv.url, client, name, "Daily");
  const username = `${name.toLowerCase()}${Date.now().toString(36)}${++n}`;
  await client.invoke(new Api.account.UpdateUsername({ username }));
  return { client, username };
}

const { steps, step } = storySteps();

beforeAll(() => addGramjsServerKey(inject("mtprotoPublicKeyPem")));
showGramjsLogOnFailure();
afterAll(async () => {
  for (const c of clients) await c.destroy().catch(() => {});
});

describe("GramJS, everyday use", () => {
  it("messages, files, groups, channels and profile photos through GramJS's own client API", async () => {
    const ann = await person("Gina");
    const ben = await person("Gabe");
    const cid = await person("Gus");
    const texts = (list: Api.Message[]) => Array.from(list, (m) => m.message);

    const hello = await step(
      "sendMessage",
      () => ann.client.sendMessage(ben.username, { message: "hello **Gabe**", parseMode: "md" }),
      (m) => m.message,
    );
    const reply = await step(
      "reply",
      () => ann.client.sendMessage(ben.username, { message: "a reply", replyTo: hello }),
      (m) => m.replyTo?.replyToMsgId === hello?.id,
    );
    await step(
      "editMessage",
      () => ann.client.editMessage(ben.username, { message: hello!.id, text: "hello again" }),
      (m) => m.message,
    );
    await step(
      "getMessages ids",
      () => ann.client.getMessages(ben.username, { ids: [hello!.id, reply!.id] }),
      (l) => texts(l),
    );
    await step(
      "getMessages search",
      () => ann.client.getMessages(ben.username, { search: "reply" }),
      (l) => texts(l),
    );
    await step(
      "getDialogs",
      () => ben.client.getDialogs({}),
      (d) => Array.from(d, (x) => x.title),
    );
    await step(
      "markAsRead",
      () => ben.client.markAsRead(ann.username),
      (r) => r,
    );
    await step(
      "sendFile photo",
      () =>
        ann.client.sendFile(ben.username, {
          file: new CustomFile("bands.png", testPhoto(400, 300).length, "", Buffer.from(testPhoto(400, 300))),
          caption: "a photo",
        }),
      (m) => m.photo instanceof Api.Photo,
    );
    const doc = Buffer.alloc(200_000, 7);
    await step(
      "sendFile document",
      () =>
        ann.client.sendFile(ben.username, {
          file: new CustomFile("data.bin", doc.length, "", doc),
          forceDocument: true,
        }),
      (m) => m.document instanceof Api.Document,
    );
    const got = await step(
      "receiver getMessages",
      () => ben.client.getMessages(ann.username, { limit: 10 }),
      (l) => l.length,
    );
    const photoMsg = got?.find((m) => m.photo);
    const docMsg = got?.find((m) => m.document);
    await step(
      "downloadMedia photo",
      () => ben.client.downloadMedia(photoMsg!, {}),
      (b) => (b as Buffer).length === testPhoto(400, 300).length,
    );
    await step(
      "downloadMedia thumb",
      () => ben.client.downloadMedia(photoMsg!, { thumb: 0 }),
      (b) => (b as Buffer).length > 0,
    );
    await step(
      "downloadMedia document",
      () => ben.client.downloadMedia(docMsg!, {}),
      (b) => Buffer.compare(b as Buffer, doc) === 0,
    );
    await step(
      "pinMessage",
      () => ann.client.pinMessage(ben.username, reply!.id),
      () => "ok",
    );
    await step(
      "forwardMessages",
      () => ben.client.forwardMessages(cid.username, { messages: [photoMsg!.id], fromPeer: ann.username }),
      (l) => l.length,
    );
    await step(
      "sendReaction",
      () =>
        ben.client.invoke(
          new Api.messages.SendReaction({
            peer: ann.username,
            msgId: got![0]!.id,
            reaction: [new Api.ReactionEmoji({ emoticon: "👍" })],
          }),
        ),
      () => "ok",
    );
    await step(
      "deleteMessages",
      () => ann.client.deleteMessages(ben.username, [reply!.id], { revoke: true }),
      (r) => r.length,
    );
    await step(
      "after delete",
      () => ben.client.getMessages(ann.username, { limit: 10 }),
      (l) => l.filter((m) => m.message === "a reply").length,
    );

    const made = await step(
      "createChat",
      () => ann.client.invoke(new Api.messages.CreateChat({ users: [ben.username, cid.username], title: "Daily" })),
      () => "ok",
    );
    const chat = ((made as Api.messages.InvitedUsers | undefined)?.updates as Api.Updates | undefined)?.chats[0];
    await step(
      "group sendMessage",
      () => ben.client.sendMessage(chat!, { message: "hi group" }),
      (m) => m.message,
    );
    await step(
      "group getParticipants",
      () => ann.client.getParticipants(chat!, {}),
      (l) => l.length,
    );
    await step(
      "group editChatTitle",
      () => ann.client.invoke(new Api.messages.EditChatTitle({ chatId: chat!.id, title: "Daily 2" })),
      () => "ok",
    );
    await step(
      "group kick",
      () => ann.client.invoke(new Api.messages.DeleteChatUser({ chatId: chat!.id, userId: cid.username })),
      () => "ok",
    );

    const ch = await step(
      "createChannel",
      () => ann.client.invoke(new Api.channels.CreateChannel({ title: "Daily news", about: "", broadcast: true })),
      () => "ok",
    );
    const channel = (ch as Api.Updates | undefined)?.chats[0];
    await step(
      "channel post",
      () => ann.client.sendMessage(channel!, { message: "first post" }),
      (m) => m.message,
    );
    await step(
      "channel invite",
      () => ann.client.invoke(new Api.channels.InviteToChannel({ channel: channel!, users: [ben.username] })),
      () => "ok",
    );
    await step(
      "channel getParticipants",
      () => ann.client.getParticipants(channel!, {}),
      (l) => l.length,
    );
    await step(
      "channel iterMessages",
      async () => {
        const out: string[] = [];
        for await (const m of ben.client.iterMessages(channel!.id, { limit: 5 })) if (m.message) out.push(m.message);
        return out;
      },
      (l) => l,
    );

    await step(
      "uploadProfilePhoto",
      async () =>
        ann.client.invoke(
          new Api.photos.UploadProfilePhoto({
            file: await ann.client.uploadFile({
              file: new CustomFile("me.png", testPhoto(320, 320).length, "", Buffer.from(testPhoto(320, 320))),
              workers: 1,
            }),
          }),
        ),
      () => "ok",
    );
    await step(
      "downloadProfilePhoto",
      () => ben.client.downloadProfilePhoto(ann.username, {}),
      (b) => (b as Buffer).length === testPhoto(320, 320).length,
    );
    await step(
      "getMe",
      () => ann.client.getMe(),
      (u) => (u as Api.User).photo?.className,
    );
    await step(
      "getEntity by id",
      async () => ben.client.getEntity((await ann.client.getMe()).id),
      (u) => (u as Api.User).firstName,
    );
    await step(
      "updates.getState",
      () => ann.client.invoke(new Api.updates.GetState()),
      () => "ok",
    );
    await step(
      "blocked",
      async () => {
        await ann.client.invoke(new Api.contacts.Block({ id: cid.username }));
        return ann.client.invoke(new Api.contacts.GetBlocked({ offset: 0, limit: 10 }));
      },
      (b) => (b as Api.contacts.Blocked).users.length,
    );
    await step(
      "deleteHistory",
      () => ben.client.invoke(new Api.messages.DeleteHistory({ peer: ann.username, maxId: 0 })),
      (a) => a.offset,
    );
    await step(
      "history after clearing",
      () => ben.client.getMessages(ann.username, { limit: 10 }),
      (l) => l.length,
    );

    // Each step's result; a broken one shows as "FAILED: <error>" in the one diff.
    expect(steps).toEqual({
      sendMessage: "hello Gabe",
      reply: true,
      editMessage: "hello again",
      "getMessages ids": ["hello again", "a reply"],
      "getMessages search": ["a reply"],
      getDialogs: ["Gina Daily"],
      markAsRead: true,
      "sendFile photo": true,
      "sendFile document": true,
      "receiver getMessages": 4,
      "downloadMedia photo": true,
      "downloadMedia thumb": true,
      "downloadMedia document": true,
      pinMessage: "ok",
      forwardMessages: 1,
      sendReaction: "ok",
      deleteMessages: 1,
      "after delete": 0,
      createChat: "ok",
      "group sendMessage": "hi group",
      "group getParticipants": 3,
      "group editChatTitle": "ok",
      "group kick": "ok",
      createChannel: "ok",
      "channel post": "first post",
      "channel invite": "ok",
      "channel getParticipants": 2,
      "channel iterMessages": ["first post"],
      uploadProfilePhoto: "ok",
      downloadProfilePhoto: true,
      getMe: "UserProfilePhoto",
      "getEntity by id": "Gina",
      "updates.getState": "ok",
      blocked: 1,
      deleteHistory: 0,
      "history after clearing": 0,
    });
  }, 180_000);
});
