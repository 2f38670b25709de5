/**
 * Message ids as Telegram numbers them: in private chats and basic groups each user has one sequence
 * across all their chats, so a message has an id per participant, and methods that name messages by id
 * alone (getMessages, deleteMessages) work. GramJS, unchanged.
 */
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { server } from "../story.ts";
import { addGramjsServerKey, gramjsClient, gramjsSignUp, showGramjsLogOnFailure } from "./gramjs-client.ts";

const srv = server();
const clients: TelegramClient[] = [];
let n = 0;
const unique = (p: string) => `${p}${Date.now().toString(36)}${++n}`;

async function gramUser(
  name: string,
): Promise<{ client: TelegramClient; peerFor: (c: TelegramClient) => Promise<Api.InputPeerUser> }> {
  const client = gramjsClient(srv.url);
  clients.push(client);
  await gramjsSignUp(srv.url, client, name, "Ids");
  const username = unique(name.toLowerCase());
  await client.invoke(new Api.account.UpdateUsername({ username }));
  /** This user as another client addresses them (that client's own access hash). */
  const peerFor = async (c: TelegramClient) => {
    const r = await c.invoke(new Api.contacts.ResolveUsername({ username }));
    const u = r.users[0] as Api.User;
    return new Api.InputPeerUser({ userId: u.id, accessHash: u.accessHash! });
  };
  return { client, peerFor };
}

async function send(from: TelegramClient, peer: Api.TypeInputPeer, text: string): Promise<number> {
  const r = (await from.invoke(
    new Api.messages.SendMessage({ peer, message: text, randomId: bigInt(Math.floor(Math.random() * 1e15)) }),
  )) as Api.Updates | Api.UpdateShortSentMessage;
  if (r instanceof Api.UpdateShortSentMessage) return r.id;
  return (r.updates.find((u) => u instanceof Api.UpdateMessageID) as Api.UpdateMessageID).id;
}

async function history(
  c: TelegramClient,
  peer: Api.TypeInputPeer,
  bounds: Partial<{ offsetId: number; maxId: number; minId: number }> = {},
) {
  const page = (await c.invoke(
    new Api.messages.GetHistory({
      peer,
      limit: 50,
      offsetId: 0,
      maxId: 0,
      minId: 0,
      addOffset: 0,
      hash: bigInt(0),
      ...bounds,
    }),
  )) as Api.messages.Messages;
  return page.messages.flatMap((m) => (m instanceof Api.Message ? [{ id: m.id, text: m.message }] : [])).reverse();
}

const textsOf = (list: { text: string }[]) => list.map((m) => m.text);

beforeAll(() => addGramjsServerKey(inject("mtprotoPublicKeyPem")));
showGramjsLogOnFailure();
afterAll(async () => {
  for (const c of clients) await c.destroy().catch(() => {});
});

