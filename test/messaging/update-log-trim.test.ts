/** The per-user update log keeps its newest DIFFERENCE_TOO_LONG updates; a device further behind is told "too long". */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { userObjectOf } from "../../core/objects.ts";
import { appendEvents, type ChatEvent, difference } from "../../durable-objects/update-log.ts";
import { DIFFERENCE_TOO_LONG } from "../../protocol/rpc/updates.ts";

const peer = { _: "user", id: 42 } as const;
const readUpTo = (i: number): ChatEvent => ({
  id: `private:1:42#${i}`,
  chatKey: "private:1:42",
  peer,
  update: { _: "updateReadHistoryOutbox", peer, max_id: i },
});

describe("update log trimming", () => {
  it("drops what is older than DIFFERENCE_TOO_LONG and still answers every difference correctly", async () => {
    const total = DIFFERENCE_TOO_LONG + 500;
    await runInDurableObject(userObjectOf(env, 990_000_001), async (_instance, state) => {
      const sql = state.storage.sql;
      for (let from = 1; from <= total; from += 1000)
        state.storage.transactionSync(() =>
          appendEvents(
            sql,
            Array.from({ length: Math.min(1000, total - from + 1) }, (_, k) => readUpTo(from + k)),
          ),
        );
      const rows = sql.exec<{ n: number; low: number }>("SELECT count(*) AS n, min(pts) AS low FROM update_log").one();
      expect(rows).toEqual({ n: DIFFERENCE_TOO_LONG, low: 501 });
      expect(difference(sql, 0, 100)._).toBe("updates.differenceTooLong");
      expect(difference(sql, 499, 100)._).toBe("updates.differenceTooLong");
      const oldestKept = difference(sql, 500, 100);
      expect(oldestKept._).toBe("updates.differenceSlice");
      expect((oldestKept as { updates: { pts: number }[] }).updates[0]?.pts).toBe(501);
      const latest = difference(sql, total - 1, 100);
      expect(latest).toMatchObject({ _: "updates.difference", state: { pts: total } });
    });
  });
});
