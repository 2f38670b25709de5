import { describe, expect, it } from "vitest";
import {
  adminRightsOf,
  CREATOR_RIGHTS,
  checkRank,
  DEFAULT_ADMIN_RIGHTS,
  grantedRights,
  grantsNothing,
  requireAdminRight,
} from "../../../../core/chat/admin-rights.ts";
import type { MemberRow, Role } from "../../../../core/chat/rows.ts";

const row = (role: Role): MemberRow => ({ user_id: 7, role, joined: 0, read_inbox_max_id: 0, blocks_other: 0 });
const errorOf = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (e) {
    return (e as { text?: string }).text;
  }
};

describe("admin rights", () => {
  it("the creator holds every right, a plain member none, an admin what was granted (else all but adding admins)", () => {
    const stored = { ...grantedRights(CREATOR_RIGHTS, { pin_messages: true }) };
    expect(adminRightsOf(row("creator"), stored)).toBe(CREATOR_RIGHTS);
    expect(adminRightsOf(row("member"), stored)).toBeNull();
    expect(adminRightsOf(null, null)).toBeNull();
    expect(adminRightsOf(row("admin"), stored)).toBe(stored);
    expect(adminRightsOf(row("admin"), null)).toEqual(DEFAULT_ADMIN_RIGHTS);
    expect(DEFAULT_ADMIN_RIGHTS.add_admins).toBe(false);
  });

  it("an action needs its right", () => {
    const pinner = grantedRights(CREATOR_RIGHTS, { pin_messages: true });
    expect(errorOf(() => requireAdminRight(pinner, "pin_messages"))).toBe("ok");
    expect(errorOf(() => requireAdminRight(pinner, "manage_topics"))).toBe("CHAT_ADMIN_REQUIRED");
    expect(errorOf(() => requireAdminRight(null, "pin_messages"))).toBe("CHAT_ADMIN_REQUIRED");
  });

  it("grants only the rights asked for, each of them the granter's own", () => {
    const granter = grantedRights(CREATOR_RIGHTS, { add_admins: true, pin_messages: true, manage_topics: true });
    expect(grantedRights(granter, { pin_messages: true, change_info: false })).toEqual({
      change_info: false,
      delete_messages: false,
      invite_users: false,
      pin_messages: true,
      add_admins: false,
    });
    expect(errorOf(() => grantedRights(granter, { change_info: true }))).toBe("RIGHT_FORBIDDEN");
    // Staying anonymous is not a power over others: any admin may grant it.
    expect(grantedRights(granter, { anonymous: true }).anonymous).toBe(true);
    expect(grantsNothing(grantedRights(granter, {}))).toBe(true);
    expect(grantsNothing(grantedRights(granter, { manage_topics: true }))).toBe(false);
  });

  it("a custom title is trimmed, at most 16 characters, without emoji", () => {
    expect(checkRank("  Librarian ")).toBe("Librarian");
    expect(checkRank("é".repeat(16))).toBe("é".repeat(16));
    expect(errorOf(() => checkRank("x".repeat(17)))).toBe("ADMIN_RANK_INVALID");
    expect(errorOf(() => checkRank("Boss 👑"))).toBe("ADMIN_RANK_EMOJI_NOT_ALLOWED");
  });
});
