/**
 * A chat's member rows over real SQLite: the kept member count (triggers, rollbacks, chats made before it
 * was kept), admins and pages read without a scan, a join's read mark, and the others' read mark.
 */
import { describe, expect, it } from "vitest";
import { initReadMarks, noteRead, readOutboxOf } from "../../../../durable-objects/chat/read-marks.ts";
import * as store from "../../../../durable-objects/chat/store.ts";
import { memorySql } from "../../sqlite.ts";

function chat(kind: "chat" | "channel" = "channel") {
  const sql = memorySql();
  store.initStore(sql);
  initReadMarks(sql);
  store.createMeta(sql, { key: `${kind}:1`, kind, title: "Room", megagroup: kind === "channel" });
  return sql;
}

describe("the member count", () => {
  it("Should follow joins and leaves, not count a member twice, and undo with a rolled-back transaction", () => {
    const sql = chat();
    expect(store.memberCount(sql)).toBe(0);
    for (const id of [5, 3, 9]) store.addMember(sql, id, "member");
    expect(store.addMember(sql, 3, "member")).toBe(false);
    store.removeMember(sql, 9);
    store.removeMember(sql, 9);
    expect(store.memberCount(sql)).toBe(2);
    sql.exec("BEGIN");
    store.addMember(sql, 11, "member");
    store.removeMember(sql, 5);
    sql.exec("ROLLBACK");
    expect(store.memberCount(sql)).toBe(2);
  });

  it("Should count the members of a chat made before the count was kept once, and not again", () => {
    const sql = memorySql();
    sql.exec("CREATE TABLE members (user_id INTEGER PRIMARY KEY, role TEXT NOT NULL, joined INTEGER NOT NULL)");
    for (const id of [1, 2, 3, 4]) sql.exec("INSERT INTO members (user_id, role, joined) VALUES (?, 'member', 0)", id);
    store.initStore(sql); // the old table stays as it is; the count and its triggers are added
    expect(store.memberCount(sql)).toBe(4);
    store.initStore(sql);
    expect(store.memberCount(sql)).toBe(4);
    store.removeMember(sql, 1);
    expect(store.memberCount(sql)).toBe(3);
  });
});

describe("member lists", () => {
  it("Should list the admins, a page by id and those among given ids", () => {
    const sql = chat();
    store.addMember(sql, 50, "creator");
    for (let id = 1; id <= 30; id++) store.addMember(sql, id, "member");
    store.setRole(sql, 7, "admin");
    expect(store.staff(sql).map((m) => [m.user_id, m.role])).toEqual([
      [7, "admin"],
      [50, "creator"],
    ]);
    expect(store.memberPage(sql, 10, 5).map((m) => m.user_id)).toEqual([11, 12, 13, 14, 15]);
    expect(store.memberPage(sql, 29, 5).map((m) => m.user_id)).toEqual([30, 50]);
    expect(store.membersAmong(sql, [99, 30, 2, 2]).map((m) => m.user_id)).toEqual([2, 30]);
  });

  it("Should start a supergroup's or channel's new member with its history read, and a basic group's at 0", () => {
    for (const kind of ["channel", "chat"] as const) {
      const sql = chat(kind);
      store.addMember(sql, 1, "creator");
      for (const id of [1, 2]) sql.exec("INSERT INTO messages (id, from_id, date, text) VALUES (?, 1, 0, 'hi')", id);
      store.addMember(sql, 2, "member");
      expect(store.member(sql, 2)?.read_inbox_max_id, kind).toBe(kind === "channel" ? 2 : 0);
    }
  });
});

describe("the others' read mark", () => {
  it("Should give each member the highest read mark of anyone else", () => {
    const sql = chat();
    for (const id of [1, 2, 3]) store.addMember(sql, id, "member");
    noteRead(sql, 1, 10);
    expect([readOutboxOf(sql, 1), readOutboxOf(sql, 2)]).toEqual([0, 10]);
    noteRead(sql, 1, 12); // the leader reads on: the others' best is still nobody's
    expect([readOutboxOf(sql, 1), readOutboxOf(sql, 2)]).toEqual([0, 12]);
    noteRead(sql, 2, 11);
    expect([readOutboxOf(sql, 1), readOutboxOf(sql, 2), readOutboxOf(sql, 3)]).toEqual([11, 12, 12]);
    noteRead(sql, 3, 15); // a new leader: the old one's mark is the best of the others
    expect([readOutboxOf(sql, 1), readOutboxOf(sql, 2), readOutboxOf(sql, 3)]).toEqual([15, 15, 12]);
  });

  it("Should seed the marks once from the members' read marks of a chat made before they were kept", () => {
    const sql = memorySql();
    store.initStore(sql);
    store.createMeta(sql, { key: "channel:1", kind: "channel", title: "Old", megagroup: true });
    for (const [id, read] of [
      [1, 4],
      [2, 9],
      [3, 7],
    ] as const) {
      store.addMember(sql, id, "member");
      store.setReadInbox(sql, id, read);
    }
    initReadMarks(sql);
    expect([readOutboxOf(sql, 1), readOutboxOf(sql, 2), readOutboxOf(sql, 3)]).toEqual([9, 7, 9]);
    noteRead(sql, 1, 5);
    initReadMarks(sql); // already kept: not seeded again
    expect(readOutboxOf(sql, 2)).toBe(7);
  });
});
