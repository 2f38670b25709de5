/**
 * Every RPC in the registry, fed random and mutated requests through the real
 * dispatcher against real Durable Objects: the answer is a result or a
 * well-formed RpcError — never a crash, never a 500.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import type * as v from "valibot";
import { describe, expect, it } from "vitest";
import type { DeviceState, RpcContext } from "../../core/rpc/context.ts";
import { dispatchRpc } from "../../core/rpc/dispatch.ts";
import { RpcError, toRpcError } from "../../protocol/errors.ts";
import { methods } from "../../protocol/rpc/index.ts";
import { RawDevice, signUpRaw } from "../gateway/raw-device.ts";
import { fuzzRuns } from "./fuzz-config.ts";

const RUNS = fuzzRuns(25, 1 / 100);
const names = Object.keys(methods).sort() as (keyof typeof methods)[];

function device(userId: number | null): DeviceState {
  return {
    userId,
    pendingUserId: null,
    deviceModel: "fuzz",
    appName: "fuzz",
    setDevice() {},
    setPendingUser() {},
    async bindUser() {},
  };
}

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.integer({ min: -5, max: 1_000_000 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom("", "+15550001234", "@alice", "0".repeat(32), "x".repeat(5000), null, true, -1, 1.5),
  fc.record({ _: fc.constantFrom("user", "chat", "channel", "nope"), id: fc.integer({ min: -1, max: 100 }) }),
  fc.array(fc.integer({ min: -1, max: 100 }), { maxLength: 5 }),
);

/** Random params shaped like the method's own: its field names with hostile values, or pure garbage. */
function paramsFor(schema: v.GenericSchema) {
  const entries = (schema as unknown as { entries?: Record<string, unknown> }).entries;
  const keys = entries ? Object.keys(entries) : [];
  const shaped = keys.length
    ? fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length })
    : fc.constant({});
  return fc.oneof(shaped, fc.jsonValue({ maxDepth: 2 }));
}

async function outcome(ctx: RpcContext, name: string, params: unknown): Promise<RpcError | "ok"> {
  try {
    await dispatchRpc(ctx, name, params);
    return "ok";
  } catch (e) {
    if (!(e instanceof RpcError)) {
      // Errors crossing a Durable Object boundary arrive as plain Errors with our text.
      const err = toRpcError(e);
      if (err.code === 500) throw e;
      return err;
    }
    return e;
  }
}

describe("fuzz: every RPC method", () => {
  it("Should refuse calls without a signed-in user with 401 for methods that need one", async () => {
    const ctx: RpcContext = { env, authKeyId: "00".repeat(8), device: device(null), blob: new Uint8Array() };
    for (const name of names) {
      if (!methods[name].auth) continue;
      const r = await outcome(ctx, name, {});
      expect(r, name).toMatchObject({ code: 401, text: "AUTH_KEY_UNREGISTERED" });
    }
  });

  it("Should answer random and mutated params with a result or a clean 4xx/420 error", async () => {
    const dev = await RawDevice.connect();
    const { id } = await signUpRaw(dev, "Fuzzy");
    const ctx: RpcContext = { env, authKeyId: dev.authKeyId, device: device(id), blob: new Uint8Array(16) };
    // Methods that end this user's own session would stop the run; they are fuzzed last.
    const ordered = [...names.filter((n) => n !== "auth.logOut"), "auth.logOut" as const];
    for (const name of ordered) {
      await fc.assert(
        fc.asyncProperty(paramsFor(methods[name].params), async (params) => {
          const r = await outcome(ctx, name, params);
          if (r !== "ok") {
            expect(r.code, `${name} ${JSON.stringify(params)} → ${r.code} ${r.text}`).toBeLessThan(500);
            expect(r.text).toMatch(/^[A-Z][A-Z0-9_]+$/);
          }
        }),
        { numRuns: RUNS },
      );
    }
  }, 300_000);

  it("Should answer unknown method names with METHOD_INVALID", async () => {
    const ctx: RpcContext = { env, authKeyId: "00".repeat(8), device: device(1), blob: new Uint8Array() };
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (name) => {
        fc.pre(!Object.hasOwn(methods, name));
        expect(await outcome(ctx, name, {})).toMatchObject({ code: 400, text: "METHOD_INVALID" });
      }),
      { numRuns: RUNS * 10 },
    );
  });
});
