/** The scale runs' development-only bulk routes: refused outside local development, real core calls inside. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { directoryOf, userObjectOf } from "../../core/objects.ts";
import gateway from "../../workers/gateway/index.ts";
import { errorOf, type Loose, person, pushed, say } from "../messaging/people.ts";

const post = (url: string, body: unknown, e: Env = env, headers?: HeadersInit) =>
  gateway.fetch(new Request(url, { method: "POST", body: JSON.stringify(body), headers }), e, {} as ExecutionContext);
const local = (path: string, body: unknown) => post(`http://127.0.0.1${path}`, body);

let n = 0;
const phone = () => `+1888${String(Date.now() % 1_000_000).padStart(6, "0")}${n++ % 10}`;

describe("dev bulk routes outside local development", () => {
  const bodies: [string, unknown][] = [
    ["/dev/accounts", { phones: ["+15550009999"], first_name: "X", offline_device: true }],
    ["/dev/calls", { calls: [{ as: 1, method: "updates.getState", params: {} }] }],
    ["/dev/channel-members", { channel_id: 1, user_ids: [1] }],
  ];

  it("Should answer 404 without DEV_MODE, and to a public host or client address with it", async () => {
    const production = { ...env, DEV_MODE: undefined };
    for (const [path, body] of bodies) {
      for (const res of [
        await post(`http://127.0.0.1${path}`, body, production),
        await post(`https://edgegram.example${path}`, body),
        await post(`http://127.0.0.1${path}`, body, env, { "cf-connecting-ip": "203.0.113.7" }),
      ]) {
        expect(res.status, path).toBe(404);
        expect(await res.json()).toEqual({ error: { code: 404, message: "NOT_FOUND" } });
      }
    }
    expect(await directoryOf(env).userIdByPhone("+15550009999")).toBeNull();
    const get = await gateway.fetch(
      new Request("https://edgegram.example/dev/object-calls"),
      env,
      {} as ExecutionContext,
    );
    expect(get.status).toBe(404);
  });
});

describe("dev bulk routes in local development", () => {
  it("Should make accounts with an offline device registered for pushes", async () => {
    const phones = [phone(), phone()];
    const res = await local("/dev/accounts", { phones, first_name: "Offline", offline_device: true });
    expect(res.status).toBe(200);
    const { ids } = (await res.json()) as { ids: number[] };
    expect(ids).toHaveLength(2);
    for (const [i, id] of ids.entries()) {
      expect(await directoryOf(env).userIdByPhone(phones[i] as string)).toBe(id);
      const user = userObjectOf(env, id);
      expect((await user.getUser(0)).first_name).toBe("Offline");
      expect(await user.listAuthorizations("")).toHaveLength(1);
    }
  });

  it("Should refuse bad input and taken phones with 400 and write nothing", async () => {
    for (const bad of [null, { phones: [] }, { phones: ["abc"], first_name: "X" }, { phones: ["+15550001"] }]) {
      const res = await local("/dev/accounts", bad);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 400, message: "INPUT_INVALID" } });
    }
    const taken = phone();
    expect((await local("/dev/accounts", { phones: [taken], first_name: "A" })).status).toBe(200);
    const fresh = phone();
    const res = await local("/dev/accounts", { phones: [fresh, taken], first_name: "B" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 400, message: "PHONE_NUMBER_OCCUPIED" } });
    expect(await directoryOf(env).userIdByPhone(fresh)).toBeNull();
    const twice = await local("/dev/accounts", { phones: [fresh, fresh], first_name: "B" });
    expect(twice.status).toBe(400);
  });

  it("Should run each call as its user through the core, with errors as values", async () => {
    const alice = await person("Alice");
    const res = await local("/dev/calls", {
      calls: [
        { as: alice.id, method: "updates.getState", params: {} },
        { as: alice.id, method: "no.suchMethod", params: {} },
        { as: alice.id, method: "channels.joinChannel", params: { channel_id: 1 } },
      ],
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: ({ result: unknown } | { error: unknown })[] };
    // The same state, read as Alice herself reads it; `date` is the server's clock, which may have ticked.
    const state = await alice.call("updates.getState");
    expect(results[0]).toEqual({ result: { ...state, date: expect.any(Number) } });
    expect(results[1]).toEqual({ error: { code: 400, message: "METHOD_INVALID" } });
    expect(results[2]).toHaveProperty("error.code", 400);
    for (const bad of [null, { calls: [] }, { calls: [{ as: "1", method: "x" }] }, { calls: [{ as: 1 }] }]) {
      const r = await local("/dev/calls", bad);
      expect(r.status).toBe(400);
      expect(await r.json()).toEqual({ error: { code: 400, message: "INPUT_INVALID" } });
    }
  });

  it("Should join users to a channel as channels.joinChannel does, once each", async () => {
    const owner = await person("Owner");
    const [byCall, bulk, other] = [await person("ByCall"), await person("Bulk"), await person("Other")];
    const { chat } = await owner.call("channels.createChannel", { title: "Bulk news", public: true });
    const peer = { _: "channel", id: chat.id };
    await say(owner, peer, "before");
    await byCall.call("channels.joinChannel", { channel_id: chat.id });
    const res = await local("/dev/channel-members", { channel_id: chat.id, user_ids: [bulk.id, 999_999_999_999] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      joined: [bulk.id],
      refused: [{ user_id: 999_999_999_999, error: { code: 400, message: "USER_ID_INVALID" } }],
    });
    expect(await pushed(bulk, "updateChannel")).toEqual({ _: "updateChannel", channel_id: chat.id });
    // The same dialog, participant count, history and channel difference as the member who called.
    const dialogOf = async (p: typeof bulk) =>
      (await p.call("messages.getDialogs", {})).dialogs.find((d: Loose) => d.peer.id === chat.id);
    expect(await dialogOf(bulk)).toEqual(await dialogOf(byCall));
    const full = await bulk.call("messages.getFullChat", { peer });
    expect(full.chat.participants_count).toBe(3);
    const sent = await say(owner, peer, "after");
    const pts = sent.updates[0].pts - 1;
    for (const p of [byCall, bulk]) {
      const diff = await p.call("updates.getChannelDifference", { channel_id: chat.id, pts });
      expect(diff.updates.map((u: Loose) => u.message.message)).toEqual(["after"]);
    }
    expect(await dialogOf(bulk)).toEqual(await dialogOf(byCall));
    // Already members (by either path) are refused as joinChannel refuses them, and not counted twice.
    const again = await local("/dev/channel-members", { channel_id: chat.id, user_ids: [bulk.id, byCall.id, bulk.id] });
    const taken = { code: 400, message: "USER_ALREADY_PARTICIPANT" };
    expect(await again.json()).toEqual({
      joined: [],
      refused: [bulk.id, byCall.id, bulk.id].map((user_id) => ({ user_id, error: taken })),
    });
    expect(await errorOf(bulk, "channels.joinChannel", { channel_id: chat.id })).toBe("400 USER_ALREADY_PARTICIPANT");
    expect((await owner.call("messages.getFullChat", { peer })).chat.participants_count).toBe(3);
    // A private channel refuses strangers here too, and writes nothing.
    const hidden = (await owner.call("channels.createChannel", { title: "Hidden" })).chat;
    const shut = await local("/dev/channel-members", { channel_id: hidden.id, user_ids: [other.id] });
    expect(await shut.json()).toEqual({
      joined: [],
      refused: [{ user_id: other.id, error: { code: 400, message: "CHANNEL_PRIVATE" } }],
    });
    expect(await errorOf(other, "messages.getHistory", { peer: { _: "channel", id: hidden.id } })).toBe(
      "400 CHANNEL_PRIVATE",
    );
    expect(await dialogOf(other)).toBeUndefined();
    for (const bad of [
      null,
      { channel_id: chat.id },
      { channel_id: chat.id, user_ids: [] },
      { channel_id: "1", user_ids: [bulk.id] },
      { channel_id: chat.id, user_ids: [1.5] },
      { channel_id: chat.id, user_ids: Array.from({ length: 1001 }, (_, i) => i + 1) },
    ]) {
      const r = await local("/dev/channel-members", bad);
      expect(r.status).toBe(400);
      expect(await r.json()).toEqual({ error: { code: 400, message: "INPUT_INVALID" } });
    }
  });
});
