import { describe, expect, it } from "vitest";
import {
  chatKeyOfHash,
  checkTerms,
  hashOfLink,
  type InviteRow,
  linkOf,
  newInviteHash,
  renderInvite,
  requireCanManageInvites,
  requireUsable,
} from "../../../../core/chat/invite-links.ts";
import { chatRow, memberRow } from "./rows.ts";

const row = (over: Partial<InviteRow> = {}): InviteRow => ({
  hash: "h",
  admin_id: 1,
  date: 100,
  title: null,
  expire_date: 0,
  usage_limit: 0,
  usage: 0,
  request_needed: 0,
  revoked: 0,
  permanent: 0,
  ...over,
});

describe("invite link rules", () => {
  it("Should make hashes that name their chat behind a random part, and find the chat again", () => {
    const a = newInviteHash("channel", 123_456_789);
    const b = newInviteHash("channel", 123_456_789);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}c[0-9a-z]+$/);
    expect(chatKeyOfHash(a)).toEqual({ key: "channel:123456789", kind: "channel" });
    expect(chatKeyOfHash(newInviteHash("chat", 42))).toEqual({ key: "chat:42", kind: "chat" });
  });

  it("Should refuse anything that cannot be one of our hashes with INVITE_HASH_INVALID", () => {
    for (const bad of [
      "",
      "short",
      "AAAAAAAAAAAAAAAAx12",
      "AAAAAAAAAAAAAAAAc0",
      "AAAAAAAAAAAAAAAAczzzzzzzzzzzzz",
      "../etc",
    ])
      expect(() => chatKeyOfHash(bad), bad).toThrow("400 INVITE_HASH_INVALID");
  });

  it("Should read the hash from a link on any host, /+ or /joinchat/, or take a bare hash", () => {
    expect(hashOfLink("https://example.org/+AbC_d-1")).toBe("AbC_d-1");
    expect(hashOfLink(" https://t.me/joinchat/XyZ/ ")).toBe("XyZ");
    expect(hashOfLink("XyZ")).toBe("XyZ");
    expect(linkOf(undefined, "XyZ")).toBe("https://localhost:8787/+XyZ");
    expect(linkOf("chat.example.com", "XyZ")).toBe("https://chat.example.com/+XyZ");
  });

  it("Should let only admins of groups and channels manage links", () => {
    expect(() => requireCanManageInvites(chatRow("channel:5"), memberRow(1))).toThrow("403 CHAT_ADMIN_REQUIRED");
    expect(() => requireCanManageInvites(chatRow("private:1:2"), memberRow(1))).toThrow("400 PEER_ID_INVALID");
    expect(() => requireCanManageInvites(chatRow("chat:5"), memberRow(1, "admin"))).not.toThrow();
    expect(() => requireCanManageInvites(chatRow("channel:5"), memberRow(1, "creator"))).not.toThrow();
  });

  it("Should refuse terms that are over already or count joins on a link that needs approval", () => {
    expect(() => checkTerms({ expire_date: 100 }, 100)).toThrow("400 EXPIRE_DATE_INVALID");
    expect(() => checkTerms({ usage_limit: 2, request_needed: true }, 100)).toThrow("400 USAGE_LIMIT_INVALID");
    expect(() => checkTerms({ expire_date: 101, usage_limit: 2 }, 100)).not.toThrow();
    expect(() => checkTerms({ expire_date: 0, usage_limit: 0, request_needed: true }, 100)).not.toThrow();
  });

  it("Should stop a link that is revoked, past its date or used up, and accept one that is not", () => {
    expect(() => requireUsable(null, 100)).toThrow("400 INVITE_HASH_INVALID");
    expect(() => requireUsable(row({ revoked: 1 }), 100)).toThrow("400 INVITE_HASH_EXPIRED");
    expect(() => requireUsable(row({ expire_date: 100 }), 100)).toThrow("400 INVITE_HASH_EXPIRED");
    expect(() => requireUsable(row({ usage_limit: 2, usage: 2 }), 100)).toThrow("400 INVITE_HASH_EXPIRED");
    expect(requireUsable(row({ expire_date: 101, usage_limit: 2, usage: 1 }), 100).hash).toBe("h");
  });

  it("Should render only the terms a link has", () => {
    expect(renderInvite(row({ hash: "XyZ", title: "Friends", usage_limit: 5 }), 0, "h.example")).toEqual({
      link: "https://h.example/+XyZ",
      hash: "XyZ",
      admin_id: 1,
      date: 100,
      title: "Friends",
      usage_limit: 5,
      usage: 0,
      requested: 0,
      request_needed: false,
      revoked: false,
      permanent: false,
    });
  });
});
