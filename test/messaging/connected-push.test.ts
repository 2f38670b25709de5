/**
 * A post to a big supergroup or channel (CONNECTED_PUSH_MIN members or more) is pushed by every device
 * shard to its own connected devices of the members, with no lookup of each member's devices: connected
 * members get it live, one who connects after it finds it by getChannelDifference, offline members cost no
 * row beyond their member row, and bot members still get it in their Bot API queue.
 */
import { runInDurableObject, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { chatObjectOf } from "../../core/objects.ts";
import { setMetering, takeUsage } from "../../core/usage-meter.ts";
import { CONNECTED_PUSH_MIN } from "../../durable-objects/chat/member-kinds.ts";
import { randomU64 } from "../../protocol/binary.ts";
import { openFrame, sealFrame } from "../../protocol/frame.ts";
import { clientFinishConnect, clientHello } from "../../protocol/handshake.ts";
import { MsgIdClock } from "../../protocol/msg-id.ts";
import type { ServerMessage } from "../../protocol/transport.ts";
import { type Loose as BotLoose, botCall, ownerWithBot } from "../bot-api/helpers.ts";
import { createAuthKey, devCode, serverPublicKey } from "../gateway/raw-device.ts";
import { inviteAll, offlineAccounts } from "./crowd.ts";
import { anotherDevice, type Loose, type Person, person, pushed, randomId } from "./people.ts";

/** Offline accounts every test's channel shares (an account may subscribe to many channels). */
let offline: Promise<number[]> | undefined;

/** A channel whose members are `online` plus enough offline accounts to take the connected-devices push. */
async function bigChannel(admin: Person, online: Person[], title: string) {
  const { chat } = await admin.call("channels.createChannel", { title });
  offline ??= offlineAccounts(CONNECTED_PUSH_MIN);
  await inviteAll(admin, chat.id, [...online.map((p) => p.id), ...(await offline)]);
  return { _: "channel", id: chat.id as number };
}

const postText = (text: string) => (u: Loose) => u.message?.message === text;

/** Posts and waits until each of `receivers` was pushed the post; returns the post's pts. */
async function post(admin: Person, peer: { _: string; id: number }, text: string, receivers: Person[] = []) {
  const arrivals = receivers.map((r) => pushed(r, "updateNewChannelMessage", postText(text)));
  const sent = await admin.call("messages.sendMessage", { peer, message: text, random_id: randomId() });
  await Promise.all(arrivals);
  return (sent.updates as Loose[]).find((u) => u._ === "updateNewChannelMessage").pts as number;
}

/** `p` signed in on a device that speaks the HTTP fallback only (no socket): `call` answers, `poll` reads what waits. */
async function httpDevice(p: Person) {
  const BASE = "http://gateway.test";
  const { authKey, authKeyId } = await createAuthKey();
  const hello = clientHello("connect", authKey);
  const res = await SELF.fetch(`${BASE}/v1/http/${authKeyId}/connect`, { method: "POST", body: hello.hello });
  const keys = clientFinishConnect(hello, new Uint8Array(await res.arrayBuffer()), authKey, serverPublicKey);
  const sessionId = randomU64();
  const clock = new MsgIdClock();
  const send = async (body: unknown): Promise<ServerMessage[]> => {
    const msgId = clock.next();
    const frame = sealFrame(keys.c2s, keys.connKeyId, { sessionId, msgId, seqNo: 0, body, blob: new Uint8Array() });
    const r = new Uint8Array(
      await (await SELF.fetch(`${BASE}/v1/http/${authKeyId}`, { method: "POST", body: frame })).arrayBuffer(),
    );
    const out: ServerMessage[] = [];
    const view = new DataView(r.buffer, r.byteOffset, r.byteLength);
    for (let o = 0; o + 4 <= r.length; o += 4 + view.getUint32(o, false)) {
      const f = openFrame(keys.s2c, r.subarray(o + 4, o + 4 + view.getUint32(o, false)));
      if (f) out.push(f.body as ServerMessage);
    }
    return out;
  };
  const call = async (method: string, params: unknown) =>
    (await send({ _: "rpc", method, params })).find((m) => m._ === "result") as Loose;
  const sent = await call("auth.sendCode", { phone_number: p.phone });
  const code = await devCode(p.phone);
  await call("auth.signIn", { phone_number: p.phone, phone_code_hash: sent.result.phone_code_hash, phone_code: code });
  return { poll: () => send({ _: "ping", ping_id: String(clock.next()) }) };
}

const pushesOf = (p: Person, text: string) =>
  p.dev.inbox.filter((r) => r.body._ === "updates" && (r.body.updates as Loose[]).some((u) => postText(text)(u)))
    .length;

describe("a post to a big channel pushes to connected devices only", () => {
  it("Should push to every connected member once, not to the sending device, and let the sender's other device have it", async () => {
    const admin = await person("Big admin");
    const subs = [await person("Big sub 1"), await person("Big sub 2")];
    const peer = await bigChannel(admin, subs, "Big news");
    const adminLaptop = await anotherDevice(admin);
    await post(admin, peer, "live", [...subs, adminLaptop]);
    // Settled: every shard has answered by the time the send's job is done; nothing came twice.
    await post(admin, peer, "live 2", [...subs, adminLaptop]);
    // `post` took each one's push of it from the inbox: none is left, so none came twice.
    for (const p of [...subs, adminLaptop]) expect(pushesOf(p, "live")).toBe(0);
    expect(pushesOf(admin, "live")).toBe(0); // the sender reads its own post from the result
  });

  it("Should keep the post for a member's device on the HTTP fallback until its next poll", async () => {
    const admin = await person("Poll admin");
    const sub = await person("Poll sub");
    const peer = await bigChannel(admin, [sub], "Poll news");
    const laptop = await httpDevice(sub);
    await laptop.poll(); // the session is one that polls
    await post(admin, peer, "polled", [sub]);
    const texts = (await laptop.poll())
      .filter((m) => m._ === "updates")
      .flatMap((m) => (m as Loose).updates.map((u: Loose) => u.message?.message));
    expect(texts).toContain("polled");
  });

  it("Should let a device that connects right after a post (or during it) find it by getChannelDifference, pushed at most once", async () => {
    const admin = await person("Race admin");
    const sub = await person("Race sub");
    const peer = await bigChannel(admin, [sub], "Race news");
    const before = await post(admin, peer, "warm-up", [sub]);
    // A second device of the subscriber connects and signs in while the post is being pushed.
    const [pts, laptop] = await Promise.all([post(admin, peer, "during", [sub]), anotherDevice(sub)]);
    const after = await anotherDevice(sub); // and a third right after it
    for (const d of [laptop, after]) {
      const diff = await d.call("updates.getChannelDifference", { channel_id: peer.id, pts: before });
      expect(diff.updates.map((u: Loose) => u.message.message)).toEqual(["during"]);
      expect(diff.pts).toBe(pts);
      expect(pushesOf(d, "during")).toBeLessThanOrEqual(1);
    }
    // Both are connected now: the next post reaches them live.
    await post(admin, peer, "next", [sub, laptop, after]);
  });

  it("Should read no more rows for a post when offline members are added than their own member rows", async () => {
    const admin = await person("Rows admin");
    const sub = await person("Rows sub");
    const peer = await bigChannel(admin, [sub], "Rows news");
    const rowsOfPost = async (text: string) => {
      await post(admin, peer, `${text} (warm-up)`, [sub]); // classifies new members, wakes the shards
      takeUsage();
      setMetering(true);
      try {
        await post(admin, peer, text, [sub]);
        // The post's job ends when every shard has answered; its outbox row goes with the next change.
        await post(admin, peer, `${text} (after)`, [sub]);
      } finally {
        setMetering(false);
      }
      return takeUsage().sqlRowsRead;
    };
    const small = await rowsOfPost("before");
    const added = 200;
    await inviteAll(admin, peer.id, await offlineAccounts(added));
    const big = await rowsOfPost("after");
    // Two posts measured; each reads a member row per member and nothing else per offline member
    // (looking up their devices read ~9 rows a member before, as the registry and the shards did).
    expect(big - small).toBeLessThanOrEqual(2 * added * 1.5);
    expect(big - small).toBeGreaterThanOrEqual(2 * added); // the member rows are read and counted
  });

  it("Should still hand the post to a bot member's Bot API queue", async () => {
    const { owner: admin, token, botId } = await ownerWithBot("Big bot owner");
    const peer = await bigChannel(admin, [], "Bot news");
    await inviteAll(admin, peer.id, [botId]);
    await admin.call("channels.editAdmin", { channel_id: peer.id, user_id: botId, is_admin: true });
    // Their kinds were learned as they joined: the post need not ask the directory about anyone.
    const kinds = await runInDurableObject(chatObjectOf(env, `channel:${peer.id}`), (_o, state) =>
      state.storage.sql.exec("SELECT bot, count(*) AS n FROM members GROUP BY bot ORDER BY bot").toArray(),
    );
    expect(kinds).toEqual([
      { bot: 0, n: CONNECTED_PUSH_MIN + 1 }, // and the owner
      { bot: 1, n: 1 },
    ]);
    await post(admin, peer, "for the bot");
    const texts: string[] = [];
    for (let i = 0; i < 10 && !texts.includes("for the bot"); i++) {
      const r = await botCall(token, "getUpdates", { timeout: 1 });
      for (const u of r.body.result as BotLoose[]) if (u.channel_post?.text) texts.push(u.channel_post.text);
    }
    expect(texts).toEqual(["for the bot"]);
  });
});
