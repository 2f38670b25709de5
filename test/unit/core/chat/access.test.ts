import { describe, expect, it } from "vitest";
import {
  notMember,
  otherUserOf,
  requireCanPost,
  requireCreator,
  requireMayDelete,
  requireMayRemove,
  requireMember,
  requireNotBlocked,
} from "../../../../core/chat/access.ts";
import { chatRow, memberRow } from "./rows.ts";

describe("chat access rules", () => {
  it("Should answer a non-member as if the chat did not exist", () => {
    expect(notMember("channel:5").text).toBe("CHANNEL_PRIVATE");
    expect(notMember("chat:5").text).toBe("PEER_ID_INVALID");
    expect(() => requireMember("channel:5", chatRow("channel:5"), null)).toThrow("400 CHANNEL_PRIVATE");
    expect(() => requireMember("chat:5", null, null)).toThrow("400 PEER_ID_INVALID");
    const m = chatRow("chat:5");
    const me = memberRow(1);
    expect(requireMember("chat:5", m, me)).toEqual({ m, me });
  });

  it("Should let only admins post in a broadcast channel, anyone in a supergroup", () => {
    const broadcast = chatRow("channel:5");
    expect(() => requireCanPost(broadcast, memberRow(1))).toThrow("403 CHAT_WRITE_FORBIDDEN");
    expect(() => requireCanPost(broadcast, memberRow(1, "admin"))).not.toThrow();
    expect(() => requireCanPost(chatRow("channel:5", { megagroup: 1 }), memberRow(1))).not.toThrow();
  });

  it("Should stop messages in a private chat when either side blocked the other", () => {
    const m = chatRow("private:3:8");
    expect(otherUserOf(m, memberRow(3))).toBe(8);
    expect(otherUserOf(m, memberRow(8))).toBe(3);
    expect(() => requireNotBlocked(m, memberRow(3, "member", { blocks_other: 1 }), memberRow(8))).toThrow(
      "400 YOU_BLOCKED_USER",
    );
    expect(() => requireNotBlocked(m, memberRow(3), memberRow(8, "member", { blocks_other: 1 }))).toThrow(
      "400 USER_IS_BLOCKED",
    );
    expect(() => requireNotBlocked(m, memberRow(3), memberRow(8))).not.toThrow();
    // Groups have no blocking.
    expect(() => requireNotBlocked(chatRow("chat:1"), memberRow(3, "member", { blocks_other: 1 }), null)).not.toThrow();
  });

  it("Should let admins delete others' messages for everyone, members only their own", () => {
    const group = chatRow("chat:1");
    expect(() => requireMayDelete(group, memberRow(1), false, true)).toThrow("403 MESSAGE_DELETE_FORBIDDEN");
    expect(() => requireMayDelete(group, memberRow(1), true, true)).not.toThrow();
    expect(() => requireMayDelete(group, memberRow(1), false, false)).not.toThrow();
    expect(() => requireMayDelete(group, memberRow(1, "admin"), false, true)).not.toThrow();
    expect(() => requireMayDelete(chatRow("private:1:2"), memberRow(1), false, true)).not.toThrow();
  });

  it("Should let a member leave but only admins remove others, and nobody the creator", () => {
    expect(() => requireMayRemove(memberRow(1), memberRow(1))).not.toThrow();
    expect(() => requireMayRemove(memberRow(1), memberRow(2))).toThrow("403 CHAT_ADMIN_REQUIRED");
    expect(() => requireMayRemove(memberRow(1, "admin"), memberRow(2))).not.toThrow();
    expect(() => requireMayRemove(memberRow(1, "admin"), memberRow(2, "creator"))).toThrow("403 CHAT_ADMIN_REQUIRED");
    expect(() => requireCreator(memberRow(1, "admin"))).toThrow("403 CHAT_ADMIN_REQUIRED");
  });
});
