/** The MTProto presenters: core objects as TL for one viewer, and input peers back with their access hashes checked. */
import { describe, expect, it } from "vitest";
import { type AccessHashEnv, accessHash } from "../../../../core/mtproto/access-hash.ts";
import { MessageIds } from "../../../../core/mtproto/message-ids.ts";
import { tlChat } from "../../../../core/mtproto/present/chats.ts";
import { parseFileReference } from "../../../../core/mtproto/present/files.ts";
import { coreEntities, coreReplyMarkup, tlMessage, tlReplyMarkup } from "../../../../core/mtproto/present/messages.ts";
import { corePeerOf, inputUserId, type PeerContext, tlPeer } from "../../../../core/mtproto/present/peers.ts";
import { tlUpdate, tlUpdates } from "../../../../core/mtproto/present/updates.ts";
import { tlUser } from "../../../../core/mtproto/present/users.ts";
import { RpcError } from "../../../../protocol/errors.ts";
import type { Message } from "../../../../protocol/model/message.ts";
import { encodeForLayer, SUPPORTED_LAYERS, tablesForLayer } from "../../../../protocol/mtproto/layers/index.ts";
import { decode, type TlObject } from "../../../../protocol/mtproto/tl/index.ts";

const env = {
  AUTH_KEY_STORAGE_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
} as AccessHashEnv;
const ALICE = 10;
const BOB = 11;
const DAVE = 12;
const ctxOf = (userId: number): PeerContext => ({ rpc: { env, device: { userId } } });
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof RpcError ? e.text : String(e);
  }
  return "accepted";
};

const message: Message = {
  id: 7,
  peer_id: { _: "user", id: BOB },
  from_id: ALICE,
  date: 1_700_000_000,
  message: "hello bob",
  out: true,
  entities: [
    { _: "messageEntityBold", offset: 0, length: 5 },
    { _: "messageEntityPre", offset: 6, length: 3 },
    { _: "messageEntityMentionName", offset: 6, length: 3, user_id: BOB },
  ],
  reply_to: { reply_to_msg_id: 3 },
  edit_date: 1_700_000_100,
  reactions: { results: [{ reaction: "👍", count: 2, chosen: true }] },
  reply_markup: {
    _: "replyInlineMarkup",
    rows: [
      [
        { text: "Go", callback_data: "go" },
        { text: "Web", url: "https://e.x/" },
      ],
    ],
  },
};

/** The viewer's box as their log would number it: each chat id the message names, plus 100. */
const boxOf = (viewer: number, m: Message) =>
  MessageIds.ofUpdates(viewer, [
    {
      _: "updateNewMessage",
      message: m,
      pts: 1,
      pts_count: 1,
      box_ids: Object.fromEntries(
        [m.id, ...(m.reply_to ? [m.reply_to.reply_to_msg_id] : [])].map((id) => [String(id), id + 100]),
      ),
    },
  ]);
const present = (viewer: number, m: Message) => tlMessage(env, viewer, m, boxOf(viewer, m));

describe("message ids", () => {
  it("a private or group message shows under the viewer's box id, its reply too; a channel's keeps its own id", () => {
    expect(present(ALICE, message)).toMatchObject({ id: 107, replyTo: { replyToMsgId: 103 } });
    const inChannel = { ...message, peer_id: { _: "channel" as const, id: 9 } };
    expect(tlMessage(env, ALICE, inChannel, MessageIds.empty(ALICE))).toMatchObject({
      id: 7,
      replyTo: { replyToMsgId: 3 },
    });
  });

  it("a message not in the viewer's box is messageEmpty, and updates about it are left out", () => {
    expect(tlMessage(env, ALICE, message, MessageIds.empty(ALICE))).toEqual({ _: "messageEmpty", id: 0 });
    const peer = { _: "user" as const, id: BOB };
    const deleted = { _: "updateDeleteMessages" as const, peer, messages: [7, 8], pts: 5, pts_count: 1 };
    expect(tlUpdate(env, ALICE, { ...deleted, box_ids: { 7: 40 } })).toMatchObject({ messages: [40] });
    expect(tlUpdate(env, ALICE, deleted)).toBeNull();
    const read = { _: "updateReadHistoryOutbox" as const, peer, max_id: 8, pts: 6, pts_count: 1, box_ids: { 8: 41 } };
    expect(tlUpdate(env, ALICE, read)).toMatchObject({ maxId: 41 });
  });
});

