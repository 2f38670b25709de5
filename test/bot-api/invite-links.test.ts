/** Invite links and join requests: a bot makes links, users join by them (or ask to), the bot approves or declines. */
import { describe, expect, it } from "vitest";
import { errorOf, person } from "../messaging/people.ts";
import { botCall, type Loose, ownerWithBot } from "./helpers.ts";

const supergroupId = (id: number) => -(1_000_000_000_000 + id);
const LINK = /^https:\/\/[^/]+\/\+([A-Za-z0-9_-]+)$/;
const hashOf = (link: string) => (LINK.exec(link) as RegExpExecArray)[1] as string;

/** Alice's private supergroup with her bot as an admin (or a plain member). */
async function club(botIsAdmin = true) {
  const { owner: alice, token, botId } = await ownerWithBot("Alice");
  const { chat } = await alice.call("channels.createChannel", { title: "Club", megagroup: true });
  await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [botId] });
  if (botIsAdmin) await alice.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true });
  return { alice, token, botId, channelId: chat.id as number, chatId: supergroupId(chat.id) };
}

/** Chooses which update types the bot gets, dropping everything pending. */
async function choose(token: string, allowed: string[]): Promise<void> {
  const r = await botCall(token, "getUpdates", { timeout: 0, allowed_updates: allowed });
  const last = (r.body.result as Loose[]).at(-1);
  if (last) await botCall(token, "getUpdates", { offset: last.update_id + 1, timeout: 0 });
}

/** Polls (confirming as it goes) until `n` updates of `type` arrived, or a poll comes back empty. */
async function collect(token: string, type: string, n: number): Promise<Loose[]> {
  const found: Loose[] = [];
  let offset = 0;
  for (let i = 0; i < 10 && found.length < n; i++) {
    const updates = (await botCall(token, "getUpdates", { offset, timeout: 2 })).body.result as Loose[];
    if (updates.length === 0) break;
    for (const u of updates) {
      offset = u.update_id + 1;
      if (u[type]) found.push(u[type]);
    }
  }
  if (offset > 0) await botCall(token, "getUpdates", { offset, timeout: 0 });
  return found;
}

const status = async (token: string, chatId: number, userId: number) =>
  (await botCall(token, "getChatMember", { chat_id: chatId, user_id: userId })).body.result.status;

