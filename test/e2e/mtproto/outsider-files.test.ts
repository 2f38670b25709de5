/**
 * A user outside a chat gets nothing from it over MTProto: GramJS users (npm `telegram`, unchanged) share a
 * photo and a document in a private chat, a basic group and a channel; an outsider holding the members'
 * file locations (id, access hash, file_reference), their peers and their message ids is refused every file
 * and every message.
 */
import { randomBytes } from "node:crypto";
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { CustomFile } from "telegram/client/uploads.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testPhoto } from "../../browser/photo.ts";
import { server } from "../story.ts";
import { addGramjsServerKey, gramjsClient, gramjsSignUp, showGramjsLogOnFailure } from "./gramjs-client.ts";

const srv = server();
const clients: TelegramClient[] = [];
let n = 0;
const unique = (p: string) => `${p}${Date.now().toString(36)}${++n}`;

interface Person {
  client: TelegramClient;
  me: Api.User;
  username: string;
}

async function gramUser(name: string): Promise<Person> {
  const client = gramjsClient(srv.url);
  clients.push(client);
  await gramjsSignUp(srv.url, client, name, "Outside");
  const username = unique(name.toLowerCase());
  const me = (await client.invoke(new Api.account.UpdateUsername({ username }))) as Api.User;
  return { client, me, username };
}

async function inputUser(viewer: TelegramClient, username: string): Promise<Api.InputUser> {
  const u = (await viewer.invoke(new Api.contacts.ResolveUsername({ username }))).users[0] as Api.User;
  return new Api.InputUser({ userId: u.id, accessHash: u.accessHash! });
}

/** Every location a member was given for the media of `msgs`: each photo size and each document. */
function locationsOf(msgs: Api.Message[]): Api.TypeInputFileLocation[] {
  const out: Api.TypeInputFileLocation[] = [];
  for (const m of msgs) {
    if (m.media instanceof Api.MessageMediaPhoto) {
      const p = m.media.photo as Api.Photo;
      for (const s of p.sizes as Api.PhotoSize[])
        out.push(
          new Api.InputPhotoFileLocation({
            id: p.id,
            accessHash: p.accessHash,
            fileReference: p.fileReference,
            thumbSize: s.type,
          }),
        );
    } else if (m.media instanceof Api.MessageMediaDocument) {
      const d = m.media.document as Api.Document;
      out.push(
        new Api.InputDocumentFileLocation({
          id: d.id,
          accessHash: d.accessHash,
          fileReference: d.fileReference,
          thumbSize: "",
        }),
      );
    }
  }
  return out;
}

/** A photo and a document sent to `peer`; answers the two messages as the sender sees them. */
async function sendPhotoAndDocument(from: TelegramClient, peer: Api.TypeEntityLike): Promise<Api.Message[]> {
  const photo = testPhoto(500, 400);
  const doc = randomBytes(200_000);
  await from.sendFile(peer, { file: new CustomFile("secret.png", photo.length, "", photo), caption: "secret photo" });
  await from.sendFile(peer, {
    file: new CustomFile("secret.bin", doc.length, "", doc),
    forceDocument: true,
    caption: "secret document",
  });
  return (await from.getMessages(peer, { limit: 2 })) as Api.Message[];
}

/** The members can read each location (so a refusal below is about who asks, not a broken location). */
async function readable(member: TelegramClient, locations: Api.TypeInputFileLocation[]): Promise<void> {
  for (const location of locations) {
    const f = (await member.invoke(
      new Api.upload.GetFile({ location, offset: bigInt(0), limit: 4096 }),
    )) as Api.upload.File;
    expect(f.bytes.length).toBeGreaterThan(0);
  }
}

/** Telegram's answers to a file location that is not the asker's: the reference names someone else's copy. */
const FILE_REFUSED = /FILE_REFERENCE_INVALID|FILE_REFERENCE_EXPIRED|FILE_ID_INVALID|CHANNEL_PRIVATE/;

async function refusedFiles(outsider: TelegramClient, locations: Api.TypeInputFileLocation[]): Promise<void> {
  expect(locations.length).toBeGreaterThan(1);
  for (const location of locations)
    await expect(
      outsider.invoke(new Api.upload.GetFile({ location, offset: bigInt(0), limit: 4096 })),
      `${location.className} ${"thumbSize" in location ? location.thumbSize : ""}`,
    ).rejects.toThrow(FILE_REFUSED);
}

/** Message ids are per user: the members' ids name nothing of theirs in the outsider's box. */
async function noneById(outsider: TelegramClient, got: Api.Message[]): Promise<void> {
  const byId = (await outsider.invoke(
    new Api.messages.GetMessages({ id: got.map((m) => new Api.InputMessageID({ id: m.id })) }),
  )) as Api.messages.Messages;
  expect(byId.messages.length).toBe(got.length);
  const theirs = byId.messages.filter((m) => m instanceof Api.Message && (/secret/.test(m.message) || m.media));
  expect(theirs).toEqual([]);
}

beforeAll(() => addGramjsServerKey(inject("mtprotoPublicKeyPem")));
afterAll(async () => {
  for (const c of clients) await c.destroy().catch(() => {});
});
showGramjsLogOnFailure();

