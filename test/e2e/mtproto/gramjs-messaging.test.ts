/**
 * GramJS (npm `telegram`, unchanged) messaging on the one core: private chats and a basic group shared
 * with an Edgegram SDK user, edits, reactions, pins, catch-up by updates.getDifference, a Bot API bot's
 * inline button, and the refusals (forged access hashes, a stranger reading a group).
 */
import bigInt from "big-integer";
import { Bot, InlineKeyboard } from "grammy";
import { Api, type TelegramClient } from "telegram";
import { Raw } from "telegram/events/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { personWithBot } from "../bot-story.ts";
import { newPhone, server, signIn as signInSdk, signUp } from "../story.ts";
import { addGramjsServerKey, gramjsClient, showGramjsLogOnFailure } from "./gramjs-client.ts";

const srv = server();
const clients: TelegramClient[] = [];
const stops: (() => unknown)[] = [];
let n = 0;
const uniqueName = (p: string) => `${p}${Date.now().toString(36)}${++n}`;

async function devCode(phone: string): Promise<string> {
  const res = await fetch(`${srv.url}/dev/codes/${encodeURIComponent(phone)}`);
  if (!res.ok) throw new Error(`no dev code for ${phone}: ${res.status}`);
  return ((await res.json()) as { code: string }).code;
}

function gramClient(): TelegramClient {
  const client = gramjsClient(srv.url);
  clients.push(client);
  return client;
}

async function signIn(client: TelegramClient, phone: string, name: string): Promise<void> {
  await client.start({
    phoneNumber: phone,
    phoneCode: () => devCode(phone),
    firstAndLastNames: async () => [name, "JS"],
    onError: (e) => {
      throw e;
    },
  });
}

/** A GramJS user signed up with a fresh number and a username. */
async function gramUser(
  name: string,
): Promise<{ client: TelegramClient; id: bigint; username: string; phone: string }> {
  const client = gramClient();
  const phone = newPhone();
  await signIn(client, phone, name);
  const username = uniqueName(name.toLowerCase());
  const me = (await client.invoke(new Api.account.UpdateUsername({ username }))) as Api.User;
  expect(me.username).toBe(username);
  return { client, id: BigInt(me.id.toString()), username, phone };
}

/** The InputPeer `client` has for `username`, with the access hash it was given. */
async function resolve(client: TelegramClient, username: string): Promise<Api.InputPeerUser> {
  const r = await client.invoke(new Api.contacts.ResolveUsername({ username }));
  const u = r.users[0] as Api.User;
  return new Api.InputPeerUser({ userId: u.id, accessHash: u.accessHash! });
}

function texts(m: Api.messages.TypeMessages): string[] {
  return ("messages" in m ? m.messages : []).flatMap((x) => (x instanceof Api.Message ? [x.message] : [])).reverse();
}

beforeAll(() => {
  addGramjsServerKey(inject("mtprotoPublicKeyPem"));
});

showGramjsLogOnFailure();

afterAll(async () => {
  for (const stop of stops) await stop();
  for (const c of clients) await c.destroy().catch(() => {});
});