describe("tlMessage", () => {
  it("gives Telegram's message: peers as peerUser, out for the viewer, entities, reply, edit date, reactions, buttons", () => {
    const m = present(ALICE, message);
    expect(m).toMatchObject({
      _: "message",
      out: true,
      id: 107,
      fromId: { _: "peerUser", userId: BigInt(ALICE) },
      peerId: { _: "peerUser", userId: BigInt(BOB) },
      replyTo: { _: "messageReplyHeader", replyToMsgId: 103 },
      editDate: 1_700_000_100,
      message: "hello bob",
      entities: [
        { _: "messageEntityBold", offset: 0, length: 5 },
        { _: "messageEntityPre", offset: 6, length: 3, language: "" },
        { _: "messageEntityMentionName", offset: 6, length: 3, userId: BigInt(BOB) },
      ],
      reactions: { results: [{ reaction: { _: "reactionEmoji", emoticon: "👍" }, count: 2, chosenOrder: 0 }] },
    });
    expect(coreReplyMarkup(tlReplyMarkup(message.reply_markup!))).toEqual(message.reply_markup);
  });

  it("a service message becomes messageService; a file is a photo or a document, named by a reference only its viewer's hash opens", () => {
    const created = present(BOB, {
      id: 1,
      peer_id: { _: "chat", id: 5 },
      from_id: ALICE,
      date: 1,
      message: "",
      action: { _: "messageActionChatCreate", title: "G", users: [ALICE, BOB] },
    });
    expect(created).toMatchObject({
      _: "messageService",
      out: false,
      peerId: { _: "peerChat", chatId: 5n },
      action: { _: "messageActionChatCreate", title: "G", users: [BigInt(ALICE), BigInt(BOB)] },
    });
    const photoRef = {
      media_id: "mediaid0123456789",
      access_hash: "accesshash0123456789",
      size: 5000,
      mime_type: "image/jpeg",
      w: 900,
      h: 700,
      thumbnails: [
        { type: "m" as const, w: 320, h: 249, size: 900 },
        { type: "s" as const, w: 100, h: 78, size: 200 },
        { type: "i" as const, w: 8, h: 6, size: 40, bytes: "AAAA" },
      ],
    };
    const photo = present(BOB, { ...message, media: photoRef }) as unknown as { media: { photo: unknown } };
    expect(photo.media).toMatchObject({ _: "messageMediaPhoto" });
    const p = photo.media.photo as {
      id: bigint;
      accessHash: bigint;
      fileReference: Uint8Array;
      sizes: { type: string }[];
    };
    expect(p.sizes.map((s) => s.type)).toEqual(["s", "m", "y"]);
    expect(parseFileReference(p.fileReference, p.id)).toEqual({
      media_id: photoRef.media_id,
      access_hash: photoRef.access_hash,
    });
    expect(parseFileReference(p.fileReference, p.id ^ 1n)).toBeNull();
    expect(p.accessHash).toBe(accessHash(env, BOB, "file", p.id));
    expect(p.accessHash).not.toBe(accessHash(env, ALICE, "file", p.id));
    const doc = present(BOB, {
      ...message,
      media: { ...photoRef, mime_type: "application/pdf", name: "a.pdf" },
    });
    expect(doc).toMatchObject({
      media: {
        _: "messageMediaDocument",
        document: {
          mimeType: "application/pdf",
          size: 5000n,
          attributes: expect.arrayContaining([{ _: "documentAttributeFilename", fileName: "a.pdf" }]),
        },
      },
    });
    for (const layer of SUPPORTED_LAYERS) {
      for (const m of [photo, doc]) expect(() => encodeForLayer(m as TlObject, layer)).not.toThrow();
    }
  });

  it("encodes and decodes back in every supported layer", () => {
    for (const layer of SUPPORTED_LAYERS) {
      const bytes = encodeForLayer(present(ALICE, message) as TlObject, layer);
      const back = decode(tablesForLayer(layer), bytes) as TlObject & { message: string; id: number };
      expect([back._, back.id, back.message]).toEqual(["message", 107, "hello bob"]);
    }
  });
});

describe("tlUser", () => {
  it("a bot encodes in every supported layer, with the bot flag (TL ties bot_info_version to it)", () => {
    for (const layer of SUPPORTED_LAYERS) {
      const u = tlUser(env, ALICE, { id: BOB, first_name: "Helper", username: "helper_bot", bot: true });
      const back = decode(tablesForLayer(layer), encodeForLayer(u as TlObject, layer)) as TlObject & { bot?: boolean };
      expect([back._, back.bot]).toEqual(["user", true]);
    }
  });
});

