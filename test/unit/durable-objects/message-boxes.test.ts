/** A user's message box over real SQLite: box ids assigned as messages enter the log, and read back as chat ids. */
import { describe, expect, it } from "vitest";
import {
  historyBounds,
  initMessageBoxes,
  readBound,
  unbox,
  withBoxIds,
} from "../../../durable-objects/message-boxes.ts";
import type { Message } from "../../../protocol/model/message.ts";
import type { Update } from "../../../protocol/model/update.ts";
import { memorySql } from "../sqlite.ts";

const ME = 1;
const TO_BOB = "private:1:2";
const GROUP = "chat:7";
const msg = (id: number, peer: Message["peer_id"], reply?: number): Message => ({
  id,
  peer_id: peer,
  from_id: ME,
  date: 1,
  message: `m${id}`,
  ...(reply ? { reply_to: { reply_to_msg_id: reply } } : {}),
});
const bob = { _: "user" as const, id: 2 };
const group = { _: "chat" as const, id: 7 };

function boxWith(messages: [string, Message][]) {
  const sql = memorySql();
  initMessageBoxes(sql);
  const logged = messages.map(([key, m], i) =>
    withBoxIds(sql, key, { _: "updateNewMessage", message: m, pts: i + 1, pts_count: 1 }),
  );
  return { sql, logged };
}
const boxIdsOf = (u: Update) => ("box_ids" in u ? u.box_ids : undefined);

describe("message boxes", () => {
  it("numbers new messages across chats in arrival order; a redelivery keeps its id; replies carry theirs", () => {
    const { sql, logged } = boxWith([
      [TO_BOB, msg(1, bob)],
      [GROUP, msg(1, group)],
      [TO_BOB, msg(2, bob, 1)],
      [GROUP, msg(2, group)],
    ]);
    expect(logged.map(boxIdsOf)).toEqual([{ 1: 1 }, { 1: 2 }, { 2: 3, 1: 1 }, { 2: 4 }]);
    // The same message delivered again (a retried fan-out) keeps its box id.
    const again = withBoxIds(sql, TO_BOB, { _: "updateNewMessage", message: msg(2, bob), pts: 9, pts_count: 1 });
    expect(boxIdsOf(again)).toEqual({ 2: 3 });
    expect(unbox(sql, [4, 1, 99])).toEqual([
      { box_id: 4, chat_key: GROUP, msg_id: 2 },
      { box_id: 1, chat_key: TO_BOB, msg_id: 1 },
    ]);
  });

  it("names edits, deletions, reactions and pins by box id; a read mark by the newest message at or before it", () => {
    const { sql } = boxWith([
      [TO_BOB, msg(1, bob)],
      [GROUP, msg(1, group)],
      [TO_BOB, msg(5, bob)],
    ]);
    const del = withBoxIds(sql, TO_BOB, {
      _: "updateDeleteMessages",
      peer: bob,
      messages: [1, 5, 3],
      pts: 4,
      pts_count: 1,
    });
    expect(boxIdsOf(del)).toEqual({ 1: 1, 5: 3 });
    const read = withBoxIds(sql, TO_BOB, { _: "updateReadHistoryOutbox", peer: bob, max_id: 4, pts: 5, pts_count: 1 });
    expect(boxIdsOf(read)).toEqual({ 4: 1 });
    // A channel keeps its own ids: nothing is added.
    const inChannel: Update = {
      _: "updateNewChannelMessage",
      message: msg(3, { _: "channel", id: 9 }),
      pts: 1,
      pts_count: 1,
    };
    expect(withBoxIds(sql, "channel:9", inChannel)).toBe(inChannel);
  });

  it("turns box-id bounds into one chat's bounds, and a read up to a box id into the chat's id", () => {
    // Box: 1 = bob 1, 2 = group 1, 3 = bob 2, 4 = group 2, 5 = bob 3.
    const { sql } = boxWith([
      [TO_BOB, msg(1, bob)],
      [GROUP, msg(1, group)],
      [TO_BOB, msg(2, bob)],
      [GROUP, msg(2, group)],
      [TO_BOB, msg(3, bob)],
    ]);
    // Below box 4 in the chat with Bob: messages 1 and 2 (id < 3). Above box 2: 2 and 3 (id > 1).
    expect(historyBounds(sql, TO_BOB, { offset_id: 4, max_id: 0, min_id: 2 })).toEqual({
      offset_id: 3,
      max_id: 0,
      min_id: 1,
    });
    // Past the newest: no bound; below the first: nothing (id < 1).
    expect(historyBounds(sql, TO_BOB, { offset_id: 99, max_id: 1, min_id: 0 })).toEqual({
      offset_id: 0,
      max_id: 1,
      min_id: 0,
    });
    expect(readBound(sql, TO_BOB, 4)).toBe(2);
    expect(readBound(sql, GROUP, 1)).toBe(0);
  });
});
