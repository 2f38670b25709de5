/**
 * Channels and supergroups over MTProto on the one core: a GramJS admin creates a supergroup, invites
 * a GramJS member and an Edgegram SDK user; all post and each sees every message once, in order; the
 * member gets the posts pushed and catches up by updates.getChannelDifference; edits, deletions, pins
 * and reactions reach it; a broadcast channel takes only its admin's posts; a banned member and a
 * forged channel hash are refused.
 */
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { Raw } from "telegram/events/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { server, signUp } from "../story.ts";
import { addGramjsServerKey, gramjsClient, gramjsSignUp } from "./gramjs-client.ts";

const srv = server();
const clients: TelegramClient[] = [];
let n = 0;
const unique = (p: string) => `${p}${Date.now().toString(36)}${++n}`;

async function gramUser(name: string): Promise<{ client: TelegramClient; me: Api.User; username: string }> {
  const client = gramjsClient(srv.url);
  clients.push(client);
  await gramjsSignUp(srv.url, client, name, "Chan");
  const username = unique(name.toLowerCase());
  const me = (await client.invoke(new Api.account.UpdateUsername({ username }))) as Api.User;
  return { client, me, username };
}

const inputChannel = (c: Api.Channel) => new Api.InputChannel({ channelId: c.id, accessHash: c.accessHash! });
const inputPeer = (c: Api.Channel) => new Api.InputPeerChannel({ channelId: c.id, accessHash: c.accessHash! });
const texts = (msgs: Api.TypeMessage[]) => msgs.flatMap((m) => (m instanceof Api.Message ? [m.message] : [])).reverse();

async function createChannel(admin: TelegramClient, title: string, megagroup: boolean): Promise<Api.Channel> {
  const r = (await admin.invoke(
    new Api.channels.CreateChannel({ title, about: "", megagroup, broadcast: !megagroup }),
  )) as Api.Updates;
  return r.chats.find((c) => c instanceof Api.Channel) as Api.Channel;
}

/** The channel as `client` sees it (its own access hash). */
async function channelFor(client: TelegramClient, id: bigInt.BigInteger): Promise<Api.Channel> {
  const d = (await client.invoke(
    new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 100 }),
  )) as Api.messages.Dialogs;
  const c = d.chats.find((x) => x instanceof Api.Channel && x.id.equals(id));
  if (!c) throw new Error("channel not in the dialogs");
  return c as Api.Channel;
}

beforeAll(() => addGramjsServerKey(inject("mtprotoPublicKeyPem")));
afterAll(async () => {
  for (const c of clients) await c.destroy().catch(() => {});
});

