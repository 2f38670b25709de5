/** The server identity seed (SERVER_IDENTITY_KEY) is parsed strictly: anything but 64 real hex digits stops the gateway. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { announcedServerKeys } from "../../core/rpc/help.ts";
import { serverIdentityFromSeed } from "../../protocol/handshake.ts";
import gateway from "../../workers/gateway/index.ts";

describe("server identity seed", () => {
  it("Should refuse a 64-character value that is not hex, instead of signing with a key anyone can compute", () => {
    for (const bad of ["zz".repeat(32), `${"ab".repeat(31)}g0`, `${"ab".repeat(31)} 1`, "0x".repeat(32)])
      expect(() => serverIdentityFromSeed(bad), bad).toThrow(/SERVER_IDENTITY_KEY must be exactly 64 hex characters/);
  });

  it("Should refuse wrong lengths and placeholder seeds", () => {
    for (const bad of ["", "ab".repeat(31), "ab".repeat(33), ` ${"ab".repeat(32)}`, `${"ab".repeat(32)}\n`])
      expect(() => serverIdentityFromSeed(bad)).toThrow(/exactly 64 hex characters/);
    for (const placeholder of ["00".repeat(32), "ff".repeat(32), "FF".repeat(32)])
      expect(() => serverIdentityFromSeed(placeholder)).toThrow(/placeholder/);
  });

  it("Should accept a real seed in either case", () => {
    const seed = "5c0e9a3b7f21d4e8a6b0c3f7192e8d4a6b0c5f3e2d1a9b8c7d6e5f4a3b2c1d0e";
    expect(serverIdentityFromSeed(seed).publicKey).toEqual(serverIdentityFromSeed(seed.toUpperCase()).publicKey);
  });

  it("Should answer every request with a clear 500 while the seed is malformed, and log why", async () => {
    const broken = { ...env, SERVER_IDENTITY_KEY: "zz".repeat(32) };
    for (const path of ["/health", "/v1/server-key"]) {
      const res = await gateway.fetch(new Request(`http://gateway.test${path}`), broken, {} as ExecutionContext);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: { code: 500, message: "SERVER_MISCONFIGURED" } });
    }
  });
});

describe("next server keys announced for a rotation", () => {
  it("Should announce only well-formed public keys, lower-cased", () => {
    const a = "ab".repeat(32);
    const b = "CD".repeat(32);
    expect(announcedServerKeys(undefined)).toEqual([]);
    expect(announcedServerKeys(` ${a} ,${b},zz,${"ab".repeat(31)}`)).toEqual([a, b.toLowerCase()]);
  });
});
