/**
 * The SDK's reconnect schedule (clients/sdk/reconnect.ts), on an injected
 * clock and random source: jittered exponential backoff, reset by a probe
 * that answers, and back within a second of the server returning.
 */
import { describe, expect, it } from "vitest";
import { NetworkError } from "../../../clients/sdk/network-error.ts";
import { Backoff, CONNECT_BACKOFF, PROBE_BACKOFF, reconnect } from "../../../clients/sdk/reconnect.ts";
import { Errors } from "../../../protocol/errors.ts";

const delays = (b: Backoff, n: number) => Array.from({ length: n }, () => b.next());

describe("Backoff", () => {
  it("doubles its ceiling up to the maximum; random 0 gives half the ceiling, random → 1 the ceiling", () => {
    expect(delays(new Backoff({ baseMs: 100, maxMs: 600, random: () => 0 }), 6)).toEqual([50, 100, 200, 300, 300, 300]);
    expect(delays(new Backoff({ baseMs: 100, maxMs: 600, random: () => 0.999 }), 6)).toEqual([
      100, 200, 400, 600, 600, 600,
    ]);
  });

  it("spreads clients out: each delay falls in [ceiling/2, ceiling) by the random source", () => {
    const b = new Backoff({ baseMs: 100, maxMs: 600, random: () => 0.5 });
    expect(delays(b, 4)).toEqual([75, 150, 300, 450]);
  });

  it("starts over after reset()", () => {
    const b = new Backoff({ baseMs: 100, maxMs: 600, random: () => 0 });
    delays(b, 5);
    b.reset();
    expect(delays(b, 2)).toEqual([50, 100]);
  });

  it("keeps probes under a second apart and connect retries growing to seconds", () => {
    const probes = delays(new Backoff({ ...PROBE_BACKOFF, random: () => 0.999999 }), 20);
    expect(Math.max(...probes)).toBeLessThan(1000);
    const connects = delays(new Backoff({ ...CONNECT_BACKOFF, random: () => 0.999999 }), 20);
    expect(connects.at(-1)).toBe(CONNECT_BACKOFF.maxMs);
  });
});

/** A fake world: time advances only through sleep; the server is up from `upAt` (ms) on. */
function world(opts: { upAt: number; connectFails?: unknown[] }) {
  let now = 0;
  const log: string[] = [];
  const failures = [...(opts.connectFails ?? [])];
  let connected = false;
  return {
    log,
    get now() {
      return now;
    },
    get connected() {
      return connected;
    },
    deps: {
      random: () => 0.999999,
      sleep: async (ms: number) => {
        now += ms;
      },
      stopped: () => connected,
      probe: async () => {
        const up = now >= opts.upAt;
        log.push(`${now} probe ${up ? "up" : "down"}`);
        return up;
      },
      connect: async () => {
        const failure = failures.shift();
        log.push(`${now} connect${failure ? " fails" : ""}`);
        if (failure) throw failure;
        connected = true;
      },
    },
  };
}

describe("reconnect", () => {
  it("is back within a second of the server returning, however long it was down", async () => {
    for (const upAt of [0, 300, 5_500, 60_000, 61_234]) {
      const w = world({ upAt });
      await reconnect(w.deps);
      expect(w.connected).toBe(true);
      expect(w.now - upAt).toBeLessThan(1000);
    }
  });

  it("probes until the server answers, then connects at once", async () => {
    const w = world({ upAt: 250 });
    await reconnect(w.deps);
    expect(w.log).toEqual(["100 probe down", "300 probe up", "300 connect"]);
  });

  it("resets the probe backoff when a probe succeeds, and backs off connects that fail behind it", async () => {
    const down = new NetworkError("CLOSED", "code 1006");
    const w = world({ upAt: 2_000, connectFails: [down, down] });
    await reconnect(w.deps);
    const connects = w.log.filter((l) => l.includes("connect")).map((l) => Number(l.split(" ")[0]));
    expect(connects).toHaveLength(3);
    // After a failed connect: the connect backoff's wait, then the probe backoff from its start (100 ms).
    const afterFirst = w.log[w.log.indexOf(`${connects[0]} connect fails`) + 1];
    expect(afterFirst).toBe(`${(connects[0] as number) + 500 + 100} probe up`);
    expect((connects[2] as number) - (connects[1] as number)).toBe(1000 + 100);
  });

  it("waits out a FLOOD_WAIT the server answers before connecting again", async () => {
    const w = world({ upAt: 0, connectFails: [Errors.floodWait(60)] });
    await reconnect(w.deps);
    expect(w.log).toEqual(["100 probe up", "100 connect fails", "60200 probe up", "60200 connect"]);
  });

  it("stops when told to, without connecting", async () => {
    const w = world({ upAt: Number.POSITIVE_INFINITY });
    let probes = 0;
    const probe = async () => {
      probes++;
      return false;
    };
    await reconnect({ ...w.deps, stopped: () => probes >= 3, probe });
    expect(probes).toBe(3);
    expect(w.connected).toBe(false);
  });
});