describe("channels over MTProto", () => {
  it("a supergroup: everyone sees every message once and in order; pushes, getChannelDifference, edits, deletions, pins, reactions", async () => {
    const admin = await gramUser("Admin");
    const member = await gramUser("Member");
    const sdk = await signUp(srv, "Sdkmember");
    const sdkName = unique("sdkmember");
    await sdk.client.call("account.updateUsername", { username: sdkName });
    const { user: sdkUser } = await sdk.client.call("contacts.resolveUsername", { username: sdkName });
    const sdkInAdmin = (await admin.client.invoke(new Api.contacts.ResolveUsername({ username: sdkName })))
      .users[0] as Api.User;
    const memberInAdmin = (await admin.client.invoke(new Api.contacts.ResolveUsername({ username: member.username })))
      .users[0] as Api.User;

    const channel = await createChannel(admin.client, "Super", true);
    expect(channel.megagroup).toBe(true);
    await admin.client.invoke(
      new Api.channels.InviteToChannel({
        channel: inputChannel(channel),
        users: [
          new Api.InputUser({ userId: memberInAdmin.id, accessHash: memberInAdmin.accessHash! }),
          new Api.InputUser({ userId: sdkInAdmin.id, accessHash: sdkInAdmin.accessHash! }),
        ],
      }),
    );
    const mine = await channelFor(member.client, channel.id);
    const full = (await member.client.invoke(
      new Api.channels.GetFullChannel({ channel: inputChannel(mine) }),
    )) as Api.messages.ChatFull;
    const startPts = (full.fullChat as Api.ChannelFull).pts;
    expect((full.fullChat as Api.ChannelFull).participantsCount).toBe(3);

    const pushed: string[] = [];
    member.client.addEventHandler((u: Api.TypeUpdate) => {
      if (u instanceof Api.UpdateNewChannelMessage && u.message instanceof Api.Message) pushed.push(u.message.message);
    }, new Raw({}));

    const said: string[] = [];
    for (let i = 1; i <= 4; i++) {
      for (const [who, c] of [
        ["admin", admin.client],
        ["member", member.client],
      ] as const) {
        const text = `${who} ${i}`;
        said.push(text);
        const peer = who === "admin" ? inputPeer(channel) : inputPeer(mine);
        await c.invoke(new Api.messages.SendMessage({ peer, message: text, randomId: bigInt(Date.now() * 10 + i) }));
      }
      const text = `sdk ${i}`;
      said.push(text);
      await sdk.client.call("messages.sendMessage", {
        peer: { _: "channel", id: Number(channel.id) },
        message: text,
        random_id: String(Date.now() * 10 + i),
      });
    }
    const history = async (c: TelegramClient, ch: Api.Channel) =>
      texts(
        (
          (await c.invoke(
            new Api.messages.GetHistory({ peer: inputPeer(ch), limit: 50 }),
          )) as Api.messages.ChannelMessages
        ).messages,
      );
    expect(await history(admin.client, channel)).toEqual(said);
    expect(await history(member.client, mine)).toEqual(said);
    const sdkHist = await sdk.client.call("messages.getHistory", {
      peer: { _: "channel", id: Number(channel.id) },
      limit: 50,
    });
    const sdkTexts = sdkHist.messages.flatMap((m) => ("action" in m && m.action ? [] : [m.message])).reverse();
    expect(sdkTexts).toEqual(said);

    // Everything the others posted was pushed to the member, once each.
    const others = said.filter((t) => !t.startsWith("member"));
    await expect.poll(() => pushed.filter((t) => !t.startsWith("member")), { timeout: 10_000 }).toEqual(others);

    // Catch-up from before the first post: every post once, in order.
    const diff = (await member.client.invoke(
      new Api.updates.GetChannelDifference({
        channel: inputChannel(mine),
        filter: new Api.ChannelMessagesFilterEmpty(),
        pts: startPts,
        limit: 100,
      }),
    )) as Api.updates.ChannelDifference;
    expect(diff.newMessages.flatMap((m) => (m instanceof Api.Message ? [m.message] : []))).toEqual(said);

    // An edit, a pin, a reaction and a deletion reach the member.
    const got: string[] = [];
    member.client.addEventHandler((u: Api.TypeUpdate) => {
      got.push(u.className);
    }, new Raw({}));
    const adminHist = (await admin.client.invoke(
      new Api.messages.GetHistory({ peer: inputPeer(channel), limit: 50 }),
    )) as Api.messages.ChannelMessages;
    const first = adminHist.messages.find((m) => m instanceof Api.Message && m.message === "admin 1") as Api.Message;
    await admin.client.invoke(
      new Api.messages.EditMessage({ peer: inputPeer(channel), id: first.id, message: "admin 1 (edited)" }),
    );
    await admin.client.invoke(new Api.messages.UpdatePinnedMessage({ peer: inputPeer(channel), id: first.id }));
    await sdk.client.call("messages.sendReaction", {
      peer: { _: "channel", id: Number(channel.id) },
      msg_id: first.id,
      reaction: ["👍"],
    });
    const affected = await admin.client.invoke(
      new Api.channels.DeleteMessages({ channel: inputChannel(channel), id: [first.id] }),
    );
    expect(affected.ptsCount).toBe(1);
    await expect
      .poll(() => got, { timeout: 10_000 })
      .toEqual(
        expect.arrayContaining([
          "UpdateEditChannelMessage",
          "UpdatePinnedChannelMessages",
          "UpdateMessageReactions",
          "UpdateDeleteChannelMessages",
        ]),
      );
    expect((await history(member.client, mine)).includes("admin 1 (edited)")).toBe(false);

    // Members and admins, as Telegram lists them.
    const parts = (await member.client.invoke(
      new Api.channels.GetParticipants({
        channel: inputChannel(mine),
        filter: new Api.ChannelParticipantsRecent(),
        offset: 0,
        limit: 100,
        hash: bigInt(0),
      }),
    )) as Api.channels.ChannelParticipants;
    expect(parts.count).toBe(3);
    const admins = (await member.client.invoke(
      new Api.channels.GetParticipants({
        channel: inputChannel(mine),
        filter: new Api.ChannelParticipantsAdmins(),
        offset: 0,
        limit: 100,
        hash: bigInt(0),
      }),
    )) as Api.channels.ChannelParticipants;
    expect(admins.participants.map((p) => p.className)).toEqual(["ChannelParticipantCreator"]);

    // A forged access hash names nothing.
    const forged = new Api.InputChannel({ channelId: mine.id, accessHash: mine.accessHash!.xor(1) });
    await expect(member.client.invoke(new Api.channels.GetFullChannel({ channel: forged }))).rejects.toThrow(
      /CHANNEL_INVALID/,
    );
    void sdkUser;
    sdk.client.close();
  }, 180_000);

  it("a broadcast channel takes only its admin's posts; a banned member is kept out", async () => {
    const admin = await gramUser("Caster");
    const reader = await gramUser("Reader");
    const readerInAdmin = (await admin.client.invoke(new Api.contacts.ResolveUsername({ username: reader.username })))
      .users[0] as Api.User;
    const channel = await createChannel(admin.client, "News", false);
    expect(channel.broadcast).toBe(true);
    const readerInput = new Api.InputUser({ userId: readerInAdmin.id, accessHash: readerInAdmin.accessHash! });
    await admin.client.invoke(
      new Api.channels.InviteToChannel({ channel: inputChannel(channel), users: [readerInput] }),
    );
    await admin.client.invoke(
      new Api.messages.SendMessage({ peer: inputPeer(channel), message: "news 1", randomId: bigInt(Date.now()) }),
    );
    const mine = await channelFor(reader.client, channel.id);
    await expect(
      reader.client.invoke(
        new Api.messages.SendMessage({ peer: inputPeer(mine), message: "hi", randomId: bigInt(Date.now()) }),
      ),
    ).rejects.toThrow(/CHAT_WRITE_FORBIDDEN|CHAT_ADMIN_REQUIRED/);
    const hist = (await reader.client.invoke(
      new Api.messages.GetHistory({ peer: inputPeer(mine), limit: 10 }),
    )) as Api.messages.ChannelMessages;
    expect(texts(hist.messages)).toEqual(["news 1"]);

    await admin.client.invoke(
      new Api.channels.EditBanned({
        channel: inputChannel(channel),
        participant: new Api.InputPeerUser({ userId: readerInAdmin.id, accessHash: readerInAdmin.accessHash! }),
        bannedRights: new Api.ChatBannedRights({ viewMessages: true, untilDate: 0 }),
      }),
    );
    await expect(
      reader.client.invoke(new Api.messages.GetHistory({ peer: inputPeer(mine), limit: 10 })),
    ).rejects.toThrow(/CHANNEL_PRIVATE|CHAT_FORBIDDEN|USER_BANNED|CHANNEL_INVALID/);
    const banned = await admin.client.invoke(
      new Api.channels.GetParticipant({
        channel: inputChannel(channel),
        participant: new Api.InputPeerUser({ userId: readerInAdmin.id, accessHash: readerInAdmin.accessHash! }),
      }),
    );
    expect(banned.participant).toBeInstanceOf(Api.ChannelParticipantBanned);
  }, 120_000);
});
