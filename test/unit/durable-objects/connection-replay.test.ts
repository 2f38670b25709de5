/** A connection's replay window: a replayed msg_id is refused, one below the window is unverifiable, and it fits the attachment. */
import { serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import { ACKS_KEPT } from "../../../durable-objects/answer-acks.ts";
import {
  admitToWindow,
  CONNECTION_WINDOW_SIZE,
  type ConnectionWindow,
} from "../../../durable-objects/connection-replay.ts";

/** Admits ids one by one, as a socket's frames would, carrying the window along. */
function feed(ids: bigint[], w?: ConnectionWindow) {
  const verdicts: string[] = [];
  let window = w;
  for (const id of ids) {
    const { verdict, next } = admitToWindow(window, id);
    verdicts.push(verdict);
    if (next) window = next;
  }
  return { verdicts, window };
}

const base = BigInt(Date.now()) << 16n;

describe("connection replay window", () => {
  it("Should admit new ids in any order and refuse one seen before", () => {
    const { verdicts } = feed([base + 5n, base + 3n, base + 9n, base + 3n, base + 5n, base + 4n]);
    expect(verdicts).toEqual(["new", "new", "new", "replay", "replay", "new"]);
  });

  it("Should keep the newest ids and refuse everything at or below the floor once it overflows", () => {
    const ids = Array.from({ length: CONNECTION_WINDOW_SIZE + 3 }, (_, i) => base + BigInt(10 * (i + 1)));
    const { verdicts, window } = feed(ids);
    expect(verdicts.every((v) => v === "new")).toBe(true);
    expect(window?.ids).toHaveLength(CONNECTION_WINDOW_SIZE);
    // The three oldest went below the floor: a replay of them, or an unseen id under them, is unverifiable.
    expect(window?.floor).toBe(String(ids[2]));
    expect(admitToWindow(window, ids[0] as bigint).verdict).toBe("below-window");
    expect(admitToWindow(window, (ids[2] as bigint) - 1n).verdict).toBe("below-window");
    // Above the floor: remembered ones are replays, the gaps between them are still new.
    expect(admitToWindow(window, ids[3] as bigint).verdict).toBe("replay");
    expect(admitToWindow(window, (ids[3] as bigint) + 1n).verdict).toBe("new");
  });

  it("Should fit the socket's 2,048-byte attachment with a full window, a full list of acks and the longest fields", () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(0xffff_ffff_ffff_fff0n - BigInt(i)));
    // An open socket's state (device-socket.ts OpenSocket) with every field at its longest.
    const st = {
      phase: "open",
      seen: Date.now(),
      authKeyId: "f".repeat(16),
      ip: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255",
      connKeyId: "f".repeat(16),
      c2s: "f".repeat(64),
      s2c: "f".repeat(64),
      sessionId: "18446744073709551615",
      replay: { floor: "18446744073709551615", ids: ids(CONNECTION_WINDOW_SIZE) },
      acked: ids(ACKS_KEPT),
    };
    // workerd keeps the attachment in V8's serialization, as node:v8 does.
    expect(serialize(st).length).toBeLessThan(2048);
  });
});
