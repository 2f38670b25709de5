import { describe, expect, it } from "vitest";
import type { TlConstructors, TlResults } from "../../../../../protocol/mtproto/gen/api-types.ts";
import { decodeCall, encodeForLayer, encodeResultForLayer } from "../../../../../protocol/mtproto/layers/calls.ts";
import { STAND_IN_BY_TYPE } from "../../../../../protocol/mtproto/layers/compat.ts";
import { downgrade, upgrade } from "../../../../../protocol/mtproto/layers/convert.ts";
import {
  CURRENT_LAYER,
  resolveLayer,
  SUPPORTED_LAYERS,
  tablesForLayer,
} from "../../../../../protocol/mtproto/layers/resolve.ts";
import { decode, decodeResult, encode, type TlObject } from "../../../../../protocol/mtproto/tl/codec.ts";
import { TlDecodeError } from "../../../../../protocol/mtproto/tl/errors.ts";
import { randomObject, rngFrom } from "../random-tl.ts";

const OLD_LAYERS = SUPPORTED_LAYERS.filter((l) => l !== CURRENT_LAYER);

describe("resolveLayer", () => {
  it("picks the greatest supported layer not above the client's, or the oldest", () => {
    expect(SUPPORTED_LAYERS).toEqual([144, 198, 227, 228]);
    expect(CURRENT_LAYER).toBe(228);
    expect(resolveLayer(144)).toBe(144);
    expect(resolveLayer(197)).toBe(144);
    expect(resolveLayer(198)).toBe(198);
    expect(resolveLayer(226)).toBe(198);
    expect(resolveLayer(227)).toBe(227);
    expect(resolveLayer(500)).toBe(228);
    expect(resolveLayer(1)).toBe(144);
    expect(tablesForLayer(150)).toBe(tablesForLayer(144));
  });
});

/** Current-layer objects the core will send most. */
const user: TlObject = {
  _: "user",
  self: true,
  contact: false,
  id: 1_000_001n,
  accessHash: -77n,
  firstName: "Alice",
  username: "alice",
  phone: "15550001",
  status: { _: "userStatusOnline", expires: 1_800_000_000 },
  storiesMaxId: { _: "recentStory", maxId: 5 }, // a shape older layers do not have (int there)
};

const message: TlObject = {
  _: "message",
  out: true,
  id: 42,
  fromId: { _: "peerUser", userId: 1_000_001n },
  peerId: { _: "peerUser", userId: 1_000_002n },
  date: 1_765_000_000,
  message: "hello **world**",
  entities: [{ _: "messageEntityBold", offset: 6, length: 9 }],
  replyTo: { _: "messageReplyHeader", replyToMsgId: 41 },
  media: { _: "messageMediaDice", value: 3, emoticon: "🎲" },
};

const updateShortMessage: TlObject = {
  _: "updateShortMessage",
  out: false,
  id: 43,
  userId: 1_000_002n,
  message: "hi",
  pts: 10,
  ptsCount: 1,
  date: 1_765_000_001,
};

const authorization: TlObject = {
  _: "authorization",
  current: true,
  hash: 0n,
  deviceModel: "Edgegram test",
  platform: "Node",
  systemVersion: "22",
  apiId: 1,
  appName: "edgegram",
  appVersion: "0.1.0",
  dateCreated: 1_765_000_000,
  dateActive: 1_765_000_100,
  ip: "127.0.0.1",
  country: "Local",
  region: "",
};

function config(): TlObject {
  // A full current-layer config: the simplest valid one, with the fields a client reads set.
  const t = tablesForLayer(CURRENT_LAYER);
  const ctor = t.byName.get("config");
  if (!ctor) throw new Error("no config");
  const base = randomObject(t, ctor, rngFrom(1), 0);
  return {
    ...base,
    dcOptions: [{ _: "dcOption", ipv6: false, id: 1, ipAddress: "127.0.0.1", port: 8787 }],
    thisDc: 1,
    meUrlPrefix: "https://t.me/",
  };
}

