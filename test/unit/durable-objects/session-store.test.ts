/** The session store's replay records: a msg_id seen twice is told apart, and old records go at most a minute late. */
import { describe, expect, it } from "vitest";
import { recordIncoming, sessionSchema } from "../../../durable-objects/session-store.ts";
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
});
