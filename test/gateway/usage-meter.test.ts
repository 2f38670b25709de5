/** The usage meter counts the SQLite rows a real send writes when switched on, and nothing when off. */
import { afterEach, describe, expect, it } from "vitest";
import { emptyUsage, setMetering, takeUsage } from "../../core/usage-meter.ts";
import { person, say } from "../messaging/people.ts";

afterEach(() => {
  setMetering(false);
  takeUsage();
});

describe("usage meter in the running system", () => {
  it("Should count rows read and written by a private message while on", async () => {
    const [a, b] = [await person("Meter Ann"), await person("Meter Ben")];
    takeUsage();
    setMetering(true);
    await say(a, b, "counted");
    const u = takeUsage();
    expect(u.sqlRowsWritten).toBeGreaterThan(0);
    expect(u.sqlRowsRead).toBeGreaterThan(0);
  });

  it("Should count the object calls and the sender's WebSocket frame of each private message", async () => {
    const [a, b] = [await person("Meter Eve"), await person("Meter Fay")];
    await say(a, b, "warm-up");
    takeUsage();
    setMetering(true);
    for (let i = 0; i < 3; i++) await say(a, b, `counted ${i}`);
    const u = takeUsage();
    // Each send: the frame on the sender's socket, then the chat and both members' logs at least.
    expect(u.doWebSocketMessages).toBeGreaterThanOrEqual(3);
    expect(u.doRequests).toBeGreaterThanOrEqual(9);
  });

  it("Should count nothing while off", async () => {
    const [a, b] = [await person("Meter Cy"), await person("Meter Di")];
    takeUsage();
    await say(a, b, "not counted");
    expect(takeUsage()).toEqual(emptyUsage());
  });
});