describe("the core's objects in every layer", () => {
  const cases: [string, () => TlObject, string[]][] = [
    ["user", () => user, ["id", "accessHash", "firstName", "username", "phone", "status", "self"]],
    ["message", () => message, ["id", "fromId", "peerId", "date", "message", "entities", "replyTo", "out"]],
    ["updateShortMessage", () => updateShortMessage, ["id", "userId", "message", "pts", "ptsCount", "date"]],
    ["config", config, ["dcOptions", "thisDc", "meUrlPrefix", "date", "expires"]],
    ["authorization", () => authorization, ["deviceModel", "platform", "apiId", "appName", "ip", "dateCreated"]],
  ];
  for (const [name, make, kept] of cases) {
    for (const layer of SUPPORTED_LAYERS) {
      it(`${name} encodes in layer ${layer} and decodes back`, () => {
        const obj = make();
        const bytes = encodeForLayer(obj, layer);
        const t = tablesForLayer(layer);
        expect(bytes.subarray(0, 4)).toEqual(encode(t, downgrade(obj, layer)).subarray(0, 4));
        const inLayer = decode(t, bytes);
        expect(inLayer._).toBe(name);
        const back = upgrade(inLayer, layer);
        for (const field of kept) {
          // decoding adds the absent true-flags as false: compare what was sent, not more
          if (typeof obj[field] === "object")
            expect(back[field], `${name}.${field}`).toMatchObject(obj[field] as object);
          else expect(back[field], `${name}.${field}`).toEqual(obj[field]);
        }
        // the current layer's tables accept the upgraded object
        expect(decode(tablesForLayer(CURRENT_LAYER), encode(tablesForLayer(CURRENT_LAYER), back))).toEqual(back);
      });
    }
  }

  it("a field whose type changed is defaulted, not mis-encoded (user.stories_max_id: int before, RecentStory now)", () => {
    const old = decode(tablesForLayer(198), encodeForLayer(user, 198));
    expect(old.storiesMaxId).toBeUndefined();
    const current = upgrade(old, 198);
    expect(current.storiesMaxId).toBeUndefined();
  });
});

