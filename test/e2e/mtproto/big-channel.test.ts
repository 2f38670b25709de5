/**
 * A broadcast channel big enough (CONNECTED_PUSH_MIN members) that its posts are pushed by each device
 * shard to its connected devices only: a GramJS subscriber (an MTProto key with a push route) still gets
 * every post pushed once, beside more than a hundred subscribers whose devices never connect; and a
 * supergroup of more than one page of participants is listed to GramJS page by page.
 */
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { Raw } from "telegram/events/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { server } from "../story.ts";
import { addGramjsServerKey, gramjsClient, gramjsSignUp } from "./gramjs-client.ts";

const srv = server();
/** CONNECTED_PUSH_MIN in durable-objects/chat/member-kinds.ts (not importable here: the e2e project has no Env types). */
const CONNECTED_PUSH_MIN = 128;
const clients: TelegramClient[] = [];

beforeAll(() => addGramjsServerKey(inject("mtprotoPublicKeyPem")));
afterAll(async () => {
  for (const c of clients) await c.destroy().catch(() => {});
});

async function gramUser(name: string): Promise<{ client: TelegramClient; me: Api.User }> {
  const client = gramjsClient(srv.url);
  clients.push(client);
  await gramjsSignUp(srv.url, client, name, "Big");
  const me = (await client.getMe()) as Api.User;
  return { client, me };
}

async function dev<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`${srv.url}${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

let phoneBlock = 0;
/** Accounts whose devices never connect, made in one call. */
async function offlineAccounts(n: number, firstName: string): Promise<number[]> {
  const stamp = `${String(Date.now() % 1_000_000).padStart(6, "0")}${++phoneBlock % 10}`;
  const phones = Array.from({ length: n }, (_, i) => `+1666${stamp}${String(i).padStart(4, "0")}`);
  return (await dev<{ ids: number[] }>("/dev/accounts", { phones, first_name: firstName, offline_device: true })).ids;
}

async function newChannel(owner: TelegramClient, title: string, kind: "broadcast" | "megagroup") {
  const made = (await owner.invoke(new Api.channels.CreateChannel({ title, about: "", [kind]: true }))) as Api.Updates;
  return made.chats.find((c) => c instanceof Api.Channel) as Api.Channel;
}

/** The owner invites these users, 200 a call (the method's limit). */
async function inviteAll(owner: Api.User, channel: Api.Channel, users: number[]): Promise<void> {
  const calls = [];
  for (let i = 0; i < users.length; i += 200)
    calls.push({
      as: Number(owner.id),
      method: "channels.inviteToChannel",
      params: { channel_id: Number(channel.id), users: users.slice(i, i + 200) },
    });
  const invited = await dev<{ results: { error?: unknown }[] }>("/dev/calls", { calls });
  expect(invited.results.map((r) => r.error)).toEqual(calls.map(() => undefined));
}

describe("a big channel over MTProto", () => {
  it("pushes each post once to a connected GramJS subscriber among offline ones", async () => {
    const admin = await gramUser("Bigadmin");
    const member = await gramUser("Bigmember");
    const channel = await newChannel(admin.client, "Big MTProto news", "broadcast");
    const ids = await offlineAccounts(CONNECTED_PUSH_MIN, "Offline");
    await inviteAll(admin.me, channel, [Number(member.me.id), ...ids]);

    const pushed: string[] = [];
    member.client.addEventHandler((u: Api.TypeUpdate) => {
      if (u instanceof Api.UpdateNewChannelMessage && u.message instanceof Api.Message) pushed.push(u.message.message);
    }, new Raw({}));
    // The member's session has a push route once it has sent something (every client calls at start-up).
    await member.client.invoke(new Api.updates.GetState());
    const peer = new Api.InputPeerChannel({ channelId: channel.id, accessHash: channel.accessHash! });
    const said = ["big 1", "big 2", "big 3"];
    for (const [i, text] of said.entries())
      await admin.client.invoke(
        new Api.messages.SendMessage({ peer, message: text, randomId: bigInt(Date.now() + i) }),
      );
    await expect.poll(() => pushed, { timeout: 15_000 }).toEqual(said);
  });

  it("lists every member of a supergroup of more than 200, page by page, as GramJS asks for them", async () => {
    const admin = await gramUser("Pageadmin");
    const member = await gramUser(`Pagemember${Date.now().toString(36)}`);
    const channel = await newChannel(admin.client, "Big MTProto room", "megagroup");
    const users = [Number(member.me.id), ...(await offlineAccounts(250, "Quiet"))];
    await inviteAll(admin.me, channel, users);

    // GramJS pages by offset, 200 at a time: every member once, and the total beside them.
    const all = await admin.client.getParticipants(channel, { limit: 1000 });
    const seen = all.map((u) => Number(u.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => a - b)).toEqual([Number(admin.me.id), ...users].sort((a, b) => a - b));
    expect(all.total).toBe(252);
    const admins = await admin.client.getParticipants(channel, { filter: new Api.ChannelParticipantsAdmins() });
    expect(Array.from(admins, (u) => Number(u.id))).toEqual([Number(admin.me.id)]);
    const found = await admin.client.getParticipants(channel, { search: "pagemember" });
    expect(Array.from(found, (u) => Number(u.id))).toEqual([Number(member.me.id)]);
    const full = (await admin.client.invoke(new Api.channels.GetFullChannel({ channel }))) as Api.messages.ChatFull;
    expect((full.fullChat as Api.ChannelFull).participantsCount).toBe(252);
  });
});
