/**
 * The SDK over real sockets when the network or the server is gone: a
 * refused TCP connect is a NetworkError (not the server's RpcError), and a
 * client whose server went away is connected again within a second of the
 * server answering once more.
 */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { EdgegramClient, MemoryStorage, NetworkError, RpcError } from "../../clients/sdk/index.ts";
import { toHex } from "../../protocol/binary.ts";
import { freePort, type LocalSystem, scratchStateDir, startLocalSystem } from "../../scripts/local-system.ts";
import { signUp } from "./story.ts";

const stateDir = scratchStateDir("edgegram-sdk-network");
let sys: LocalSystem | null = null;
afterAll(async () => {
  await sys?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The moment (Date.now()) `url`/health first answers, polling every 10 ms. */
async function firstHealthy(url: string): Promise<number> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) return Date.now();
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("the server did not come back");
    await sleep(10);
  }
}

describe("SDK network failures", () => {
  it("reports a refused TCP connect as a NetworkError, whether creating the key or opening the socket", async () => {
    const url = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const fresh = new EdgegramClient({ server: url, serverKey: "11".repeat(32), autoReconnect: false });
    const e1 = await fresh.connect().catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(NetworkError);
    expect(e1).not.toBeInstanceOf(RpcError);
    expect(e1).toMatchObject({ reason: "UNREACHABLE" });

    // With an auth key already stored the client goes straight to the WebSocket.
    const storage = new MemoryStorage();
    await storage.set("auth_key", toHex(crypto.getRandomValues(new Uint8Array(32))));
    const keyed = new EdgegramClient({ server: url, serverKey: "11".repeat(32), storage, autoReconnect: false });
    const e2 = await keyed.connect().catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(NetworkError);
    expect(e2).toMatchObject({ reason: "UNREACHABLE" });
    expect(fresh.state).toBe("disconnected");
    expect(keyed.state).toBe("disconnected");
  });

  it("reconnects by itself once the server is back, and answers the call made while down", async () => {
    sys = await startLocalSystem({ stateDir });
    const { port } = sys;
    const alice = await signUp({ url: sys.url, key: sys.serverKey }, "Alice");
    let connectedAt = 0;
    alice.client.onState((s) => {
      if (s === "connected") connectedAt = Date.now();
    });

    await sys.stop("SIGKILL");
    sys = null;
    await expect.poll(() => alice.client.state, { timeout: 10_000 }).toBe("disconnected");
    // A call made while the server is down waits for the reconnect, then is answered.
    const pending = alice.client.call("users.getFullUser", { id: alice.user.id });
    await sleep(3_000); // down for a while: the probes have backed off to their longest interval

    const back = firstHealthy(`http://127.0.0.1:${port}`);
    sys = await startLocalSystem({ stateDir, port });
    const healthyAt = await back;

    await expect.poll(() => alice.client.state, { timeout: 10_000, interval: 5 }).toBe("connected");
    // Speed is reported, never asserted (the probe schedule's bound is tested with an injected clock in
    // test/unit/clients/reconnect.test.ts); the figure here is for the closing note.
    console.log(`[sdk-network] connected again ${connectedAt - healthyAt} ms after /health first answered`);
    expect(connectedAt).toBeGreaterThanOrEqual(healthyAt);
    const { user } = await pending;
    expect(user.id).toBe(alice.user.id);
    alice.client.close();
  }, 180_000);
});
