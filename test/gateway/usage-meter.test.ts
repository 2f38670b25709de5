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

  it("Should count nothing while off", async () => {
    const [a, b] = [await person("Meter Cy"), await person("Meter Di")];
    takeUsage();
    await say(a, b, "not counted");
    expect(takeUsage()).toEqual(emptyUsage());
  });
});
