/** The session store's replay records: a msg_id seen twice is told apart, answers kept in records until acked, and old records go at most a minute late. */
import { describe, expect, it } from "vitest";
import {
  acknowledge,
  answersKept,
  dropAckedRecords,
  OUTBOX_LIMIT,
  pendingAnswer,
  pendingOutgoing,
  purgeSeen,
  recordIncoming,
  sessionSchema,
  storeAnswer,
  storeOutgoing,
} from "../../../durable-objects/session-store.ts";
import { migrate } from "../../../durable-objects/sql.ts";
import { MSG_ID_MAX_AGE_MS, MSG_ID_MAX_AHEAD_MS } from "../../../protocol/msg-id.ts";
import { memorySql } from "../sqlite.ts";

const WINDOW = MSG_ID_MAX_AGE_MS + MSG_ID_MAX_AHEAD_MS;

function store() {
  const sql = memorySql();
  migrate(sql, sessionSchema);
  const count = () => (sql.exec("SELECT count(*) AS n FROM seen").toArray()[0] as { n: number }).n;
  return { sql, count };
}

describe("session store: seen", () => {
  it("Should tell a new msg_id, a replay on the same connection and a resend on a new one", () => {
    const { sql } = store();
    expect(recordIncoming(sql, "s", "1", "c1", 1_000)).toBe("new");
    expect(recordIncoming(sql, "s", "1", "c1", 1_001)).toBe("replay");
    expect(recordIncoming(sql, "s", "1", "c2", 1_002)).toBe("in-flight");
  });

  it("Should drop records older than the msg_id window, at most a minute after they expire", () => {
    const { sql, count } = store();
    const t0 = 10_000_000;
    recordIncoming(sql, "s", "old", "c", t0);
    recordIncoming(sql, "s", "a", "c", t0 + WINDOW - 1); // a purge runs: nothing has expired yet
    expect(count()).toBe(2);
    recordIncoming(sql, "s", "b", "c", t0 + WINDOW + 10); // "old" has expired; the next purge is not due
    expect(count()).toBe(3);
    recordIncoming(sql, "s", "c", "c", t0 + WINDOW - 1 + 60_000); // due: "old" goes, the rest stay
    expect(count()).toBe(3);
    expect(recordIncoming(sql, "s", "a", "c2", t0 + WINDOW + 60_000)).toBe("in-flight");
  });

  it("Should keep an answer in its request's record, resend it in order with the outbox, and drop it on a written ack", () => {
    const { sql } = store();
    expect(recordIncoming(sql, "s", "100", "c1", 1_000)).toBe("new");
    expect(storeAnswer(sql, "s", "100", "300", '{"_":"result"}')).toBe(true);
    expect(storeAnswer(sql, "s", "999", "301", "{}")).toBe(false); // no record: the caller uses the outbox
    storeOutgoing(sql, "s", "200", null, '{"_":"updates"}', 1_000);
    expect(pendingOutgoing(sql, "s").map((m) => m.msg_id)).toEqual(["200", "300"]);
    expect(pendingAnswer(sql, "s", "100")).toBe(true);
    expect(recordIncoming(sql, "s", "100", "c2", 1_001)).toBe("answered"); // resent: its answer is kept
    // Only answers kept in records are remembered by a socket; the rest of an ack is the outbox's.
    expect(answersKept(sql, "s", ["200", "300", "7"])).toEqual(["300"]);
    expect(answersKept(sql, "other", ["300"])).toEqual([]);
    acknowledge(sql, "s", ["300", "200"]);
    expect(pendingOutgoing(sql, "s")).toEqual([]);
    expect(pendingAnswer(sql, "s", "100")).toBe(false);
    // The record outlives the ack, against a resend of its msg_id.
    expect(recordIncoming(sql, "s", "100", "c3", 1_002)).toBe("answered");
  });

  it("Should purge records past the window unless they keep an answer, drop acked ones, and cap the kept answers", () => {
    const { sql, count } = store();
    const t0 = 10_000_000;
    recordIncoming(sql, "s", "1", "c", t0);
    recordIncoming(sql, "s", "2", "c", t0);
    storeAnswer(sql, "s", "2", "502", "{}");
    purgeSeen(sql, t0 + 1);
    expect(count()).toBe(1); // the answered one stays: its ack may not be known
    dropAckedRecords(sql, "s", ["502"], t0); // not before this cutoff: kept
    expect(count()).toBe(1);
    dropAckedRecords(sql, "s", ["502"], t0 + 1);
    expect(count()).toBe(0);
    for (let i = 0; i <= OUTBOX_LIMIT; i++) {
      recordIncoming(sql, "t", String(1000 + i), "c", t0 + i);
      storeAnswer(sql, "t", String(1000 + i), String(5000 + i), "{}");
    }
    purgeSeen(sql, t0 + WINDOW);
    expect(count()).toBe(OUTBOX_LIMIT);
    expect(pendingAnswer(sql, "t", "1000")).toBe(false); // the oldest went
  });
});