describe("conversion of every constructor both ways", () => {
  for (const layer of OLD_LAYERS) {
    it(`each layer-${layer} object upgrades to a current object that encodes`, () => {
      const from = tablesForLayer(layer);
      const to = tablesForLayer(CURRENT_LAYER);
      const failures: string[] = [];
      for (const ctor of from.byName.values()) {
        if (!to.byName.has(ctor.name)) continue;
        const obj = randomObject(from, ctor, rngFrom(ctor.id), 0);
        try {
          encode(to, upgrade(decode(from, encode(from, obj)), layer));
        } catch (e) {
          failures.push(`${ctor.name}: ${(e as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it(`each current object downgrades to layer ${layer} and encodes`, () => {
      const from = tablesForLayer(CURRENT_LAYER);
      const to = tablesForLayer(layer);
      const failures: string[] = [];
      for (const ctor of from.byName.values()) {
        if (!to.byName.has(ctor.name)) continue;
        const obj = randomObject(from, ctor, rngFrom(ctor.id ^ 5), 0);
        try {
          decode(to, encodeForLayer(obj, layer));
        } catch (e) {
          failures.push(`${ctor.name}: ${(e as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it("a constructor an old layer lacks: its stand-in in a field, left out of a vector", () => {
    const t144 = tablesForLayer(144);
    expect(t144.byName.has("messageMediaStory")).toBe(false);
    const withStory = { ...message, media: { _: "messageMediaStory", peer: { _: "peerUser", userId: 1n }, id: 1 } };
    expect(downgrade(withStory, 144).media).toEqual({ _: "messageMediaUnsupported" });
    const updates: TlObject = {
      _: "updates",
      updates: [
        { _: "updateNewStory", peer: { _: "peerUser", userId: 1n }, story: { _: "storyItemDeleted", id: 1 } },
        { _: "updateNewMessage", message, pts: 1, ptsCount: 1 },
      ],
      users: [user],
      chats: [],
      date: 1,
      seq: 0,
    };
    const old = decode(t144, encodeForLayer(updates, 144));
    expect((old.updates as TlObject[]).map((u) => u._)).toEqual(["updateNewMessage"]);
  });

  it("every stand-in exists, with its type, in every layer", () => {
    for (const layer of SUPPORTED_LAYERS) {
      const t = tablesForLayer(layer);
      for (const [type, name] of Object.entries(STAND_IN_BY_TYPE)) {
        expect(t.byName.get(name)?.type, `${name} in layer ${layer}`).toBe(type);
      }
    }
  });
});

describe("decodeCall", () => {
  const t144 = tablesForLayer(144);
  const initConnection = (query: TlObject): TlObject => ({
    _: "initConnection",
    apiId: 6,
    deviceModel: "Telethon",
    systemVersion: "Linux",
    appVersion: "1.25",
    systemLangCode: "en",
    langPack: "",
    langCode: "en",
    query,
  });

  it("peels invokeWithLayer + initConnection and upgrades a layer-144 call to the current model", () => {
    const send: TlObject = {
      _: "messages.sendMessage",
      peer: { _: "inputPeerSelf" },
      message: "hi",
      randomId: 99n,
      replyToMsgId: 7,
      silent: true,
    };
    const bytes = encode(t144, { _: "invokeWithLayer", layer: 144, query: initConnection(send) });
    const call = decodeCall(bytes, 0);
    expect(call.layer).toBe(144);
    expect(call.declaredLayer).toBe(144);
    expect(call.wrappers).toEqual(["invokeWithLayer", "initConnection"]);
    expect(call.initConnection).toMatchObject({ apiId: 6, deviceModel: "Telethon", appVersion: "1.25" });
    expect(call.method).toMatchObject({
      _: "messages.sendMessage",
      peer: { _: "inputPeerSelf" },
      message: "hi",
      randomId: 99n,
      silent: true,
      replyTo: { _: "inputReplyToMessage", replyToMsgId: 7 },
    });
    expect(call.method.replyToMsgId).toBeUndefined();
  });

  it("a declared layer between supported ones decodes in the one below; later calls use the stored layer", () => {
    const t198 = tablesForLayer(198);
    const first = decodeCall(encode(t198, { _: "invokeWithLayer", layer: 210, query: { _: "help.getConfig" } }), 0);
    expect(first.layer).toBe(198);
    expect(first.declaredLayer).toBe(210);
    const later = decodeCall(encode(t198, { _: "users.getFullUser", id: { _: "inputUserSelf" } }), 210);
    expect(later.layer).toBe(198);
    expect(later.method).toEqual({ _: "users.getFullUser", id: { _: "inputUserSelf" } });
  });

  it("invokeWithoutUpdates and invokeAfterMsg(s)", () => {
    const t = tablesForLayer(CURRENT_LAYER);
    const bytes = encode(t, {
      _: "invokeAfterMsgs",
      msgIds: [5n, 6n],
      query: { _: "invokeAfterMsg", msgId: 9n, query: { _: "invokeWithoutUpdates", query: { _: "updates.getState" } } },
    });
    const call = decodeCall(bytes, CURRENT_LAYER);
    expect(call.withoutUpdates).toBe(true);
    expect(call.afterMsgIds).toEqual([5n, 6n, 9n]);
    expect(call.method).toEqual({ _: "updates.getState" });
    expect(call.declaredLayer).toBeUndefined();
  });

  it("service calls pass through untouched", () => {
    const t = tablesForLayer(144);
    expect(decodeCall(encode(t, { _: "mt_ping", pingId: 3n }), 144).method).toEqual({ _: "mt_ping", pingId: 3n });
  });

  it("a constructor where a call belongs, or a method the current layer lacks → TlDecodeError", () => {
    expect(() => decodeCall(encode(t144, { _: "inputPeerSelf" }), 144)).toThrow(TlDecodeError);
    const gone = encode(t144, { _: "messages.getAllChats", exceptIds: [] });
    expect(() => decodeCall(gone, 144)).toThrow(TlDecodeError);
    try {
      decodeCall(gone, 144);
    } catch (e) {
      expect((e as TlDecodeError).constructorId).toBe(t144.byName.get("messages.getAllChats")?.id);
    }
  });
});

describe("results in the client's layer", () => {
  it("a Vector<User> result written for layer 144 reads back as that layer types it", () => {
    const bytes = encodeResultForLayer("users.getUsers", [user], 144);
    const back = decodeResult(tablesForLayer(144), "users.getUsers", bytes) as TlObject[];
    expect(back.map((u) => [u._, u.id, u.firstName])).toEqual([["user", 1_000_001n, "Alice"]]);
  });

  it("a Bool result", () => {
    expect(
      decodeResult(
        tablesForLayer(198),
        "auth.logOut",
        encodeResultForLayer("auth.logOut", { _: "auth.loggedOut" }, 198),
      ),
    ).toEqual({
      _: "auth.loggedOut",
    });
    expect(
      decodeResult(
        tablesForLayer(144),
        "account.resetAuthorization",
        encodeResultForLayer("account.resetAuthorization", true, 144),
      ),
    ).toBe(true);
  });
});

describe("results an older layer types as one of their fields", () => {
  it("messages.createChat answers messages.invitedUsers in 198 and 227, its Updates alone in 144", () => {
    const updates = { _: "updates", updates: [], users: [user], chats: [], date: 5, seq: 0 };
    const invited = { _: "messages.invitedUsers", updates, missingInvitees: [] };
    for (const layer of [198, 227]) {
      const back = decodeResult(
        tablesForLayer(layer),
        "messages.createChat",
        encodeResultForLayer("messages.createChat", invited, layer),
      ) as TlObject;
      expect(back._).toBe("messages.invitedUsers");
    }
    const old = decodeResult(
      tablesForLayer(144),
      "messages.createChat",
      encodeResultForLayer("messages.createChat", invited, 144),
    ) as TlObject;
    expect([old._, old.date, (old.users as TlObject[]).map((u) => u.firstName)]).toEqual(["updates", 5, ["Alice"]]);
  });
});

describe("the generated types of the current layer", () => {
  it("type a call and its result the way the codec reads and writes them", () => {
    const call: TlConstructors["messages.sendMessage"] = {
      _: "messages.sendMessage",
      peer: { _: "inputPeerSelf" },
      message: "typed",
      randomId: 1n,
      silent: true,
    };
    const t = tablesForLayer(CURRENT_LAYER);
    expect(decode(t, encode(t, call))).toMatchObject(call);
    const result: TlResults["users.getUsers"] = [user as TlConstructors["user"]];
    expect(decodeResult(t, "users.getUsers", encodeResultForLayer("users.getUsers", result, CURRENT_LAYER))).toEqual([
      { ...user, ...decode(t, encode(t, user)) },
    ]);
  });
});
