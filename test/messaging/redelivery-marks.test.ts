/**
 * A member's log recognises a chat's redelivered events by the chat's mark (the highest fan-out
 * sequence it logged from that chat, kept in the dialog row or chat_marks), not by a unique index.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { userObjectOf } from "../../core/objects.ts";
import { setMetering, takeUsage } from "../../core/usage-meter.ts";
import {
  appendEvents,
  type ChatEvent,
  currentState,
  dialogsPage,
  initUpdateLog,
  removeDialog,
} from "../../durable-objects/update-log.ts";
import type { Loose } from "./people.ts";

const alice = { _: "user", id: 7 } as const;
const PRIVATE = "private:7:990";

let nextUser = 990_100_000;
/** Runs `fn` on the SQLite of a new user object. */
const inNewUser = <T>(fn: (sql: SqlStorage, tx: <R>(f: () => R) => R) => T) =>
  runInDurableObject(userObjectOf(env, ++nextUser), (_i, state) =>
    fn(state.storage.sql, (f) => state.storage.transactionSync(f)),
  );

/** Alice's message `id` in the private chat, as the chat's fan-out job `seq` brings it. */
const message = (seq: number, id: number, chatKey = PRIVATE): ChatEvent => ({
  id: `${chatKey}#${seq}`,
  seq,
  chatKey,
  peer: alice,
  update: {
    _: "updateNewMessage",
    message: { _: "message", id, from_id: alice, peer_id: alice, date: 1_700_000_000 + id, message: `m${id}` },
  } as Loose,
  dialog: { top: { id, date: 1_700_000_000 + id }, incoming: true },
});
const deleted = (seq: number, ids: number[], chatKey = PRIVATE): ChatEvent => ({
  id: `${chatKey}#${seq}`,
  seq,
  chatKey,
  peer: alice,
  update: { _: "updateDeleteMessages", peer: alice, messages: ids } as Loose,
});
const left = (seq: number, chatKey: string): ChatEvent => ({ ...deleted(seq, [], chatKey), dialog: { leave: true } });

const fresh = (results: { fresh: boolean }[]) => results.map((r) => r.fresh);