describe("a user outside the chat over MTProto", () => {
  it("is refused the files and messages of a private chat", async () => {
    const alma = await gramUser("Alma");
    const bruno = await gramUser("Bruno");
    const osric = await gramUser("Osric");
    const sent = await sendPhotoAndDocument(alma.client, bruno.username);
    const got = (await bruno.client.getMessages(alma.username, { limit: 2 })) as Api.Message[];
    expect(Array.from(got, (m) => m.message)).toEqual(["secret document", "secret photo"]);
    const locations = [...locationsOf(sent), ...locationsOf(got)];
    await readable(bruno.client, locationsOf(got));
    await readable(alma.client, locationsOf(sent));
    await refusedFiles(osric.client, locations);

    // Bruno's peer for Alma (his access hash) opens nothing for Osric.
    const brunosAlma = await inputUser(bruno.client, alma.username);
    const peer = new Api.InputPeerUser({ userId: brunosAlma.userId, accessHash: brunosAlma.accessHash });
    await expect(osric.client.invoke(new Api.messages.GetHistory({ peer, limit: 10 }))).rejects.toThrow(
      /PEER_ID_INVALID/,
    );
    await expect(
      osric.client.invoke(
        new Api.messages.Search({ peer, q: "secret", filter: new Api.InputMessagesFilterEmpty(), limit: 10 }),
      ),
    ).rejects.toThrow(/PEER_ID_INVALID/);
    await noneById(osric.client, got);
  }, 180_000);

  it("is refused the files and messages of a basic group", async () => {
    const alma = await gramUser("Almagroup");
    const bruno = await gramUser("Brunogroup");
    const osric = await gramUser("Osricgroup");
    const invited = (await alma.client.invoke(
      new Api.messages.CreateChat({ title: "Closed circle", users: [await inputUser(alma.client, bruno.username)] }),
    )) as Api.messages.InvitedUsers;
    const chat = (invited.updates as Api.Updates).chats.find((c) => c instanceof Api.Chat) as Api.Chat;
    const chatPeer = new Api.InputPeerChat({ chatId: chat.id });
    const sent = await sendPhotoAndDocument(alma.client, chatPeer);
    const got = (await bruno.client.getMessages(chatPeer, { limit: 2 })) as Api.Message[];
    expect(Array.from(got, (m) => m.message)).toEqual(["secret document", "secret photo"]);
    await readable(bruno.client, locationsOf(got));
    await refusedFiles(osric.client, [...locationsOf(sent), ...locationsOf(got)]);

    await expect(osric.client.invoke(new Api.messages.GetHistory({ peer: chatPeer, limit: 10 }))).rejects.toThrow(
      /PEER_ID_INVALID|CHAT_ID_INVALID/,
    );
    await expect(
      osric.client.invoke(
        new Api.messages.Search({ peer: chatPeer, q: "secret", filter: new Api.InputMessagesFilterEmpty(), limit: 10 }),
      ),
    ).rejects.toThrow(/PEER_ID_INVALID|CHAT_ID_INVALID/);
    await expect(osric.client.invoke(new Api.messages.GetFullChat({ chatId: chat.id }))).rejects.toThrow(
      /PEER_ID_INVALID|CHAT_ID_INVALID/,
    );
    await noneById(osric.client, got);
  }, 180_000);

  it("is refused the files and messages of a channel", async () => {
    const alma = await gramUser("Almachan");
    const bruno = await gramUser("Brunochan");
    const osric = await gramUser("Osricchan");
    const r = (await alma.client.invoke(
      new Api.channels.CreateChannel({ title: "Private news", about: "", broadcast: true }),
    )) as Api.Updates;
    const channel = r.chats.find((c) => c instanceof Api.Channel) as Api.Channel;
    const almaChannel = new Api.InputChannel({ channelId: channel.id, accessHash: channel.accessHash! });
    await alma.client.invoke(
      new Api.channels.InviteToChannel({ channel: almaChannel, users: [await inputUser(alma.client, bruno.username)] }),
    );
    const sent = await sendPhotoAndDocument(
      alma.client,
      new Api.InputPeerChannel({ channelId: channel.id, accessHash: channel.accessHash! }),
    );
    const dialogs = (await bruno.client.invoke(
      new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 100 }),
    )) as Api.messages.Dialogs;
    const brunos = dialogs.chats.find((c) => c instanceof Api.Channel && c.id.equals(channel.id)) as Api.Channel;
    const brunoPeer = new Api.InputPeerChannel({ channelId: brunos.id, accessHash: brunos.accessHash! });
    const got = (await bruno.client.getMessages(brunoPeer, { limit: 2 })) as Api.Message[];
    expect(Array.from(got, (m) => m.message)).toEqual(["secret document", "secret photo"]);
    await readable(bruno.client, locationsOf(got));
    await refusedFiles(osric.client, [...locationsOf(sent), ...locationsOf(got)]);

    // With either member's access hash for the channel: private to Osric.
    for (const hash of [channel.accessHash!, brunos.accessHash!]) {
      const peer = new Api.InputPeerChannel({ channelId: channel.id, accessHash: hash });
      const input = new Api.InputChannel({ channelId: channel.id, accessHash: hash });
      const PRIVATE = /CHANNEL_PRIVATE|CHANNEL_INVALID/;
      await expect(osric.client.invoke(new Api.messages.GetHistory({ peer, limit: 10 }))).rejects.toThrow(PRIVATE);
      await expect(
        osric.client.invoke(
          new Api.messages.Search({ peer, q: "secret", filter: new Api.InputMessagesFilterEmpty(), limit: 10 }),
        ),
      ).rejects.toThrow(PRIVATE);
      await expect(
        osric.client.invoke(
          new Api.channels.GetMessages({ channel: input, id: got.map((m) => new Api.InputMessageID({ id: m.id })) }),
        ),
      ).rejects.toThrow(PRIVATE);
      await expect(osric.client.invoke(new Api.channels.GetFullChannel({ channel: input }))).rejects.toThrow(PRIVATE);
    }
  }, 180_000);
});