describe("createChatInviteLink and joining by it", () => {
  it("Should make a link on our host that a stranger checks, joins by, and the bot hears about", async () => {
    const { token, botId, channelId, chatId } = await club();
    await choose(token, ["chat_member", "message"]);
    const r = await botCall(token, "createChatInviteLink", { chat_id: chatId, name: "Friends", member_limit: 5 });
    expect(r.body).toMatchObject({
      ok: true,
      result: {
        creator: { id: botId, is_bot: true },
        creates_join_request: false,
        is_primary: false,
        is_revoked: false,
        name: "Friends",
        member_limit: 5,
      },
    });
    const link = r.body.result.invite_link as string;
    expect(link).toMatch(LINK);

    const bob = await person("Bob");
    expect(await bob.call("messages.checkChatInvite", { hash: hashOf(link) })).toMatchObject({
      _: "chatInvite",
      title: "Club",
      megagroup: true,
      request_needed: false,
      participants_count: 2,
    });
    const joined = await bob.call("messages.importChatInvite", { hash: hashOf(link) });
    expect(joined.chat).toMatchObject({ _: "channel", id: channelId, title: "Club" });
    expect(await status(token, chatId, bob.id)).toBe("member");
    // The whole link works as well as its hash; a member is told so.
    expect(await bob.call("messages.checkChatInvite", { hash: link })).toMatchObject({ _: "chatInviteAlready" });
    expect(await errorOf(bob, "messages.importChatInvite", { hash: link })).toBe("400 USER_ALREADY_PARTICIPANT");

    const members = await collect(token, "chat_member", 1);
    expect(members.map((u) => [u.from.id, u.old_chat_member.status, u.new_chat_member.status])).toEqual([
      [bob.id, "left", "member"],
    ]);
    expect(members[0].invite_link).toMatchObject({ invite_link: link, name: "Friends", creator: { id: botId } });
  });

  it("Should show the bot only the start of a link another admin made", async () => {
    const { alice, token, channelId } = await club();
    await choose(token, ["chat_member"]);
    const made = await alice.call("messages.exportChatInvite", {
      peer: { _: "channel", id: channelId },
      title: "Mine",
    });
    const bob = await person("Bob");
    await bob.call("messages.importChatInvite", { hash: made.hash });
    const [joined] = await collect(token, "chat_member", 1);
    expect(joined.invite_link).toMatchObject({ creator: { id: alice.id }, name: "Mine", is_primary: false });
    expect(joined.invite_link.invite_link).toBe(`${made.link.slice(0, -made.hash.length)}${made.hash.slice(0, 8)}...`);
  });

  it("Should post new_chat_members in a basic group joined by link", async () => {
    const { owner: alice, token, botId } = await ownerWithBot("Alice");
    const { chat } = await alice.call("messages.createChat", { title: "Family", users: [botId] });
    await alice.call("messages.editChatAdmin", { chat_id: chat.id, user_id: botId, is_admin: true });
    await choose(token, ["message"]);
    const link = (await botCall(token, "createChatInviteLink", { chat_id: -chat.id })).body.result.invite_link;
    const carol = await person("Carol");
    const joined = await carol.call("messages.importChatInvite", { hash: hashOf(link) });
    // Clients show "Carol joined": Telegram's service message for a join by link, sent by who joined.
    expect(joined.updates.map((u: Loose) => u.message?.action)).toContainEqual({ _: "messageActionChatJoinedByLink" });
    const messages = await collect(token, "message", 1);
    expect(messages[0]).toMatchObject({
      chat: { id: -chat.id, type: "group" },
      from: { id: carol.id },
      new_chat_members: [{ id: carol.id, first_name: "Carol" }],
    });
  });

  it("Should stop admitting once the member limit is reached, the link is revoked, or it expired", async () => {
    const { token, chatId } = await club();
    const [bob, carol, dave] = await Promise.all([person("Bob"), person("Carol"), person("Dave")]);
    const one = (await botCall(token, "createChatInviteLink", { chat_id: chatId, member_limit: 1 })).body.result;
    await bob.call("messages.importChatInvite", { hash: hashOf(one.invite_link) });
    expect(await errorOf(carol, "messages.importChatInvite", { hash: hashOf(one.invite_link) })).toBe(
      "400 INVITE_HASH_EXPIRED",
    );

    const other = (await botCall(token, "createChatInviteLink", { chat_id: chatId })).body.result;
    const revoked = await botCall(token, "revokeChatInviteLink", { chat_id: chatId, invite_link: other.invite_link });
    expect(revoked.body.result).toMatchObject({ invite_link: other.invite_link, is_revoked: true });
    expect(await errorOf(carol, "messages.importChatInvite", { hash: hashOf(other.invite_link) })).toBe(
      "400 INVITE_HASH_EXPIRED",
    );
    expect(await errorOf(carol, "messages.checkChatInvite", { hash: hashOf(other.invite_link) })).toBe(
      "400 INVITE_HASH_EXPIRED",
    );
    expect(
      (await botCall(token, "editChatInviteLink", { chat_id: chatId, invite_link: other.invite_link, name: "x" })).body
        .description,
    ).toBe("Bad Request: INVITE_HASH_EXPIRED");

    const soon = Math.floor(Date.now() / 1000) + 1;
    const brief = (await botCall(token, "createChatInviteLink", { chat_id: chatId, expire_date: soon })).body.result;
    expect(brief.expire_date).toBe(soon);
    await new Promise((r) => setTimeout(r, 2100));
    expect(await errorOf(dave, "messages.importChatInvite", { hash: hashOf(brief.invite_link) })).toBe(
      "400 INVITE_HASH_EXPIRED",
    );
    expect(await errorOf(dave, "messages.importChatInvite", { hash: "not-a-link" })).toBe("400 INVITE_HASH_INVALID");
  }, 20_000); // waits 2 s for a link to expire: the 5 s default is too tight on a busy machine

  it("Should refuse a bot that is no admin, a private chat, and terms Telegram refuses", async () => {
    const { token, chatId } = await club(false);
    const noRights = "Bad Request: not enough rights to manage chat invite link";
    for (const method of ["createChatInviteLink", "exportChatInviteLink"])
      expect((await botCall(token, method, { chat_id: chatId })).body).toMatchObject({
        ok: false,
        error_code: 400,
        description: noRights,
      });
    const bob = await person("Bob");
    for (const method of ["approveChatJoinRequest", "declineChatJoinRequest"])
      expect((await botCall(token, method, { chat_id: chatId, user_id: bob.id })).body.description).toBe(noRights);

    const admin = await club();
    expect((await botCall(admin.token, "createChatInviteLink", { chat_id: admin.alice.id })).body.description).toBe(
      "Bad Request: can't invite members to a private chat",
    );
    const both = { chat_id: admin.chatId, member_limit: 3, creates_join_request: true };
    expect((await botCall(admin.token, "createChatInviteLink", both)).body.description).toBe(
      "Bad Request: member limit can't be specified for links requiring administrator approval",
    );
    const past = { chat_id: admin.chatId, expire_date: Math.floor(Date.now() / 1000) - 60 };
    expect((await botCall(admin.token, "createChatInviteLink", past)).body.description).toBe(
      "Bad Request: EXPIRE_DATE_INVALID",
    );
    const huge = { chat_id: admin.chatId, member_limit: 100_000 };
    expect((await botCall(admin.token, "createChatInviteLink", huge)).body.description).toBe(
      "Bad Request: USAGE_LIMIT_INVALID",
    );
    // Nobody made a link: a stranger in the chat's list learns nothing.
    const stranger = await ownerWithBot("Mallory");
    expect((await botCall(stranger.token, "createChatInviteLink", { chat_id: admin.chatId })).body.description).toBe(
      "Bad Request: chat not found",
    );
  });
});

