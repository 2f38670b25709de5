import { describe, expect, it } from "vitest";
import { chatKeyOf, parseChatKey, peerOf } from "../../../../core/chat/keys.ts";
import { messageFor, reactionsOf, renderChat, renderMessage } from "../../../../core/chat/render.ts";
import { chatRow, memberRow, messageRow } from "./rows.ts";

describe("chat keys", () => {
  it("Should name one private chat per pair, whoever writes first", () => {
    expect(chatKeyOf(8, { _: "user", id: 3 })).toBe("private:3:8");
    expect(chatKeyOf(3, { _: "user", id: 8 })).toBe("private:3:8");
    expect(chatKeyOf(3, { _: "channel", id: 5 })).toBe("channel:5");
    expect(parseChatKey("private:3:8")).toEqual({ kind: "private", id: 3, other: 8 });
    expect(peerOf("private:3:8", 3)).toEqual({ _: "user", id: 8 });
    expect(() => parseChatKey("bogus:1")).toThrow();
  });
});

describe("rendering", () => {
  it("Should show a message as its viewer addresses the chat, with `out` for their own", () => {
    const m = chatRow("private:3:8");
    const row = messageRow(1, 3, { entities: '[{"_":"messageEntityBold","offset":0,"length":2}]', pinned: 1 });
    expect(renderMessage(m, row, 3)).toMatchObject({ id: 1, peer_id: { _: "user", id: 8 }, out: true, pinned: true });
    const theirs = renderMessage(m, row, 8);
    expect(theirs.peer_id).toEqual({ _: "user", id: 3 });
    expect(theirs.out).toBeUndefined();
    // The neutral form in shared logs is fixed up per recipient.
    const neutral = renderMessage(m, row, null);
    expect(messageFor(m.key, neutral, 3)).toMatchObject({ out: true, peer_id: { _: "user", id: 8 } });
    expect(messageFor(m.key, neutral, 8).out).toBeUndefined();
  });

  it("Should post in a broadcast channel without an author", () => {
    const msg = renderMessage(chatRow("channel:5"), messageRow(1, 3), 3);
    expect(msg.post).toBe(true);
    expect(msg.from_id).toBeUndefined();
  });

  it("Should count reactions in first-use order and mark the viewer's own", () => {
    const rows = [
      { msg_id: 1, user_id: 3, reaction: "👍" },
      { msg_id: 1, user_id: 4, reaction: "❤" },
      { msg_id: 1, user_id: 5, reaction: "👍" },
    ];
    expect(reactionsOf(rows, 5)).toEqual({
      results: [
        { reaction: "👍", count: 2, chosen: true },
        { reaction: "❤", count: 1 },
      ],
    });
    expect(reactionsOf([], 5)).toBeUndefined();
  });

  it("Should show a channel's admin rights to admins and `left` to non-members", () => {
    const m = chatRow("channel:5", { public: 1 });
    expect(renderChat(m, 10, memberRow(1, "creator"))).toMatchObject({
      _: "channel",
      creator: true,
      broadcast: true,
      public: true,
      admin_rights: { add_admins: true },
    });
    expect(renderChat(m, 10, memberRow(2, "admin"))).toMatchObject({ admin_rights: { add_admins: false } });
    expect(renderChat(m, 10, null)).toMatchObject({ left: true });
    expect(renderChat(chatRow("chat:9"), 3, memberRow(1))).toEqual({
      _: "chat",
      id: 9,
      title: "T",
      participants_count: 3,
      date: 1,
    });
  });
});