describe("polls", () => {
  it("a poll message encodes in every layer with its question (a plain string in 144); options are the core's ids as bytes", () => {
    const withPoll: Message = {
      ...message,
      media: {
        _: "messageMediaPoll",
        poll: { id: "77", question: "Tea?", answers: [{ text: "Yes", option: "yes" }] },
        results: { results: [{ option: "yes", voters: 2, chosen: true }], total_voters: 2 },
      },
    };
    const m = present(ALICE, withPoll) as { media: { poll: { answers: { option: Uint8Array }[] } } };
    expect(new TextDecoder().decode(m.media.poll.answers[0]!.option)).toBe("yes");
    for (const layer of SUPPORTED_LAYERS) {
      const back = decode(tablesForLayer(layer), encodeForLayer(m as unknown as TlObject, layer)) as TlObject;
      const poll = (back.media as TlObject & { poll: { question: unknown } }).poll;
      // Layer 144 types the question as a plain string; later layers as textWithEntities.
      const question = typeof poll.question === "string" ? poll.question : (poll.question as { text: string }).text;
      expect([(back.media as TlObject)._, question]).toEqual(["messageMediaPoll", "Tea?"]);
    }
  });
});

describe("peers and access hashes", () => {
  const hashFor = (viewer: number, id: number) => accessHash(env, viewer, "user", id);

  it("a user's hash is the viewer's own: tlUser gives it, corePeerOf takes it back, another viewer's is refused", () => {
    const u = tlUser(env, ALICE, { id: BOB, first_name: "Bob", username: "bobby" });
    expect(u).toMatchObject({ id: BigInt(BOB), accessHash: hashFor(ALICE, BOB), self: false, username: "bobby" });
    const input = { _: "inputPeerUser" as const, userId: BigInt(BOB), accessHash: u.accessHash! };
    expect(corePeerOf(ctxOf(ALICE), input)).toEqual({ _: "user", id: BOB });
    expect(refusal(() => corePeerOf(ctxOf(DAVE), input))).toBe("PEER_ID_INVALID");
    expect(refusal(() => corePeerOf(ctxOf(ALICE), { ...input, accessHash: input.accessHash ^ 1n }))).toBe(
      "PEER_ID_INVALID",
    );
    expect(
      refusal(() => inputUserId(ctxOf(DAVE), { _: "inputUser", userId: BigInt(BOB), accessHash: u.accessHash! })),
    ).toBe("USER_ID_INVALID");
  });

  it("channels carry the viewer's hash; a forged one is CHANNEL_INVALID; basic groups and self need none", () => {
    const ch = tlChat(env, ALICE, {
      _: "channel",
      id: 40,
      title: "C",
      participants_count: 1,
      date: 1,
      megagroup: true,
    });
    expect(ch._).toBe("channel");
    const hash = (ch as { accessHash: bigint }).accessHash;
    expect(corePeerOf(ctxOf(ALICE), { _: "inputPeerChannel", channelId: 40n, accessHash: hash })).toEqual({
      _: "channel",
      id: 40,
    });
    expect(refusal(() => corePeerOf(ctxOf(BOB), { _: "inputPeerChannel", channelId: 40n, accessHash: hash }))).toBe(
      "CHANNEL_INVALID",
    );
    expect(corePeerOf(ctxOf(ALICE), { _: "inputPeerChat", chatId: 5n })).toEqual({ _: "chat", id: 5 });
    expect(corePeerOf(ctxOf(ALICE), { _: "inputPeerSelf" })).toEqual({ _: "user", id: ALICE });
    expect(refusal(() => corePeerOf(ctxOf(ALICE), { _: "inputPeerEmpty" }))).toBe("PEER_ID_INVALID");
    expect(refusal(() => corePeerOf(ctxOf(ALICE), { _: "inputPeerChat", chatId: 1n << 60n }))).toBe("CHAT_ID_INVALID");
    expect(tlPeer({ _: "channel", id: 40 })).toEqual({ _: "peerChannel", channelId: 40n });
  });

  it("a client's mention of a user is checked like any input user; kinds the core does not keep are dropped", () => {
    const hash = hashFor(ALICE, BOB);
    expect(
      coreEntities(ctxOf(ALICE), [
        {
          _: "inputMessageEntityMentionName",
          offset: 0,
          length: 3,
          userId: { _: "inputUser", userId: BigInt(BOB), accessHash: hash },
        },
        { _: "messageEntityCustomEmoji", offset: 0, length: 2, documentId: 1n },
        { _: "messageEntityItalic", offset: 1, length: 1 },
      ]),
    ).toEqual([
      { _: "messageEntityMentionName", offset: 0, length: 3, user_id: BOB },
      { _: "messageEntityItalic", offset: 1, length: 1 },
    ]);
    expect(
      refusal(() =>
        coreEntities(ctxOf(DAVE), [
          {
            _: "inputMessageEntityMentionName",
            offset: 0,
            length: 3,
            userId: { _: "inputUser", userId: BigInt(BOB), accessHash: hash },
          },
        ]),
      ),
    ).toBe("USER_ID_INVALID");
  });
});

