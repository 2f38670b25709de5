/**
 * A supergroup or channel bigger than PARTICIPANTS_PAGE_MAX: getFullChat lists its admins and the caller
 * only (so a bot's getChatMember in a channel of 100,000 does not ask after every member),
 * channels.getParticipants pages every member once, and joining, leaving or looking at the chat reads no
 * more rows when it has 250 more members.
 */
import { describe, expect, it } from "vitest";
import { setMetering, takeUsage } from "../../core/usage-meter.ts";
import { PARTICIPANTS_PAGE_MAX } from "../../protocol/rpc/chats.ts";
import { type Loose as BotLoose, botCall, ownerWithBot } from "../bot-api/helpers.ts";
import { inviteAll, offlineAccounts } from "./crowd.ts";
import { errorOf, type Loose, type Person, person } from "./people.ts";

const ids = (list: { user_id: number }[]) => list.map((p) => p.user_id);
const ascending = (list: number[]) => [...list].sort((a, b) => a - b);

describe("a supergroup bigger than one page of participants", () => {
  it("Should list its admins and the caller in getFullChat, and every member once through channels.getParticipants", async () => {
    const admin = await person("Pager admin");
    const coadmin = await person("Pager coadmin");
    const member = await person(`Pagerzed${Date.now().toString(36)}`);
    const { chat } = await admin.call("channels.createChannel", { title: "Big room", megagroup: true });
    const offline = await offlineAccounts(PARTICIPANTS_PAGE_MAX + 50);
    await inviteAll(admin, chat.id, [coadmin.id, member.id, ...offline]);
    await admin.call("channels.editAdmin", { channel_id: chat.id, user_id: coadmin.id, is_admin: true });
    const everyone = ascending([admin.id, coadmin.id, member.id, ...offline]);

    const full = await member.call("messages.getFullChat", { peer: { _: "channel", id: chat.id } });
    expect(full.chat.participants_count).toBe(everyone.length);
    expect(ids(full.participants)).toEqual(ascending([admin.id, coadmin.id, member.id]));
    expect(full.users.map((u: Loose) => u.id).sort((a: number, b: number) => a - b)).toEqual(ids(full.participants));

    // Page by page: every member once, each page's users beside it.
    const seen: number[] = [];
    for (let offset = 0; offset < everyone.length; offset += 120) {
      const page = await member.call("channels.getParticipants", { channel_id: chat.id, offset, limit: 120 });
      expect(page.count).toBe(everyone.length);
      expect(page.users.map((u: Loose) => u.id)).toEqual(ids(page.participants));
      seen.push(...ids(page.participants));
    }
    expect(seen).toEqual(everyone);
    const past = await member.call("channels.getParticipants", { channel_id: chat.id, offset: everyone.length });
    expect(past.participants).toEqual([]);

    const admins = await member.call("channels.getParticipants", { channel_id: chat.id, filter: "admins" });
    expect(admins.count).toBe(2);
    expect(admins.participants.map((p: Loose) => [p.user_id, p.role])).toEqual(
      [
        [admin.id, "creator"],
        [coadmin.id, "admin"],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );

    // A name search finds the member, and no one of that name outside the group.
    const namesake = await person(`Pagerzed${Date.now().toString(36)}x`);
    const found = await admin.call("channels.getParticipants", { channel_id: chat.id, q: "pagerzed" });
    expect(ids(found.participants)).toEqual([member.id]);
    expect(found.count).toBe(1);
    expect(ids(found.participants)).not.toContain(namesake.id);

    // Bans are an admins' list: a removed user is `kicked`, a restricted member `banned`.
    const [gone, muted] = offline;
    const ban = (user_id: number, banned_rights: object) =>
      admin.call("channels.editBanned", { channel_id: chat.id, user_id, banned_rights });
    await ban(gone as number, { view_messages: true });
    await ban(muted as number, { send_messages: true });
    expect(await errorOf(member, "channels.getParticipants", { channel_id: chat.id, filter: "kicked" })).toBe(
      "403 CHAT_ADMIN_REQUIRED",
    );
    const kicked = await admin.call("channels.getParticipants", { channel_id: chat.id, filter: "kicked" });
    expect(ids(kicked.participants)).toEqual([gone]);
    const banned = await admin.call("channels.getParticipants", { channel_id: chat.id, filter: "banned" });
    expect(ids(banned.participants)).toEqual([muted]);
    expect(banned.participants[0].banned_rights.send_messages).toBe(true);
    const after = await member.call("channels.getParticipants", { channel_id: chat.id, limit: 1 });
    expect(after.count).toBe(everyone.length - 1);

    // Bad pages and strangers get Telegram's errors.
    const call = (p: object) => errorOf(member, "channels.getParticipants", { channel_id: chat.id, ...p });
    expect(await call({ limit: PARTICIPANTS_PAGE_MAX + 1 })).toBe("400 LIMIT_INVALID");
    expect(await call({ offset: -1 })).toBe("400 OFFSET_INVALID");
    expect(await call({ filter: "everyone" })).toBe("400 FILTER_INVALID");
    expect(await call({ q: "x".repeat(65) })).toBe("400 QUERY_TOO_LONG");
    expect(await call({ limit: "10" })).toBe("400 LIMIT_INVALID");
    expect(await errorOf(namesake, "channels.getParticipants", { channel_id: chat.id })).toBe("400 CHANNEL_PRIVATE");
  });

  it("Should answer a bot's getChatMember, getChatAdministrators and getChatMemberCount from the pages it needs", async () => {
    const { owner, token, botId } = await ownerWithBot("Big group owner");
    const member = await person("Big group member");
    const { chat } = await owner.call("channels.createChannel", { title: "Bot room", megagroup: true });
    await inviteAll(owner, chat.id, [botId, member.id, ...(await offlineAccounts(PARTICIPANTS_PAGE_MAX + 10))]);
    await owner.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true });
    const chatId = -(1_000_000_000_000 + chat.id);
    // The bot came in among 200 invited at once: the update batch naming them all still reaches it.
    let added: BotLoose;
    for (let i = 0; i < 50 && !added; i++) {
      const got = await botCall<BotLoose[]>(token, "getUpdates", { timeout: 0 });
      added = got.body.result?.find((u: BotLoose) => u.my_chat_member?.chat.id === chatId);
      if (!added) await new Promise((r) => setTimeout(r, 100));
    }
    expect(added?.my_chat_member.new_chat_member.status).toBe("member");
    const m = await botCall<BotLoose>(token, "getChatMember", { chat_id: chatId, user_id: member.id });
    expect(m.body.result).toMatchObject({ status: "member", user: { id: member.id, first_name: "Big group member" } });
    const admins = await botCall<BotLoose[]>(token, "getChatAdministrators", { chat_id: chatId });
    expect(admins.body.result?.map((a: BotLoose) => a.user.id).sort()).toEqual([owner.id, botId].sort());
    const count = await botCall<number>(token, "getChatMemberCount", { chat_id: chatId });
    expect(count.body.result).toBe(PARTICIPANTS_PAGE_MAX + 13);
  });
});