describe("exportChatInviteLink, editChatInviteLink and revokeChatInviteLink", () => {
  it("Should give a new primary link each time, revoking the one before; revoking the primary makes another", async () => {
    const { token, chatId } = await club();
    const bob = await person("Bob");
    const first = (await botCall(token, "exportChatInviteLink", { chat_id: chatId })).body.result as string;
    const second = (await botCall(token, "exportChatInviteLink", { chat_id: chatId })).body.result as string;
    expect(first).toMatch(LINK);
    expect(second).not.toBe(first);
    expect(await errorOf(bob, "messages.importChatInvite", { hash: hashOf(first) })).toBe("400 INVITE_HASH_EXPIRED");

    const revoked = await botCall(token, "revokeChatInviteLink", { chat_id: chatId, invite_link: second });
    expect(revoked.body.result).toMatchObject({ invite_link: second, is_primary: true, is_revoked: true });
    expect(await errorOf(bob, "messages.importChatInvite", { hash: hashOf(second) })).toBe("400 INVITE_HASH_EXPIRED");
    // A fresh primary link took its place: the next export revokes that one in turn.
    const third = (await botCall(token, "exportChatInviteLink", { chat_id: chatId })).body.result as string;
    // getChat shows admins the primary link, as Telegram's ChatFullInfo.invite_link.
    expect((await botCall(token, "getChat", { chat_id: chatId })).body.result.invite_link).toBe(third);
    await bob.call("messages.importChatInvite", { hash: hashOf(third) });
    expect(await status(token, chatId, bob.id)).toBe("member");
  });

  it("Should replace every term on edit, as the Bot API does, and refuse an unknown link", async () => {
    const { token, chatId } = await club();
    const made = (await botCall(token, "createChatInviteLink", { chat_id: chatId, name: "Old", member_limit: 2 })).body
      .result;
    const edited = await botCall(token, "editChatInviteLink", {
      chat_id: chatId,
      invite_link: made.invite_link,
      name: "New name that is far longer than thirty-two characters",
      creates_join_request: true,
    });
    expect(edited.body.result).toMatchObject({
      invite_link: made.invite_link,
      name: "New name that is far longer than",
      creates_join_request: true,
      pending_join_request_count: 0,
    });
    expect(edited.body.result.member_limit).toBeUndefined();
    const unknown = `${made.invite_link.slice(0, -3)}zzz`;
    expect(
      (await botCall(token, "editChatInviteLink", { chat_id: chatId, invite_link: unknown })).body.description,
    ).toBe("Bad Request: INVITE_HASH_INVALID");
    const primary = (await botCall(token, "exportChatInviteLink", { chat_id: chatId })).body.result;
    expect(
      (await botCall(token, "editChatInviteLink", { chat_id: chatId, invite_link: primary, name: "x" })).body
        .description,
    ).toBe("Bad Request: CHAT_INVITE_PERMANENT");
  });
});

