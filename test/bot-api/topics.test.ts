/**
 * Forum topics by a bot: a supergroup made a forum (channels.toggleForum), topics created, edited,
 * closed, hidden and deleted with their service messages, messages sent into topics, and
 * unpinning all of a chat's or a topic's messages — each with Telegram's refusals.
 */
import { describe, expect, it } from "vitest";
import { errorOf, type Person, person, randomId } from "../messaging/people.ts";
import { botCall, ownerWithBot } from "./helpers.ts";

const channelChatId = (id: number) => -(1_000_000_000_000 + id);
const BOT_RIGHTS = { manage_topics: true, pin_messages: true, delete_messages: true };

/** A supergroup of Alice (creator), Bob and the bot (admin with `rights`), made a forum unless `forum` is false. */
async function forum(rights: Record<string, boolean> = BOT_RIGHTS, isForum = true) {
  const { owner: alice, token, botId } = await ownerWithBot("Alice");
  const bob = await person("Bob");
  const { chat } = await alice.call("channels.createChannel", { title: "Club", megagroup: true });
  await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [bob.id, botId] });
  await alice.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true, admin_rights: rights });
  if (isForum) await alice.call("channels.toggleForum", { channel_id: chat.id, enabled: true });
  const peer = { _: "channel", id: chat.id as number };
  return { alice, bob, token, botId, channelId: chat.id as number, chatId: channelChatId(chat.id), peer };
}

/** Bob's view of the chat's latest messages, newest first. */
async function history(p: Person, peer: { _: string; id: number }) {
  return (await p.call("messages.getHistory", { peer, limit: 20 })).messages as {
    id: number;
    message: string;
    action?: Record<string, unknown>;
    reply_to?: Record<string, unknown>;
  }[];
}