describe("GramJS messaging", () => {
  it("private chat: send with entities and reply, receive by history and getDifference once, edit, react, pin, read", async () => {
    const alice = await gramUser("Alice");
    const bob = await gramUser("Bob");
    const bobPeer = await resolve(alice.client, bob.username);
    const alicePeer = await resolve(bob.client, alice.username);
    const before = await bob.client.invoke(new Api.updates.GetState());

    const sent = (await alice.client.invoke(
      new Api.messages.SendMessage({
        peer: bobPeer,
        message: "hello bob",
        entities: [new Api.MessageEntityBold({ offset: 0, length: 5 })],
        randomId: bigInt(777_001),
      }),
    )) as Api.Updates;
    const idUpdate = sent.updates.find((u) => u instanceof Api.UpdateMessageID) as Api.UpdateMessageID;
    expect(String(idUpdate.randomId)).toBe("777001");
    // The same random_id again is the same message, not a second one.
    const again = (await alice.client.invoke(
      new Api.messages.SendMessage({ peer: bobPeer, message: "hello bob", randomId: bigInt(777_001) }),
    )) as Api.Updates;
    expect((again.updates.find((u) => u instanceof Api.UpdateMessageID) as Api.UpdateMessageID).id).toBe(idUpdate.id);

    // Bob names the message by his own id for it (Telegram numbers private-chat messages per user).
    const bobsView = (await bob.client.invoke(
      new Api.messages.GetHistory({
        peer: alicePeer,
        limit: 1,
        offsetId: 0,
        addOffset: 0,
        maxId: 0,
        minId: 0,
        hash: bigInt(0),
      }),
    )) as Api.messages.Messages;
    const helloForBob = (bobsView.messages[0] as Api.Message).id;
    const reply = (await bob.client.invoke(
      new Api.messages.SendMessage({
        peer: alicePeer,
        message: "hi alice",
        replyTo: new Api.InputReplyToMessage({ replyToMsgId: helloForBob }),
        randomId: bigInt(888_001),
      }),
    )) as Api.Updates;
    const bobMsg = (reply.updates.find((u) => u instanceof Api.UpdateNewMessage) as Api.UpdateNewMessage)
      .message as Api.Message;
    expect(bobMsg.out).toBe(true);
    expect((bobMsg.replyTo as Api.MessageReplyHeader).replyToMsgId).toBe(helloForBob);
    expect(reply.users.map((u) => u.id.toString()).sort()).toEqual([alice.id, bob.id].map(String).sort());

    const history = await alice.client.invoke(
      new Api.messages.GetHistory({
        peer: bobPeer,
        limit: 10,
        offsetId: 0,
        addOffset: 0,
        maxId: 0,
        minId: 0,
        hash: bigInt(0),
      }),
    );
    expect(texts(history)).toEqual(["hello bob", "hi alice"]);
    const first = (history as Api.messages.Messages).messages.at(-1) as Api.Message;
    expect(first.out).toBe(true);
    expect(first.entities?.[0]).toBeInstanceOf(Api.MessageEntityBold);
    expect((first.peerId as Api.PeerUser).userId.toString()).toBe(String(bob.id));

    await alice.client.invoke(new Api.messages.EditMessage({ peer: bobPeer, id: idUpdate.id, message: "hello, bob" }));
    await bob.client.invoke(
      new Api.messages.SendReaction({
        peer: alicePeer,
        msgId: helloForBob,
        reaction: [new Api.ReactionEmoji({ emoticon: "👍" })],
      }),
    );
    await bob.client.invoke(new Api.messages.UpdatePinnedMessage({ peer: alicePeer, id: helloForBob }));
    const read = await bob.client.invoke(new Api.messages.ReadHistory({ peer: alicePeer, maxId: 0 }));
    expect(read.pts).toBeGreaterThan(before.pts);

    const diff = await bob.client.invoke(new Api.updates.GetDifference({ pts: before.pts, date: before.date, qts: 0 }));
    expect(diff).toBeInstanceOf(Api.updates.Difference);
    const d = diff as Api.updates.Difference;
    expect(d.newMessages.map((m) => (m as Api.Message).message)).toEqual(["hello bob", "hi alice"]);
    const kinds = d.otherUpdates.map((u) => u.className);
    expect(kinds).toEqual(
      expect.arrayContaining([
        "UpdateEditMessage",
        "UpdateMessageReactions",
        "UpdatePinnedMessages",
        "UpdateReadHistoryInbox",
      ]),
    );
    expect(d.state.pts).toBe(read.pts);
    const empty = await bob.client.invoke(
      new Api.updates.GetDifference({ pts: d.state.pts, date: d.state.date, qts: 0 }),
    );
    expect(empty).toBeInstanceOf(Api.updates.DifferenceEmpty);

    const found = await alice.client.invoke(
      new Api.messages.Search({
        peer: bobPeer,
        q: "alice",
        filter: new Api.InputMessagesFilterEmpty(),
        minDate: 0,
        maxDate: 0,
        offsetId: 0,
        addOffset: 0,
        limit: 10,
        maxId: 0,
        minId: 0,
        hash: bigInt(0),
      }),
    );
    expect(texts(found)).toEqual(["hi alice"]);
    const dialogs = (await alice.client.invoke(
      new Api.messages.GetDialogs({
        offsetDate: 0,
        offsetId: 0,
        offsetPeer: new Api.InputPeerEmpty(),
        limit: 10,
        hash: bigInt(0),
      }),
    )) as Api.messages.Dialogs;
    expect(dialogs.dialogs.map((x) => (x.peer as Api.PeerUser).userId.toString())).toContain(String(bob.id));
  }, 120_000);

  it("a basic group with GramJS users and an SDK user: everyone sees every message once, in order", async () => {
    const alice = await gramUser("Ann");
    const bob = await gramUser("Ben");
    const carol = await signUp(srv, "Carol");
    const carolName = uniqueName("carol");
    await carol.client.call("account.updateUsername", { username: carolName });
    const invited = await alice.client.invoke(
      new Api.messages.CreateChat({
        title: "Mixed",
        users: [
          await resolve(alice.client, bob.username).then((p) => new Api.InputUser(p)),
          await resolve(alice.client, carolName).then((p) => new Api.InputUser(p)),
        ],
      }),
    );
    const chat = (invited as Api.messages.InvitedUsers).updates as Api.Updates;
    const chatId = (chat.chats[0] as Api.Chat).id;
    const peer = new Api.InputPeerChat({ chatId });
    const bobState = await bob.client.invoke(new Api.updates.GetState());

    const said: string[] = [];
    for (let i = 0; i < 3; i++) {
      for (const [who, c] of [
        ["ann", alice.client],
        ["ben", bob.client],
      ] as const) {
        const text = `${who} ${i}`;
        said.push(text);
        await c.invoke(new Api.messages.SendMessage({ peer, message: text, randomId: bigInt(Date.now() * 10 + i) }));
      }
      const text = `carol ${i}`;
      said.push(text);
      await carol.client.call("messages.sendMessage", {
        peer: { _: "chat", id: Number(chatId) },
        message: text,
        random_id: String(Date.now() * 10 + i),
      });
    }
    const hist = (p: TelegramClient) =>
      p.invoke(
        new Api.messages.GetHistory({
          peer,
          limit: 50,
          offsetId: 0,
          addOffset: 0,
          maxId: 0,
          minId: 0,
          hash: bigInt(0),
        }),
      );
    expect(texts(await hist(alice.client))).toEqual(said);
    expect(texts(await hist(bob.client))).toEqual(said);
    const carolSees = await carol.client.call("messages.getHistory", {
      peer: { _: "chat", id: Number(chatId) },
      limit: 50,
    });
    expect(carolSees.messages.flatMap((m) => (m.action ? [] : [m.message])).reverse()).toEqual(said);

    const diff = (await bob.client.invoke(
      new Api.updates.GetDifference({ pts: bobState.pts, date: bobState.date, qts: 0 }),
    )) as Api.updates.Difference;
    expect(diff.newMessages.map((m) => (m as Api.Message).message)).toEqual(said);
    expect(diff.chats.map((c) => c.id.toString())).toContain(chatId.toString());

    // The SDK user reacts, pins and deletes: each reaches the GramJS user's stream.
    const carolPeer = { _: "chat" as const, id: Number(chatId) };
    const firstId = carolSees.messages.find((m) => m.message === "ann 0")!.id;
    const carolsLast = carolSees.messages.find((m) => m.message === "carol 2")!.id;
    await carol.client.call("messages.sendReaction", { peer: carolPeer, msg_id: firstId, reaction: ["🔥"] });
    await carol.client.call("messages.updatePinnedMessage", { peer: carolPeer, id: firstId });
    await carol.client.call("messages.deleteMessages", { peer: carolPeer, id: [carolsLast], revoke: true });
    const later = (await bob.client.invoke(
      new Api.updates.GetDifference({ pts: diff.state.pts, date: diff.state.date, qts: 0 }),
    )) as Api.updates.Difference;
    expect(later.otherUpdates.map((u) => u.className)).toEqual([
      "UpdateMessageReactions",
      "UpdatePinnedMessages",
      "UpdateDeleteMessages",
    ]);
    // Bob's stream names the deleted message by Bob's own id for it.
    const bobsIdOf = (text: string) => diff.newMessages.find((m) => (m as Api.Message).message === text)!.id;
    expect((later.otherUpdates[2] as Api.UpdateDeleteMessages).messages).toEqual([bobsIdOf("carol 2")]);
    expect(texts(await hist(alice.client))).toEqual(said.filter((t) => t !== "carol 2"));

    const full = (await bob.client.invoke(new Api.messages.GetFullChat({ chatId }))) as Api.messages.ChatFull;
    const members = ((full.fullChat as Api.ChatFull).participants as Api.ChatParticipants).participants;
    expect(members.map((m) => m.userId.toString()).sort()).toEqual(
      [alice.id, bob.id, BigInt(carol.user.id)].map(String).sort(),
    );

    // A stranger reading the group, and a forged access hash, are refused as Telegram refuses them.
    const dave = await gramUser("Dave");
    await expect(hist(dave.client)).rejects.toThrow(/PEER_ID_INVALID|CHAT_ID_INVALID/);
    const forged = new Api.InputPeerUser({ userId: bigInt(alice.id.toString()), accessHash: bigInt(12345) });
    await expect(
      dave.client.invoke(new Api.messages.SendMessage({ peer: forged, message: "hi", randomId: bigInt(1) })),
    ).rejects.toThrow(/PEER_ID_INVALID/);
    // Bob's hash for Ann proves nothing for Dave.
    const bobsHash = await resolve(bob.client, alice.username);
    await expect(
      dave.client.invoke(new Api.messages.SendMessage({ peer: bobsHash, message: "hi", randomId: bigInt(2) })),
    ).rejects.toThrow(/PEER_ID_INVALID/);
  }, 180_000);

  it("pushes updates to every MTProto session of the account: short messages, group messages, edits, typing", async () => {
    const alice = await gramUser("Push");
    const bob = await gramUser("Pull");
    const carol = await signUp(srv, "Sdk");
    const carolName = uniqueName("sdk");
    await carol.client.call("account.updateUsername", { username: carolName });
    type Seen = { className: string } & Record<string, unknown>;
    const seen: Seen[] = [];
    bob.client.addEventHandler((u: unknown) => void seen.push(u as Seen), new Raw({}));
    const arrived = async (what: string, match: (u: Seen) => boolean) => {
      for (let i = 0; i < 100; i++) {
        if (seen.some(match)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no push: ${what}; saw ${seen.map((u) => u.className).join(",")}`);
    };
    const bobPeer = await resolve(alice.client, bob.username);
    // Bob's session talks once over its socket, so the server knows where to push.
    await bob.client.invoke(new Api.updates.GetState());
    // Bob's second device asks for no updates (invokeWithoutUpdates): it gets none pushed.
    const quiet = gramClient();
    await signIn(quiet, bob.phone, "Pull");
    const quietSaw: unknown[] = [];
    quiet.addEventHandler((u: unknown) => void quietSaw.push(u), new Raw({}));
    await quiet.invoke(new Api.InvokeWithoutUpdates({ query: new Api.updates.GetState() }));

    await alice.client.invoke(
      new Api.messages.SendMessage({ peer: bobPeer, message: "pushed hi", randomId: bigInt(42) }),
    );
    await arrived("updateShortMessage", (u) => u.className === "UpdateShortMessage" && u.message === "pushed hi");
    await new Promise((r) => setTimeout(r, 500));
    expect(quietSaw).toEqual([]);

    await alice.client.invoke(new Api.messages.SetTyping({ peer: bobPeer, action: new Api.SendMessageTypingAction() }));
    await arrived("typing", (u) => u.className === "UpdateUserTyping");

    const invited = (await alice.client.invoke(
      new Api.messages.CreateChat({
        title: "Pushed",
        users: [new Api.InputUser(bobPeer), new Api.InputUser(await resolve(alice.client, carolName))],
      }),
    )) as Api.messages.InvitedUsers;
    const chatId = ((invited.updates as Api.Updates).chats[0] as Api.Chat).id;
    await carol.client.call("messages.sendMessage", {
      peer: { _: "chat", id: Number(chatId) },
      message: "from the sdk",
      random_id: "4242",
    });
    await arrived(
      "updateShortChatMessage",
      (u) =>
        u.className === "UpdateShortChatMessage" &&
        u.message === "from the sdk" &&
        String(u.fromId) === String(carol.user.id),
    );
    const sent = (await alice.client.invoke(
      new Api.messages.SendMessage({
        peer: new Api.InputPeerChat({ chatId }),
        message: "to edit",
        randomId: bigInt(43),
      }),
    )) as Api.Updates;
    const id = (sent.updates.find((u) => u instanceof Api.UpdateMessageID) as Api.UpdateMessageID).id;
    await alice.client.invoke(
      new Api.messages.EditMessage({ peer: new Api.InputPeerChat({ chatId }), id, message: "edited" }),
    );
    await arrived("edit", (u) =>
      ((u.updates as Seen[] | undefined) ?? [u]).some(
        (x) =>
          x.className === "UpdateEditMessage" && (x.message as { message?: string } | undefined)?.message === "edited",
      ),
    );
    carol.client.close();
  }, 120_000);

  it("people and the rest of the surface: profile, search, full user, contacts, status, forward, typing, peer dialogs", async () => {
    const alice = await gramUser("Prof");
    const bob = await gramUser("Other");
    const me = (await alice.client.invoke(
      new Api.account.UpdateProfile({ firstName: "Profiled", lastName: "Person", about: "about me" }),
    )) as Api.User;
    expect([me.firstName, me.lastName, me.self]).toEqual(["Profiled", "Person", true]);
    await expect(alice.client.invoke(new Api.account.UpdateProfile({ firstName: " " }))).rejects.toThrow(
      /FIRSTNAME_INVALID/,
    );
    await expect(alice.client.invoke(new Api.account.UpdateUsername({ username: bob.username }))).rejects.toThrow(
      /USERNAME_OCCUPIED/,
    );
    expect(await alice.client.invoke(new Api.account.UpdateStatus({ offline: false }))).toBe(true);

    const found = await bob.client.invoke(new Api.contacts.Search({ q: alice.username, limit: 5 }));
    const hit = found.users.find((u) => u.id.toString() === String(alice.id)) as Api.User;
    expect(hit.firstName).toBe("Profiled");
    const aliceForBob = new Api.InputUser({ userId: hit.id, accessHash: hit.accessHash! });
    const full = await bob.client.invoke(new Api.users.GetFullUser({ id: aliceForBob }));
    expect(full.fullUser.about).toBe("about me");
    await expect(
      bob.client.invoke(
        new Api.users.GetFullUser({ id: new Api.InputUser({ userId: hit.id, accessHash: bigInt(1) }) }),
      ),
    ).rejects.toThrow(/USER_ID_INVALID/);
    await expect(
      bob.client.invoke(new Api.contacts.ResolveUsername({ username: "nobody_here_at_all" })),
    ).rejects.toThrow(/USERNAME_NOT_OCCUPIED/);

    const contactsBefore = (await bob.client.invoke(
      new Api.contacts.GetContacts({ hash: bigInt(0) }),
    )) as Api.contacts.Contacts;
    expect(contactsBefore.contacts).toEqual([]);

    const alicePeer = new Api.InputPeerUser({ userId: hit.id, accessHash: hit.accessHash! });
    const bobPeer = await resolve(alice.client, bob.username);
    expect(
      await bob.client.invoke(
        new Api.messages.SetTyping({ peer: alicePeer, action: new Api.SendMessageTypingAction() }),
      ),
    ).toBe(true);
    // A typing kind the core does not relay is accepted, as Telegram accepts every kind.
    expect(
      await bob.client.invoke(
        new Api.messages.SetTyping({ peer: alicePeer, action: new Api.SendMessageGeoLocationAction() }),
      ),
    ).toBe(true);
    const sent = (await bob.client.invoke(
      new Api.messages.SendMessage({ peer: alicePeer, message: "forward me", randomId: bigInt(99) }),
    )) as Api.Updates;
    const id = (sent.updates.find((u) => u instanceof Api.UpdateMessageID) as Api.UpdateMessageID).id;
    const fwd = (await bob.client.invoke(
      new Api.messages.ForwardMessages({
        fromPeer: alicePeer,
        toPeer: new Api.InputPeerSelf(),
        id: [id],
        randomId: [bigInt(100)],
      }),
    )) as Api.Updates;
    const copy = (fwd.updates.find((u) => u instanceof Api.UpdateNewMessage) as Api.UpdateNewMessage)
      .message as Api.Message;
    expect(copy.message).toBe("forward me");
    expect((copy.fwdFrom?.fromId as Api.PeerUser | undefined)?.userId.toString()).toBe(String(bob.id));

    const peerDialogs = await alice.client.invoke(
      new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: bobPeer })] }),
    );
    expect(peerDialogs.dialogs.map((d) => (d.peer as Api.PeerUser).userId.toString())).toEqual([String(bob.id)]);
    expect((peerDialogs.dialogs[0] as Api.Dialog | undefined)?.unreadCount).toBe(1);
    expect((peerDialogs.messages[0] as Api.Message).message).toBe("forward me");
    expect(peerDialogs.state.pts).toBeGreaterThan(0);
  }, 120_000);

  it("a poll sent by an SDK user shows to GramJS as messageMediaPoll; GramJS votes; the author sees the vote", async () => {
    const voter = await gramUser("Voter");
    const author = await signUp(srv, "Pollster");
    const authorName = uniqueName("pollster");
    await author.client.call("account.updateUsername", { username: authorName });
    const { user } = await author.client.call("contacts.resolveUsername", { username: voter.username });
    await author.client.call("messages.sendMedia", {
      peer: { _: "user", id: user.id },
      media: {
        _: "inputMediaPoll",
        poll: {
          question: "Tea or coffee?",
          answers: [
            { text: "Tea", option: "tea" },
            { text: "Coffee", option: "coffee" },
          ],
        },
      },
      random_id: "5151",
    });
    const authorPeer = await resolve(voter.client, authorName);
    const h = (await voter.client.invoke(
      new Api.messages.GetHistory({
        peer: authorPeer,
        limit: 1,
        offsetId: 0,
        addOffset: 0,
        maxId: 0,
        minId: 0,
        hash: bigInt(0),
      }),
    )) as Api.messages.Messages;
    const msg = h.messages[0] as Api.Message;
    const media = msg.media as Api.MessageMediaPoll;
    expect(media).toBeInstanceOf(Api.MessageMediaPoll);
    expect((media.poll.question as Api.TextWithEntities).text).toBe("Tea or coffee?");
    const coffee = media.poll.answers[1]!;
    expect((coffee.text as Api.TextWithEntities).text).toBe("Coffee");

    const voted = (await voter.client.invoke(
      new Api.messages.SendVote({ peer: authorPeer, msgId: msg.id, options: [coffee.option] }),
    )) as Api.Updates;
    const poll = voted.updates.find((u) => u instanceof Api.UpdateMessagePoll) as Api.UpdateMessagePoll;
    const chosen = poll.results.results?.find((r) => r.chosen);
    expect(Buffer.from(chosen!.option).toString()).toBe("coffee");
    await expect(
      voter.client.invoke(
        new Api.messages.SendVote({ peer: authorPeer, msgId: msg.id, options: [Buffer.from("milk")] }),
      ),
    ).rejects.toThrow(/OPTION_INVALID/);

    const seen = await author.client.call("messages.getHistory", { peer: { _: "user", id: user.id }, limit: 1 });
    const results = (
      seen.messages[0]?.media as { results?: { results: { option: string; voters: number }[] } } | undefined
    )?.results;
    expect(results?.results.find((r) => r.option === "coffee")?.voters).toBe(1);
    author.client.close();
  }, 120_000);

  it("presses a Bot API bot's inline button and gets its answer (grammY bot)", async () => {
    const who = await personWithBot(srv, "Owner");
    const bot = new Bot(who.token, { client: { apiRoot: srv.url } });
    bot.command("start", (ctx) =>
      ctx.reply("Press it", { reply_markup: new InlineKeyboard().text("Press me", "pressed") }),
    );
    bot.callbackQuery("pressed", (ctx) => ctx.answerCallbackQuery({ text: "Pressed!" }));
    await new Promise<void>((r) => void bot.start({ onStart: () => r() }));
    stops.push(() => bot.stop());
    const me = await bot.api.getMe();

    const user = await gramUser("Presser");
    const botPeer = await resolve(user.client, me.username);
    await user.client.invoke(new Api.messages.SendMessage({ peer: botPeer, message: "/start", randomId: bigInt(5) }));
    let withButton: Api.Message | undefined;
    for (let i = 0; i < 50 && !withButton; i++) {
      const h = (await user.client.invoke(
        new Api.messages.GetHistory({
          peer: botPeer,
          limit: 5,
          offsetId: 0,
          addOffset: 0,
          maxId: 0,
          minId: 0,
          hash: bigInt(0),
        }),
      )) as Api.messages.Messages;
      withButton = h.messages.find(
        (m): m is Api.Message => m instanceof Api.Message && m.replyMarkup instanceof Api.ReplyInlineMarkup,
      );
      if (!withButton) await new Promise((r) => setTimeout(r, 200));
    }
    expect(withButton?.message).toBe("Press it");
    const button = (withButton!.replyMarkup as Api.ReplyInlineMarkup).rows[0]!.buttons[0] as Api.KeyboardButtonCallback;
    expect(button.text).toBe("Press me");
    const answer = await user.client.invoke(
      new Api.messages.GetBotCallbackAnswer({ peer: botPeer, msgId: withButton!.id, data: button.data }),
    );
    expect(answer.message).toBe("Pressed!");
  }, 120_000);

  it("finds people by phone number (contacts.importContacts): registered numbers become contacts, others are left out", async () => {
    const finder = await gramUser("Finder");
    const found = await signUp(srv, "Phonebook");
    const phoneBook = [
      new Api.InputPhoneContact({
        clientId: bigInt(1),
        phone: found.phone.replace("+", ""),
        firstName: "Found",
        lastName: "Person",
      }),
      new Api.InputPhoneContact({ clientId: bigInt(2), phone: "+1 (999) 000-0000", firstName: "Nobody", lastName: "" }),
    ];
    const r = await finder.client.invoke(new Api.contacts.ImportContacts({ contacts: phoneBook }));
    expect(r.imported.map((i) => [i.clientId.toString(), i.userId.toString()])).toEqual([["1", String(found.user.id)]]);
    expect((r.users[0] as Api.User).contact).toBe(true);
    const list = (await finder.client.invoke(
      new Api.contacts.GetContacts({ hash: bigInt(0) }),
    )) as Api.contacts.Contacts;
    expect(list.contacts.map((c) => c.userId.toString())).toEqual([String(found.user.id)]);
    // The contact is usable at once: a message goes to the hash the import gave.
    const u = r.users[0] as Api.User;
    await finder.client.invoke(
      new Api.messages.SendMessage({
        peer: new Api.InputPeerUser({ userId: u.id, accessHash: u.accessHash! }),
        message: "found you",
        randomId: bigInt(Date.now()),
      }),
    );
    const h = await found.client.call("messages.getHistory", { peer: { _: "user", id: Number(finder.id) }, limit: 1 });
    expect(h.messages.map((m) => (m as { message: string }).message)).toEqual(["found you"]);
    found.client.close();
  }, 60_000);

  it("cloud drafts: saved over MTProto, seen by the account's Edgegram device, and the other way round", async () => {
    const writer = await gramUser("Writer");
    const friend = await signUp(srv, "Draftee");
    const friendName = uniqueName("draftee");
    await friend.client.call("account.updateUsername", { username: friendName });
    const peer = await resolve(writer.client, friendName);
    const sameAccount = await signInSdk(srv, writer.phone);
    const seenBySdk: string[] = [];
    sameAccount.client.onUpdates((us) => {
      for (const u of us as { _: string; draft?: { message: string } | null }[])
        if (u._ === "updateDraftMessage") seenBySdk.push(u.draft?.message ?? "");
    });
    await writer.client.invoke(new Api.messages.SaveDraft({ peer, message: "typed in GramJS" }));
    await expect.poll(() => seenBySdk, { timeout: 10_000 }).toEqual(["typed in GramJS"]);
    const all = await sameAccount.client.call("messages.getAllDrafts", {});
    expect(all.drafts.map((d) => [d.peer, d.draft.message])).toEqual([
      [{ _: "user", id: friend.user.id }, "typed in GramJS"],
    ]);

    const seenByGram: string[] = [];
    writer.client.addEventHandler((u: Api.TypeUpdate) => {
      if (u instanceof Api.UpdateDraftMessage && u.draft instanceof Api.DraftMessage) seenByGram.push(u.draft.message);
    }, new Raw({}));
    await sameAccount.client.call("messages.saveDraft", {
      peer: { _: "user", id: friend.user.id },
      message: "typed on Edgegram",
    });
    await expect.poll(() => seenByGram, { timeout: 10_000 }).toEqual(["typed on Edgegram"]);
    const drafts = (await writer.client.invoke(new Api.messages.GetAllDrafts())) as Api.Updates;
    const d = drafts.updates[0] as Api.UpdateDraftMessage;
    expect((d.draft as Api.DraftMessage).message).toBe("typed on Edgegram");
    sameAccount.client.close();
    friend.client.close();
  }, 60_000);
});
