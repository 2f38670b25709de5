// Lives with the chat tests: member-push is the fan-out's push leg, and these run on Workers types.
import { afterEach, describe, expect, it, vi } from "vitest";
import { pushToAccounts } from "../../../../durable-objects/member-push.ts";

/** A namespace whose stubs are the given objects by name (only what member-push calls). */
function namespace(objects: (name: string) => unknown) {
  return { idFromName: (name: string) => name, get: (name: string) => objects(name) };
}

/** An env with one device on a failing shard, one bot that fails `botFailures` times, and one unknown user. */
function fakeEnv(botFailures: number) {
  const delivered: unknown[][] = [];
  let failuresLeft = botFailures;
  const env = {
    DIRECTORY: namespace(() => ({
      pushTargets: async () => ({ devices: ["00000000000000a1"], bots: [42], unknown: [7] }),
    })),
    AUTH_KEYS: namespace(() => ({
      push: async () => {
        throw new Error("shard unreachable");
      },
    })),
    BOTS: namespace(() => ({
      deliver: async (updates: unknown[]) => {
        if (failuresLeft-- > 0) throw new Error("bot object reset");
        delivered.push(updates);
      },
    })),
    USERS: namespace(() => ({ pushToDevices: async () => {} })),
  } as unknown as Env;
  return { env, delivered };
}

describe("pushing to many accounts", () => {
  afterEach(() => vi.restoreAllMocks());

  it("Should log a failing shard with its cause and hand back a bot whose delivery failed", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { env, delivered } = fakeEnv(1);
    const owed = await pushToAccounts(env, [1, 42, 7], [{ _: "updateNewChannelMessage" }]);
    expect(owed).toEqual([42]);
    expect(delivered).toEqual([]);
    const lines = errors.mock.calls.map((c) => String(c[0]));
    expect(lines.some((l) => l.includes("auth-key shard") && l.includes("shard unreachable"))).toBe(true);
    expect(lines.some((l) => l.includes("bot 42") && l.includes("bot object reset"))).toBe(true);
    // The retry the chat's outbox makes reaches the bot, once.
    expect(await pushToAccounts(env, owed, [{ _: "updateNewChannelMessage" }])).toEqual([]);
    expect(delivered).toEqual([[{ _: "updateNewChannelMessage" }]]);
  });
});
