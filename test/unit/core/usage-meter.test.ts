/** The usage meter's counting and pricing arithmetic (pure). */
import { afterEach, describe, expect, it } from "vitest";
import {
  addUsage,
  billedDoRequests,
  costUsd,
  count,
  emptyUsage,
  gbSeconds,
  PRICES_USD,
  scaleUsage,
  setMetering,
  takeUsage,
  usdPerMillionActions,
} from "../../../core/usage-meter.ts";

afterEach(() => {
  setMetering(false);
  takeUsage();
});

describe("usage meter", () => {
  it("counts nothing while switched off", () => {
    count("doRequests", 5);
    expect(takeUsage()).toEqual(emptyUsage());
  });

  it("counts while on and resets on take", () => {
    setMetering(true);
    count("doRequests");
    count("sqlRowsWritten", 3);
    expect(takeUsage()).toMatchObject({ doRequests: 1, sqlRowsWritten: 3, sqlRowsRead: 0 });
    expect(takeUsage()).toEqual(emptyUsage());
  });

  it("bills WebSocket messages at 20 per request and duration as 128 MB GB-s", () => {
    const u = { ...emptyUsage(), doRequests: 2, doWebSocketMessages: 40, doAwakeMs: 8000 };
    expect(billedDoRequests(u)).toBe(4);
    expect(gbSeconds(u)).toBe(1);
  });

  it("prices each unit at its list price", () => {
    const million = 1_000_000;
    expect(costUsd({ ...emptyUsage(), workerRequests: million })).toBeCloseTo(PRICES_USD.perMillionWorkerRequests);
    expect(costUsd({ ...emptyUsage(), sqlRowsWritten: million })).toBeCloseTo(PRICES_USD.perMillionRowsWritten);
    expect(costUsd({ ...emptyUsage(), r2ClassA: 2 * million })).toBeCloseTo(2 * PRICES_USD.perMillionR2ClassA);
    expect(costUsd({ ...emptyUsage(), doAwakeMs: 8000 * million })).toBeCloseTo(PRICES_USD.perMillionGbSeconds);
  });

  it("sums, scales and prices per million actions", () => {
    const one = { ...emptyUsage(), workerRequests: 1, doRequests: 2 };
    const both = addUsage(one, one);
    expect(both).toMatchObject({ workerRequests: 2, doRequests: 4 });
    expect(scaleUsage(both, 0.5)).toEqual(one);
    const expected = PRICES_USD.perMillionWorkerRequests + 2 * PRICES_USD.perMillionDoRequests;
    expect(usdPerMillionActions(both, 2)).toBeCloseTo(expected);
    expect(() => usdPerMillionActions(both, 0)).toThrow();
  });
});