describe("message ids per user", () => {
  it("one sequence across a user's chats; getMessages and deleteMessages by id alone; history bounds and read marks in the reader's ids", async () => {
    const dan = await gramUser("Dan");
    const eve = await gramUser("Eve");
    const fay = await gramUser("Fay");
    const toEve = await eve.peerFor(dan.client);
    const toFay = await fay.peerFor(dan.client);
    const danForEve = await dan.peerFor(eve.client);
    const danForFay = await dan.peerFor(fay.client);

    // Fay has a chat of her own first, so her ids and Dan's differ.
    const eveForFay = await eve.peerFor(fay.client);
    await send(fay.client, eveForFay, "fay to eve");
    await send(fay.client, eveForFay, "fay to eve again");
    const a1 = await send(dan.client, toEve, "a1");
    const b1 = await send(dan.client, toFay, "b1");
    const a2 = await send(dan.client, toEve, "a2");
    // Dan's ids: one sequence across his two chats, each chat's id told once.
    expect(new Set([a1, b1, a2]).size).toBe(3);
    expect(a1 < b1 && b1 < a2).toBe(true);

    // Each reader has the messages under ids of their own.
    const evesView = await history(eve.client, danForEve);
    expect(textsOf(evesView)).toEqual(["a1", "a2"]);
    const faysView = await history(fay.client, danForFay);
    expect(textsOf(faysView)).toEqual(["b1"]);
    expect(faysView[0]!.id).not.toBe(b1);

    // By id alone, in the order asked; an id Dan has no message under is messageEmpty.
    const got = (await dan.client.invoke(
      new Api.messages.GetMessages({ id: [b1, a2, a1, a2 + 1000].map((id) => new Api.InputMessageID({ id })) }),
    )) as Api.messages.Messages;
    expect(got.messages.map((m) => (m instanceof Api.Message ? m.message : m.className))).toEqual([
      "b1",
      "a2",
      "a1",
      "MessageEmpty",
    ]);
    expect(got.users.map((u) => u.id.toString())).toContain((toFay.userId as bigInt.BigInteger).toString());

    // Bounds name Dan's ids: before a2 is a1; after a1 is a2 (b1 is in another chat).
    expect(textsOf(await history(dan.client, toEve, { offsetId: a2 }))).toEqual(["a1"]);
    expect(textsOf(await history(dan.client, toEve, { minId: a1 }))).toEqual(["a2"]);
    expect(textsOf(await history(dan.client, toEve, { maxId: b1 }))).toEqual(["a1"]);

    // Eve reads up to her id of a1: Dan's dialog marks his a1 read, in his ids.
    await eve.client.invoke(new Api.messages.ReadHistory({ peer: danForEve, maxId: evesView[0]!.id }));
    const dialogs = (await dan.client.invoke(
      new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: toEve })] }),
    )) as Api.messages.PeerDialogs;
    expect((dialogs.dialogs[0] as Api.Dialog).readOutboxMaxId).toBe(a1);
    expect((dialogs.dialogs[0] as Api.Dialog).topMessage).toBe(a2);

    // Fay replies to b1 under her own id; Dan sees the reply to his b1.
    const fayReply = (await fay.client.invoke(
      new Api.messages.SendMessage({
        peer: danForFay,
        message: "re b1",
        replyTo: new Api.InputReplyToMessage({ replyToMsgId: faysView[0]!.id }),
        randomId: bigInt(4242),
      }),
    )) as Api.Updates;
    expect(fayReply).toBeInstanceOf(Api.Updates);
    const danSeesReply = (await history(dan.client, toFay)).at(-1)!;
    const reply = (await dan.client.invoke(
      new Api.messages.GetMessages({ id: [new Api.InputMessageID({ id: danSeesReply.id })] }),
    )) as Api.messages.Messages;
    expect(((reply.messages[0] as Api.Message).replyTo as Api.MessageReplyHeader).replyToMsgId).toBe(b1);

    // Dan deletes b1 for everyone by id alone: gone for Fay, Eve's chat untouched.
    const before = await dan.client.invoke(new Api.updates.GetState());
    const deleted = await dan.client.invoke(new Api.messages.DeleteMessages({ id: [b1], revoke: true }));
    expect(deleted.ptsCount).toBe(1);
    expect(deleted.pts).toBe(before.pts + 1);
    expect(textsOf(await history(fay.client, danForFay))).toEqual(["re b1"]);
    expect(textsOf(await history(eve.client, danForEve))).toEqual(["a1", "a2"]);

    // An id Eve has no message under deletes nothing and leaves her pts where it was.
    const eveState = await eve.client.invoke(new Api.updates.GetState());
    const none = await eve.client.invoke(new Api.messages.DeleteMessages({ id: [b1 + 5000], revoke: true }));
    expect([none.pts, none.ptsCount]).toEqual([eveState.pts, 0]);
    // Editing or reacting to an id not in the chat is refused, as Telegram refuses it.
    await expect(
      eve.client.invoke(new Api.messages.EditMessage({ peer: danForEve, id: b1 + 5000, message: "x" })),
    ).rejects.toThrow(/MESSAGE_ID_INVALID/);
  }, 120_000);
});