describe("redelivered chat events", () => {
  it("a redelivered batch is not logged twice: its events come back as first logged, the new ones are appended", async () => {
    await inNewUser((sql, tx) => {
      const first = tx(() => appendEvents(sql, [message(1, 1), message(2, 2), message(3, 3)]));
      expect(fresh(first)).toEqual([true, true, true]);
      // The chat's retry after a failure it saw: the same jobs again, and one queued since.
      const again = tx(() => appendEvents(sql, [message(2, 2), message(3, 3), message(4, 4)]));
      expect(fresh(again)).toEqual([false, false, true]);
      expect(again.slice(0, 2).map((r) => r.update)).toEqual(first.slice(1).map((r) => r.update));
      expect(currentState(sql).pts).toBe(4);
      // Box ids, the dialog's top and its unread count are as if each message came once.
      expect(again[2]?.update).toMatchObject({ box_ids: { 4: 4 } });
      expect(dialogsPage(sql, 0, 10)[0]?.dialog).toMatchObject({ top_message: 4, unread_count: 4 });
      // The same event twice in one batch is logged once.
      expect(fresh(tx(() => appendEvents(sql, [message(5, 5), message(5, 5)])))).toEqual([true, false]);
      expect(currentState(sql).pts).toBe(5);
    });
  });

  it("marks are per chat, and events with no sequence (the user's own changes) are always logged", async () => {
    await inNewUser((sql, tx) => {
      tx(() => appendEvents(sql, [message(40, 1)]));
      // Another chat's sequence is its own: 3 is below chat one's mark but new in chat two.
      expect(fresh(tx(() => appendEvents(sql, [message(3, 1, "chat:55")])))).toEqual([true]);
      expect(fresh(tx(() => appendEvents(sql, [message(3, 1, "chat:55"), message(40, 1)])))).toEqual([false, false]);
      const own = { ...deleted(0, [1]), id: "settings:x" };
      delete own.seq;
      expect(fresh(tx(() => appendEvents(sql, [own, own])))).toEqual([true, true]);
      expect(currentState(sql).pts).toBe(4);
    });
  });

  it("an event that moves no dialog keeps its mark too, with or without a dialog row", async () => {
    await inNewUser((sql, tx) => {
      // No dialog yet for this chat: the mark goes to chat_marks.
      tx(() => appendEvents(sql, [deleted(1, [9], "chat:56")]));
      expect(fresh(tx(() => appendEvents(sql, [deleted(1, [9], "chat:56")])))).toEqual([false]);
      // A dialog row exists: the mark is kept in it.
      tx(() => appendEvents(sql, [message(1, 1), deleted(2, [1])]));
      expect(fresh(tx(() => appendEvents(sql, [message(1, 1), deleted(2, [1]), deleted(3, [1])])))).toEqual([
        false,
        false,
        true,
      ]);
      expect(currentState(sql).pts).toBe(4);
    });
  });

  it("leaving a chat, or deleting its dialog, does not forget its mark; a later return is logged", async () => {
    await inNewUser((sql, tx) => {
      tx(() => appendEvents(sql, [message(1, 1, "chat:57"), left(2, "chat:57")]));
      expect(dialogsPage(sql, 0, 10)).toEqual([]);
      // A late redelivery of the message does not bring the dialog back.
      expect(fresh(tx(() => appendEvents(sql, [message(1, 1, "chat:57")])))).toEqual([false]);
      expect(dialogsPage(sql, 0, 10)).toEqual([]);
      expect(fresh(tx(() => appendEvents(sql, [message(3, 2, "chat:57")])))).toEqual([true]);

      tx(() => appendEvents(sql, [message(1, 1), message(2, 2)]));
      removeDialog(sql, PRIVATE); // messages.deleteHistory without revoking
      expect(fresh(tx(() => appendEvents(sql, [message(2, 2), message(3, 3)])))).toEqual([false, true]);
      expect(dialogsPage(sql, 0, 10).map((d) => [d.chatKey, d.dialog.unread_count])).toEqual([
        [PRIVATE, 1],
        ["chat:57", 1],
      ]);
    });
  });

  it("a new message writes its log entry, its box row (and that row's index) and the dialog: no index on event ids", async () => {
    await inNewUser((sql, tx) => {
      tx(() => appendEvents(sql, [message(1, 1)]));
      // Synchronous from switch-on to take: no other test's rows are counted in between.
      const rowsWritten = (events: ChatEvent[], newestPts: number) => {
        setMetering(true);
        takeUsage();
        tx(() => appendEvents(sql, events, newestPts));
        const written = takeUsage().sqlRowsWritten;
        setMetering(false);
        return written;
      };
      expect(rowsWritten([message(2, 2)], 1)).toBe(4);
      expect(rowsWritten([message(2, 2)], 2)).toBe(0);
    });
  });

  it("a log made with a unique event_id loses the index and starts each chat's mark at its logged events", async () => {
    await inNewUser((sql) => {
      sql.exec("DROP TABLE update_log");
      sql.exec(`CREATE TABLE update_log (
        pts INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, date INTEGER NOT NULL, body TEXT NOT NULL)`);
      const body = JSON.stringify({ _: "updateDeleteMessages", peer: alice, messages: [1], pts: 1, pts_count: 1 });
      sql.exec("INSERT INTO update_log VALUES (1, ?, 1, ?), (2, 'settings:y', 1, '{}')", `${PRIVATE}#12`, body);
      initUpdateLog(sql);
      const made = sql.exec<{ sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'update_log'").one().sql;
      expect(made).not.toContain("UNIQUE");
      expect(sql.exec("SELECT count(*) AS n FROM update_log").one().n).toBe(2);
      const results = appendEvents(sql, [deleted(12, [1]), deleted(13, [1])]);
      expect(fresh(results)).toEqual([false, true]);
      expect(results[0]?.update).toEqual(JSON.parse(body));
    });
  });
});
