import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { chatKeyOf } from "../../core/chat/keys.ts";
import { renderMessage } from "../../core/chat/render.ts";
import { chatObjectOf, userObjectOf } from "../../core/objects.ts";
import * as store from "../../durable-objects/chat/store.ts";
import type { ChatObject } from "../../durable-objects/chat-object.ts";
import { type Loose, person, pushed, randomId, say, userPeer } from "./people.ts";

const newMessages = (updates: Loose[]) =>
  updates.filter((u) => u._ === "updateNewMessage").map((u) => u.message.message as string);

describe("updates", () => {
  it("getDifference returns exactly what was missed, in order, in bounded slices", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const before = await bob.call("updates.getState", {});
    for (let i = 0; i < 30; i++) await say(alice, bob, `m${i}`);
    const got: Loose[] = [];
    let pts = before.pts;
    for (;;) {
      const d = await bob.call("updates.getDifference", { pts, limit: 8 });
      if (d._ === "updates.differenceEmpty") break;
      got.push(...d.updates);
      pts = d._ === "updates.differenceSlice" ? d.intermediate_state.pts : d.state.pts;
      expect(d.users.map((u: Loose) => u.id)).toContain(alice.id);
      if (d._ === "updates.difference") break;
    }
    expect(newMessages(got)).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`));
    expect(got.map((u) => u.pts)).toEqual(Array.from({ length: 30 }, (_, i) => before.pts + i + 1));
    expect((await bob.call("updates.getDifference", { pts })).state.pts).toBe(pts);
    expect(await bob.call("updates.getDifference", { pts: -1 }).catch((e: Error) => e.message)).toBe(
      "400 PERSISTENT_TIMESTAMP_INVALID",
    );
  });

  it("a second device of Bob gets every message too", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const { RawDevice } = await import("../gateway/raw-device.ts");
    // Bob's laptop: signs in with the same phone on a new auth key.
    const laptop = await RawDevice.connect();
    const sent = (await laptop.call("auth.sendCode", { phone_number: bob.phone })) as Loose;
    const { devCode } = await import("../gateway/raw-device.ts");
    await laptop.call("auth.signIn", {
      phone_number: bob.phone,
      phone_code_hash: sent.phone_code_hash,
      phone_code: await devCode(bob.phone),
    });
    const bobLaptop = {
      ...bob,
      dev: laptop,
      call: (m: string, p: unknown = {}) => laptop.call(m, p) as Promise<Loose>,
    };
    // Bob's phone got the sign-in code from the service account first; then Alice's message reaches both.
    expect((await pushed(bob, "updateNewMessage")).message.message).toMatch(/^Login code: \d{6}\./);
    await say(alice, bob, "to both");
    expect((await pushed(bob, "updateNewMessage")).message.message).toBe("to both");
    expect((await pushed(bobLaptop, "updateNewMessage")).message.message).toBe("to both");
  });

  it("an object restarting mid-fan-out loses nothing: the outbox resumes from its alarm", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    await say(alice, bob, "warm-up");
    const key = chatKeyOf(alice.id, userPeer(bob) as Loose);
    const stub = chatObjectOf(env as Loose, key);
    const bobBefore = await userObjectOf(env as Loose, bob.id).updatesState();

    // The change is committed with its fan-out job, then the object dies before delivering.
    await runInDurableObject(stub, async (instance: ChatObject, state) => {
      const sql = state.storage.sql;
      const m = store.meta(sql) as store.MetaRow;
      state.storage.transactionSync(() => {
        const row = store.insertMessage(sql, alice.id, { text: "sent just before the crash" });
        (instance as Loose).fanout.enqueue({
          kind: "log",
          recipients: [alice.id, bob.id],
          update: { _: "updateNewMessage", message: renderMessage(m, row, null) },
          dialog: { top: { id: row.id, date: row.date } },
          from: alice.id,
        });
      });
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    await evictDurableObject(stub);
    expect(await userObjectOf(env as Loose, bob.id).updatesState()).toEqual(bobBefore);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const d = await bob.call("updates.getDifference", { pts: bobBefore.pts });
    expect(newMessages(d.updates)).toEqual(["sent just before the crash"]);
    expect((await pushed(bob, "updateNewMessage", (u) => u.message.message === "sent just before the crash")).pts).toBe(
      bobBefore.pts + 1,
    );
    // Nothing is left to send, and nothing is sent twice.
    await runInDurableObject(stub, (instance: ChatObject) => expect((instance as Loose).fanout.pending()).toBe(0));
    await runDurableObjectAlarm(stub);
    expect((await bob.call("updates.getState", {})).pts).toBe(bobBefore.pts + 1);
  });

  it("delivered jobs leave the outbox with the next change, or the alarm; after a restart they are not logged twice", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const stub = chatObjectOf(env as Loose, chatKeyOf(alice.id, userPeer(bob) as Loose));
    const outboxRows = () =>
      runInDurableObject(
        stub,
        (_: ChatObject, state) =>
          state.storage.sql.exec("SELECT seq FROM outbox WHERE kind != 'done'").toArray().length,
      );
    await say(alice, bob, "one");
    await say(alice, bob, "two");
    // "one" went out and was deleted in the transaction that queued "two"; "two" waits for the next
    // change or the retry alarm (which may have fired already on a slow machine).
    expect(await outboxRows()).toBeLessThanOrEqual(1);
    const pts = (await bob.call("updates.getState", {})).pts;

    // A restart forgets which stored jobs were delivered: the alarm sends them again, Bob's log ignores them.
    await runInDurableObject(stub, (_: ChatObject, state) => state.storage.setAlarm(Date.now() + 60_000));
    await evictDurableObject(stub);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await outboxRows()).toBe(0);
    expect((await bob.call("updates.getState", {})).pts).toBe(pts);
    const d = await bob.call("updates.getDifference", { pts: pts - 2 });
    expect(newMessages(d.updates)).toEqual(["one", "two"]);
  });

  it("a job's seq is never handed out again once the outbox is emptied, even after a restart", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const stub = chatObjectOf(env as Loose, chatKeyOf(alice.id, userPeer(bob) as Loose));
    const outbox = () =>
      runInDurableObject(stub, (_: ChatObject, state) =>
        state.storage.sql.exec<{ seq: number; kind: string }>("SELECT seq, kind FROM outbox ORDER BY seq").toArray(),
      );
    await say(alice, bob, "one");
    // The alarm flushes the delivered job: it stays as the newest seq, emptied.
    await runInDurableObject(stub, (_: ChatObject, state) => state.storage.setAlarm(Date.now() + 60_000));
    await runDurableObjectAlarm(stub);
    const [kept, ...rest] = await outbox();
    expect(rest).toEqual([]);
    expect(kept?.kind).toBe("done");
    await evictDurableObject(stub);
    // The restarted chat sends nothing again and numbers the next job after it: Bob logs it as new.
    const pts = (await bob.call("updates.getState", {})).pts;
    await say(alice, bob, "two");
    expect((await pushed(bob, "updateNewMessage", (u) => u.message.message === "two")).pts).toBe(pts + 1);
    const after = await outbox();
    expect(after.map((r) => r.seq).at(-1)).toBe((kept?.seq ?? 0) + 1);
    expect((await bob.call("updates.getState", {})).pts).toBe(pts + 1);
  });

  it("a redelivered event is logged once", async () => {
    const bob = await person("Bob");
    const user = userObjectOf(env as Loose, bob.id);
    const event = {
      id: `private:1:${bob.id}#1`,
      seq: 1,
      chatKey: `private:1:${bob.id}`,
      peer: { _: "user" as const, id: 1 },
      update: { _: "updateDeleteMessages" as const, peer: { _: "user" as const, id: 1 }, messages: [1] },
    };
    const first = await user.applyChatEvents([event]);
    const again = await user.applyChatEvents([event, event]);
    expect(again).toEqual([first[0], first[0]]);
    expect((await user.updatesState()).pts).toBe((first[0] as Loose).pts);
  });

  it("typing and presence are pushed, not logged", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    await say(alice, bob, "hey");
    const pts = (await bob.call("updates.getState", {})).pts;
    await alice.call("messages.setTyping", { peer: userPeer(bob), action: "sendMessageTypingAction" });
    expect(await pushed(bob, "updateUserTyping")).toEqual({
      _: "updateUserTyping",
      user_id: alice.id,
      action: "sendMessageTypingAction",
    });
    await alice.call("account.updateStatus", { offline: false });
    expect((await pushed(bob, "updateUserStatus")).status._).toBe("online");
    expect((await bob.call("updates.getState", {})).pts).toBe(pts);
    const keyboard = { _: "replyInlineMarkup", rows: [[{ text: "Yes", callback_data: "y" }]] };
    const withKeyboard = await alice.call("messages.sendMessage", {
      peer: userPeer(bob),
      message: "choose",
      random_id: randomId(),
      reply_markup: keyboard,
    });
    expect(withKeyboard.message.reply_markup).toEqual(keyboard);
  });
});