describe("rows read by a big channel's membership", () => {
  it("Should read no more rows to join, look at, page and leave a channel with 250 more members", async () => {
    const admin = await person("Rows owner");
    const { chat } = await admin.call("channels.createChannel", { title: "Rows channel", public: true });
    const peer = { _: "channel", id: chat.id };
    const rowsOf = async (who: Person) => {
      takeUsage();
      setMetering(true);
      try {
        await who.call("channels.joinChannel", { channel_id: chat.id });
        await who.call("messages.getFullChat", { peer });
        await who.call("channels.getParticipants", { channel_id: chat.id, limit: 2 }); // a page as big both times
        await who.call("channels.leaveChannel", { channel_id: chat.id });
      } finally {
        setMetering(false);
      }
      return takeUsage().sqlRowsRead;
    };
    const warm = await person("Rows warm-up");
    await rowsOf(warm); // wakes the objects and makes their tables
    const small = await rowsOf(await person("Rows small"));
    const added = 250;
    await inviteAll(admin, chat.id, await offlineAccounts(added));
    const big = await rowsOf(await person("Rows big"));
    // Before, the member count, the admin list and the others' read mark each read every member row (and a
    // leave posted to every subscriber): at least `added` more rows for each.
    expect(big - small).toBeLessThan(added / 10);
    expect(small).toBeGreaterThan(0); // the meter counted this chat's reads at all
  });
});
