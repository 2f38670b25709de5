/**
 * Channel posts reach devices through the directory's device registry (one
 * lookup per page of members, no UserObject hop). These tests pin down that
 * the registry never misses a live device and forgets revoked ones.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { directoryOf, userObjectOf } from "../../core/objects.ts";
import { anotherDevice, type Loose, type Person, person, pushed, randomId, say } from "./people.ts";

async function channelWith(admin: Person, ...subs: Person[]) {
  const { chat } = await admin.call("channels.createChannel", { title: "Registry news", public: true });
  for (const s of subs) await s.call("channels.joinChannel", { channel_id: chat.id });
  return { _: "channel", id: chat.id as number };
}

const post = (from: Person, peer: { _: string; id: number }, text: string) =>
  from.call("messages.sendMessage", { peer, message: text, random_id: randomId() });

const postText = (text: string) => (u: { message?: { message?: string } }) => u.message?.message === text;

describe("device registry", () => {
  it("a device signed in after joining gets the next channel post live, like the first one", async () => {
    const admin = await person("Registry admin");
    const sub = await person("Registry subscriber");
    const peer = await channelWith(admin, sub);
    const laptop = await anotherDevice(sub);
    const arrivals = [
      pushed(sub, "updateNewChannelMessage", postText("to both")),
      pushed(laptop, "updateNewChannelMessage", postText("to both")),
    ];
    await post(admin, peer, "to both");
    const [onPhone, onLaptop] = await Promise.all(arrivals);
    expect(onPhone.pts).toBe(onLaptop.pts);
  });

  it("a logged-out device leaves the registry; the account's other device still gets posts", async () => {
    const admin = await person("Registry admin 2");
    const sub = await person("Registry leaver");
    const peer = await channelWith(admin, sub);
    const tablet = await anotherDevice(sub);
    const before = await directoryOf(env).pushTargets([sub.id]);
    expect(before.devices).toHaveLength(2);
    await tablet.call("auth.logOut", {});
    const after = await directoryOf(env).pushTargets([sub.id]);
    expect(after.devices).toHaveLength(1);
    expect(after.unknown).toEqual([]);
    const arrival = pushed(sub, "updateNewChannelMessage", postText("after logout"));
    await post(admin, peer, "after logout");
    expect((await arrival).message.message).toBe("after logout");
  });

  it("an account the registry does not know yet still gets pushes (through its UserObject) and is registered", async () => {
    const admin = await person("Registry admin 3");
    const sub = await person("Registry old-timer");
    const peer = await channelWith(admin, sub);
    // State from before the registry existed: the account's devices were never listed.
    await runInDirectory((sql) => {
      sql.exec("DELETE FROM devices WHERE user_id = ?", sub.id);
      sql.exec("DELETE FROM device_lists WHERE user_id = ?", sub.id);
    });
    await evictDurableObject(userObjectOf(env, sub.id)); // and its object starts afresh, as after a deploy
    expect((await directoryOf(env).pushTargets([sub.id])).unknown).toEqual([sub.id]);
    const arrival = pushed(sub, "updateNewChannelMessage", postText("still arrives"));
    await post(admin, peer, "still arrives");
    await arrival;
    const now = await directoryOf(env).pushTargets([sub.id]);
    expect(now.unknown).toEqual([]);
    expect(now.devices).toHaveLength(1);
  });

  it("the sending device reads its own message from the result; the account's other devices get it pushed", async () => {
    const alice = await person("Two-device Alice");
    const bob = await person("Registry Bob");
    const laptop = await anotherDevice(alice);
    const onLaptop = pushed(laptop, "updateNewMessage", postText("from the phone"));
    const sent: Loose = await say(alice, bob, "from the phone");
    expect(sent.updates[0]).toMatchObject({ _: "updateNewMessage", message: { message: "from the phone" } });
    expect((await onLaptop).pts).toBe(sent.updates[0].pts);
    // Bob answers: the phone is pushed his message, and by then it has been pushed nothing of its own.
    await say(bob, alice, "got it");
    await pushed(alice, "updateNewMessage", postText("got it"));
    const ownPushes = alice.dev.inbox.filter(
      (r) =>
        r.body._ === "updates" &&
        (r.body.updates as Loose[]).some((u) => u._ === "updateNewMessage" && u.message?.message === "from the phone"),
    );
    expect(ownPushes).toEqual([]);
  });

  it("bots are reached through their Bot API queue, never as devices", async () => {
    const owner = await person("Registry bot owner");
    const bot = await owner.call("bots.createBot", {
      first_name: "Registry Bot",
      username: `registry${Date.now() % 1e9}bot`,
    });
    const targets = await directoryOf(env).pushTargets([bot.user.id, owner.id]);
    expect(targets.bots).toEqual([bot.user.id]);
    expect(targets.devices).toHaveLength(1);
  });
});

async function runInDirectory(fn: (sql: SqlStorage) => void): Promise<void> {
  await runInDurableObject(directoryOf(env), (_instance, state) => fn(state.storage.sql));
}