describe("join requests", () => {
  it("Should file a request the admin bot hears of and approves; the user joins", async () => {
    const { token, botId, chatId } = await club();
    await choose(token, ["chat_join_request", "chat_member"]);
    const link = (
      await botCall(token, "createChatInviteLink", { chat_id: chatId, name: "Ask", creates_join_request: true })
    ).body.result.invite_link;
    const bob = await person("Bob");
    await bob.call("account.updateProfile", { about: "I like clubs" });
    expect(await bob.call("messages.checkChatInvite", { hash: hashOf(link) })).toMatchObject({ request_needed: true });
    expect(await errorOf(bob, "messages.importChatInvite", { hash: hashOf(link) })).toBe("400 INVITE_REQUEST_SENT");
    expect(await errorOf(bob, "messages.importChatInvite", { hash: hashOf(link) })).toBe("400 INVITE_REQUEST_SENT");
    expect(await status(token, chatId, bob.id)).toBe("left");

    const [request] = await collect(token, "chat_join_request", 1);
    expect(request).toMatchObject({
      chat: { id: chatId, type: "supergroup", title: "Club" },
      from: { id: bob.id, first_name: "Bob" },
      user_chat_id: bob.id,
      bio: "I like clubs",
      invite_link: {
        invite_link: link,
        creator: { id: botId },
        creates_join_request: true,
        name: "Ask",
        pending_join_request_count: 1,
      },
    });
    expect(request.date).toBeGreaterThan(0);

    expect((await botCall(token, "approveChatJoinRequest", { chat_id: chatId, user_id: bob.id })).body).toEqual({
      ok: true,
      result: true,
    });
    expect(await status(token, chatId, bob.id)).toBe("member");
    const [joined] = await collect(token, "chat_member", 1);
    expect(joined).toMatchObject({
      from: { id: botId },
      new_chat_member: { status: "member", user: { id: bob.id } },
      invite_link: { invite_link: link, creates_join_request: true, pending_join_request_count: 0 },
    });
    expect((await botCall(token, "approveChatJoinRequest", { chat_id: chatId, user_id: bob.id })).body).toMatchObject({
      ok: false,
      error_code: 400,
      description: "Bad Request: HIDE_REQUESTER_MISSING",
    });
  });

  it("Should drop a declined request: the user stays out and may ask again", async () => {
    const { token, chatId } = await club();
    const link = (await botCall(token, "createChatInviteLink", { chat_id: chatId, creates_join_request: true })).body
      .result.invite_link;
    const carol = await person("Carol");
    expect(await errorOf(carol, "messages.importChatInvite", { hash: hashOf(link) })).toBe("400 INVITE_REQUEST_SENT");
    expect((await botCall(token, "declineChatJoinRequest", { chat_id: chatId, user_id: carol.id })).body.result).toBe(
      true,
    );
    expect(await status(token, chatId, carol.id)).toBe("left");
    expect(
      (await botCall(token, "declineChatJoinRequest", { chat_id: chatId, user_id: carol.id })).body.description,
    ).toBe("Bad Request: HIDE_REQUESTER_MISSING");
    expect(await errorOf(carol, "messages.importChatInvite", { hash: hashOf(link) })).toBe("400 INVITE_REQUEST_SENT");
  });
});