describe("tlUpdate", () => {
  it("a reaction push with counts only carries messageReactions' min flag, so Telegram clients keep their own choice", () => {
    const push = (min: boolean) =>
      tlUpdate(env, BOB, {
        _: "updateMessageReactions",
        peer: { _: "user", id: ALICE },
        msg_id: 7,
        pts: 6,
        pts_count: 1,
        box_ids: { 7: 70 },
        reactions: {
          results: [{ reaction: "👍", count: 2, ...(min ? {} : { chosen: true }) }],
          ...(min ? { min: true } : {}),
        },
      }) as { reactions: { min?: true; results: { chosenOrder?: number }[] } };
    expect(push(true).reactions.min).toBe(true);
    expect(push(true).reactions.results[0]?.chosenOrder).toBeUndefined();
    expect(push(false).reactions.min).toBeUndefined();
    expect(push(false).reactions.results[0]?.chosenOrder).toBe(0);
  });

  it("maps the user's pts stream and ephemeral updates; bot-only ones have no TL form", () => {
    expect(
      tlUpdate(env, BOB, { _: "updateNewMessage", message, pts: 4, pts_count: 1, box_ids: { 7: 70, 3: 30 } }),
    ).toMatchObject({
      _: "updateNewMessage",
      pts: 4,
      ptsCount: 1,
      message: { id: 70, replyTo: { replyToMsgId: 30 } },
    });
    expect(
      tlUpdate(env, BOB, {
        _: "updatePinnedMessages",
        peer: { _: "user", id: ALICE },
        messages: [7],
        pinned: true,
        pts: 5,
        pts_count: 1,
        box_ids: { 7: 70 },
      }),
    ).toEqual({
      _: "updatePinnedMessages",
      pinned: true,
      peer: { _: "peerUser", userId: BigInt(ALICE) },
      messages: [70],
      pts: 5,
      ptsCount: 1,
    });
    expect(
      tlUpdate(env, BOB, {
        _: "updateChatUserTyping",
        peer: { _: "chat", id: 5 },
        from_id: ALICE,
        action: "sendMessageUploadPhotoAction",
      }),
    ).toEqual({
      _: "updateChatUserTyping",
      chatId: 5n,
      fromId: { _: "peerUser", userId: BigInt(ALICE) },
      action: { _: "sendMessageUploadPhotoAction", progress: 0 },
    });
    expect(
      tlUpdate(env, BOB, {
        _: "updateBotMessageReaction",
        peer: { _: "user", id: ALICE },
        msg_id: 1,
        date: 1,
        actor_id: ALICE,
        old_reactions: [],
        new_reactions: ["👍"],
      }),
    ).toBeNull();
  });
});

describe("tlUpdates and the pts each update holds", () => {
  const reactions = { results: [{ reaction: "👍", count: 1 }] };
  const related = { users: [], chats: [] };
  /** tlUpdates answers TL's `updates`; the wider Updates type is narrowed here. */
  const listOf = (u: unknown) => (u as { updates: ({ _: string } & Record<string, unknown>)[] }).updates;

  it("fills the pts of a reaction, which TL sends without one, so the next update shows no gap", () => {
    const wrapped = tlUpdates(
      env,
      ALICE,
      [
        {
          _: "updateMessageReactions",
          peer: { _: "chat", id: 3 },
          msg_id: 4,
          reactions,
          pts: 12,
          pts_count: 1,
          box_ids: { 4: 44 },
        },
        { _: "updateChannelMessageReactions", channel_id: 9, msg_id: 2, reactions, pts: 30, pts_count: 1 },
      ],
      related,
    );
    expect(listOf(wrapped).map((u) => u._)).toEqual([
      "updateMessageReactions",
      "updateReadMessagesContents",
      "updateMessageReactions",
      "updateDeleteChannelMessages",
    ]);
    expect(listOf(wrapped)[1]).toEqual({ _: "updateReadMessagesContents", messages: [], pts: 12, ptsCount: 1 });
    expect(listOf(wrapped)[3]).toEqual({
      _: "updateDeleteChannelMessages",
      channelId: 9n,
      messages: [],
      pts: 30,
      ptsCount: 1,
    });
    for (const layer of SUPPORTED_LAYERS) expect(() => encodeForLayer(wrapped as TlObject, layer)).not.toThrow();
  });

  it("adds nothing to updates that carry their pts in TL", () => {
    const wrapped = tlUpdates(
      env,
      BOB,
      [{ _: "updateNewMessage", message, pts: 5, pts_count: 1, box_ids: { 7: 70 } }],
      related,
    );
    expect(listOf(wrapped).map((u) => u._)).toEqual(["updateNewMessage"]);
  });

  it("a new message the viewer's box does not hold still fills its pts", () => {
    const wrapped = tlUpdates(env, BOB, [{ _: "updateNewMessage", message, pts: 5, pts_count: 1 }], related);
    expect(listOf(wrapped)).toEqual([{ _: "updateReadMessagesContents", messages: [], pts: 5, ptsCount: 1 }]);
  });
});
