import { afterEach, describe, expect, it, vi } from "vitest";
import { logFailure, logUnlessRefusal } from "../../../core/log.ts";
import { Errors } from "../../../protocol/errors.ts";

describe("logging infrastructure failures", () => {
  afterEach(() => vi.restoreAllMocks());

  it("Should log what failed with its cause, and leave refusals (also as they cross an object boundary) unlogged", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    logFailure("pushing to shard authkeys:3", new Error("connection reset"));
    logUnlessRefusal("reading chat:5", Errors.forbidden("CHANNEL_PRIVATE"));
    logUnlessRefusal("reading chat:6", new Error("400 CHANNEL_PRIVATE"));
    logUnlessRefusal("reading chat:7", new Error("Durable Object reset"));
    expect(errors.mock.calls.map((c) => c[0])).toEqual([
      "pushing to shard authkeys:3 failed: Error: connection reset",
      "reading chat:7 failed: Error: Durable Object reset",
    ]);
  });
});