describe("forum topics", () => {
  it("Should make topics whose messages carry message_thread_id, for the bot and for members", async () => {
    const { bob, token, chatId, channelId, peer } = await forum();
    const chat = await botCall(token, "getChat", { chat_id: chatId });
    expect(chat.body.result).toMatchObject({ type: "supergroup", is_forum: true });

    const made = await botCall(token, "createForumTopic", { chat_id: chatId, name: "Books", icon_color: 0xffd67e });
    expect(made.body.ok).toBe(true);
    const thread = made.body.result.message_thread_id as number;
    expect(made.body.result).toEqual({ message_thread_id: thread, name: "Books", icon_color: 0xffd67e });

    const created = (await history(bob, peer)).find((m) => m.id === thread);
    expect(created?.action).toEqual({ _: "messageActionTopicCreate", title: "Books", icon_color: 0xffd67e });
    const { topics, count } = await bob.call("channels.getForumTopics", { channel_id: channelId });
    expect(count).toBe(2);
    expect(topics.map((t: { title: string }) => t.title)).toEqual(["Books", "General"]);

    const sent = await botCall(token, "sendMessage", { chat_id: chatId, message_thread_id: thread, text: "Welcome" });
    expect(sent.body.result).toMatchObject({ text: "Welcome", message_thread_id: thread, is_topic_message: true });
    expect(sent.body.result.chat.is_forum).toBe(true);

    // A member replying to the topic's messages posts into the topic, as Telegram's clients do.
    const bobs = await bob.call("messages.sendMessage", {
      peer,
      message: "Hi",
      random_id: randomId(),
      reply_to: { reply_to_msg_id: sent.body.result.message_id },
    });
    const bobMsg = bobs.updates[0].message;
    expect(bobMsg.reply_to).toEqual({
      reply_to_msg_id: sent.body.result.message_id,
      reply_to_top_id: thread,
      forum_topic: true,
    });
    // The bot answering Bob (no thread named) stays in Bob's topic.
    const answer = await botCall(token, "sendMessage", {
      chat_id: chatId,
      text: "Hello Bob",
      reply_parameters: { message_id: bobMsg.id },
    });
    expect(answer.body.result.message_thread_id).toBe(thread);
    // Without a thread a message goes to General: no thread id.
    const general = await botCall(token, "sendMessage", { chat_id: chatId, text: "Lobby" });
    expect(general.body.result.message_thread_id).toBeUndefined();
    expect(general.body.result.is_topic_message).toBeUndefined();

    const nowhere = await botCall(token, "sendMessage", { chat_id: chatId, message_thread_id: 99_999, text: "x" });
    expect(nowhere.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: message thread not found" });
  });

  it("Should rename, close, reopen and delete a topic with service messages, and refuse what Telegram refuses", async () => {
    const { bob, token, chatId, channelId, peer } = await forum();
    const thread = (await botCall(token, "createForumTopic", { chat_id: chatId, name: "Books" })).body.result
      .message_thread_id as number;
    const renamed = await botCall(token, "editForumTopic", {
      chat_id: chatId,
      message_thread_id: thread,
      name: "Novels",
    });
    expect(renamed.body).toEqual({ ok: true, result: true });
    const same = await botCall(token, "editForumTopic", { chat_id: chatId, message_thread_id: thread, name: "Novels" });
    expect(same.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: TOPIC_NOT_MODIFIED" });

    expect((await botCall(token, "closeForumTopic", { chat_id: chatId, message_thread_id: thread })).body.result).toBe(
      true,
    );
    const again = await botCall(token, "closeForumTopic", { chat_id: chatId, message_thread_id: thread });
    expect(again.body.description).toBe("Bad Request: TOPIC_NOT_MODIFIED");
    const inTopic = { peer, message: "late", reply_to: { reply_to_msg_id: thread } };
    expect(await errorOf(bob, "messages.sendMessage", { ...inTopic, random_id: randomId() })).toContain("TOPIC_CLOSED");
    // Who manages topics may still post in a closed one.
    const managerPost = await botCall(token, "sendMessage", { chat_id: chatId, message_thread_id: thread, text: "ok" });
    expect(managerPost.body.ok).toBe(true);
    await botCall(token, "reopenForumTopic", { chat_id: chatId, message_thread_id: thread });
    await bob.call("messages.sendMessage", { ...inTopic, random_id: randomId() });

    const actions = (await history(bob, peer)).filter((m) => m.action).map((m) => m.action);
    expect(actions.slice(0, 3)).toEqual([
      { _: "messageActionTopicEdit", closed: false },
      { _: "messageActionTopicEdit", closed: true },
      { _: "messageActionTopicEdit", title: "Novels" },
    ]);
    const { topics } = await bob.call("channels.getForumTopics", { channel_id: channelId });
    expect(topics[0]).toMatchObject({ id: thread, title: "Novels" });
    expect(topics[0].closed).toBeUndefined();

    expect((await botCall(token, "deleteForumTopic", { chat_id: chatId, message_thread_id: thread })).body).toEqual({
      ok: true,
      result: true,
    });
    const left = await history(bob, peer);
    expect(left.some((m) => m.id === thread || m.reply_to?.forum_topic)).toBe(false);
    expect((await bob.call("channels.getForumTopics", { channel_id: channelId })).count).toBe(1);
    const gone = await botCall(token, "sendMessage", { chat_id: chatId, message_thread_id: thread, text: "x" });
    expect(gone.body.description).toBe("Bad Request: message thread not found");
    const general = await botCall(token, "deleteForumTopic", { chat_id: chatId, message_thread_id: 1 });
    expect(general.body.ok).toBe(false);
  });

  it("Should rename, close, hide and show General; hiding closes it to members", async () => {
    const { bob, token, chatId, channelId, peer } = await forum();
    expect((await botCall(token, "editGeneralForumTopic", { chat_id: chatId, name: "Lobby" })).body.result).toBe(true);
    expect((await botCall(token, "hideGeneralForumTopic", { chat_id: chatId })).body.result).toBe(true);
    const general = (await bob.call("channels.getForumTopics", { channel_id: channelId })).topics[0];
    expect(general).toMatchObject({ id: 1, title: "Lobby", closed: true, hidden: true });
    const post = { peer, message: "hi" };
    expect(await errorOf(bob, "messages.sendMessage", { ...post, random_id: randomId() })).toContain("TOPIC_CLOSED");
    const hideAgain = await botCall(token, "hideGeneralForumTopic", { chat_id: chatId });
    expect(hideAgain.body.description).toBe("Bad Request: TOPIC_NOT_MODIFIED");
    expect((await botCall(token, "unhideGeneralForumTopic", { chat_id: chatId })).body.result).toBe(true);
    expect((await botCall(token, "reopenGeneralForumTopic", { chat_id: chatId })).body.result).toBe(true);
    await bob.call("messages.sendMessage", { ...post, random_id: randomId() });
    expect((await botCall(token, "closeGeneralForumTopic", { chat_id: chatId })).body.result).toBe(true);
    expect(await errorOf(bob, "messages.sendMessage", { ...post, random_id: randomId() })).toContain("TOPIC_CLOSED");
    const icon = await bob.call("channels.getForumTopics", { channel_id: channelId });
    expect(icon.topics[0]).toMatchObject({ id: 1, closed: true });
    expect(icon.topics[0].hidden).toBeUndefined();
  });

  it("Should refuse a bot without can_manage_topics, a chat that is no forum and bad topics", async () => {
    const weak = await forum({ pin_messages: true });
    const denied = await botCall(weak.token, "createForumTopic", { chat_id: weak.chatId, name: "Mine" });
    expect(denied.body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: not enough rights to create a topic",
    });
    const edit = await botCall(weak.token, "editGeneralForumTopic", { chat_id: weak.chatId, name: "Mine" });
    expect(edit.body.description).toBe("Bad Request: not enough rights to edit the topic");
    const close = await botCall(weak.token, "closeGeneralForumTopic", { chat_id: weak.chatId });
    expect(close.body.description).toBe("Bad Request: not enough rights to close or open the topic");
    const topic = await weak.alice.call("channels.createForumTopic", { channel_id: weak.channelId, title: "Hers" });
    const del = await botCall(weak.token, "deleteForumTopic", {
      chat_id: weak.chatId,
      message_thread_id: topic.topic.id,
    });
    expect(del.body.description).toBe("Bad Request: not enough rights to delete the topic");
    expect((await weak.bob.call("channels.getForumTopics", { channel_id: weak.channelId })).count).toBe(2);

    const plain = await forum(BOT_RIGHTS, false);
    const notForum = await botCall(plain.token, "createForumTopic", { chat_id: plain.chatId, name: "Books" });
    expect(notForum.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: the chat is not a forum" });
    const priv = await botCall(plain.token, "createForumTopic", { chat_id: plain.bob.id, name: "Books" });
    expect(priv.body.description).toBe("Bad Request: the chat is not a forum");

    const { token, chatId } = await forum();
    const empty = await botCall(token, "createForumTopic", { chat_id: chatId, name: "  " });
    expect(empty.body.description).toBe("Bad Request: TOPIC_TITLE_EMPTY");
    const colour = await botCall(token, "createForumTopic", { chat_id: chatId, name: "x", icon_color: 0x123456 });
    expect(colour.body.description).toBe("Bad Request: TOPIC_ICON_COLOR_INVALID");
    const icon = await botCall(token, "editGeneralForumTopic", { chat_id: chatId, name: "General" });
    expect(icon.body.description).toBe("Bad Request: TOPIC_NOT_MODIFIED");
  });

  it("Should let only admins who may change the chat's info make a supergroup a forum", async () => {
    const { alice, bob, channelId } = await forum(BOT_RIGHTS, false);
    expect(await errorOf(bob, "channels.toggleForum", { channel_id: channelId, enabled: true })).toContain(
      "CHAT_ADMIN_REQUIRED",
    );
    const r = await alice.call("channels.toggleForum", { channel_id: channelId, enabled: true });
    expect(r.chat.forum).toBe(true);
    expect(await errorOf(alice, "channels.toggleForum", { channel_id: channelId, enabled: true })).toContain(
      "CHAT_NOT_MODIFIED",
    );
    const { chat: news } = await alice.call("channels.createChannel", { title: "News" });
    expect(await errorOf(alice, "channels.toggleForum", { channel_id: news.id, enabled: true })).toContain(
      "CHANNEL_INVALID",
    );
  });
});

describe("unpinning all messages", () => {
  it("Should unpin one topic's, General's, or all pinned messages", async () => {
    const { alice, bob, token, chatId, peer } = await forum();
    const thread = (await botCall(token, "createForumTopic", { chat_id: chatId, name: "Books" })).body.result
      .message_thread_id as number;
    const send = async (extra: Record<string, unknown>) => {
      const r = await botCall(token, "sendMessage", { chat_id: chatId, text: "pin me", ...extra });
      await botCall(token, "pinChatMessage", { chat_id: chatId, message_id: r.body.result.message_id });
      return r.body.result.message_id as number;
    };
    const inTopic = await send({ message_thread_id: thread });
    const inGeneral = await send({});
    const pinned = async () =>
      (await bob.call("messages.getMessages", { peer, id: [inTopic, inGeneral] })).messages.map(
        (m: { pinned?: boolean }) => m.pinned === true,
      );
    expect(await pinned()).toEqual([true, true]);
    const one = await botCall(token, "unpinAllForumTopicMessages", { chat_id: chatId, message_thread_id: thread });
    expect(one.body).toEqual({ ok: true, result: true });
    expect(await pinned()).toEqual([false, true]);
    await botCall(token, "unpinAllGeneralForumTopicMessages", { chat_id: chatId });
    expect(await pinned()).toEqual([false, false]);

    await send({ message_thread_id: thread });
    await send({});
    expect((await botCall(token, "unpinAllChatMessages", { chat_id: chatId })).body.result).toBe(true);
    const all = await alice.call("messages.search", { peer, q: "pin me", filter_pinned: true });
    expect(all.messages.filter((m: { pinned?: boolean }) => m.pinned)).toEqual([]);
  });

  it("Should refuse a bot that may not pin, and a topic in a chat that is no forum", async () => {
    const { token, chatId } = await forum({ manage_topics: true });
    const denied = await botCall(token, "unpinAllChatMessages", { chat_id: chatId });
    expect(denied.body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: not enough rights to manage pinned messages in the chat",
    });
    const plain = await forum(BOT_RIGHTS, false);
    const notForum = await botCall(plain.token, "unpinAllForumTopicMessages", {
      chat_id: plain.chatId,
      message_thread_id: 5,
    });
    expect(notForum.body.description).toBe("Bad Request: the chat is not a forum");
  });

  it("Should answer getForumTopicIconStickers with no stickers (Edgegram has no custom emoji)", async () => {
    const { token } = await ownerWithBot();
    expect((await botCall(token, "getForumTopicIconStickers")).body).toEqual({ ok: true, result: [] });
  });
});
