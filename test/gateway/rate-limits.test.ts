import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { clientHello } from "../../protocol/handshake.ts";
import gateway from "../../workers/gateway/index.ts";
import { RawDevice, uniquePhone } from "./raw-device.ts";

const fromIp = (ip: string) => ({ "cf-connecting-ip": ip });
/** Straight into the gateway's handler: the local runtime would overwrite cf-connecting-ip with loopback. */
const post = (path: string, init: RequestInit) =>
  gateway.fetch(new Request(`http://gateway.test${path}`, init), env, {
    waitUntil: (p: Promise<unknown>) => void p.catch(() => {}),
  } as unknown as ExecutionContext);

describe("per-IP limits", () => {
  it("Should answer FLOOD_WAIT once one address creates too many auth keys in a minute", async () => {
    const statuses: number[] = [];
    // The limiter counts in fixed 60 s windows: the calls can straddle a boundary, so allow two windows' worth.
    for (let i = 0; i < 125; i++) {
      const res = await post("/v1/auth_key", {
        method: "POST",
        headers: fromIp("203.0.113.7"),
        body: clientHello("auth-key").hello,
      });
      statuses.push(res.status);
      if (res.status !== 200) {
        expect(await res.json()).toEqual({ error: { code: 420, message: "FLOOD_WAIT_60" } });
        break;
      }
    }
    expect(statuses.at(-1)).toBe(420);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(59);
    // Another address is unaffected.
    const other = await post("/v1/auth_key", {
      method: "POST",
      headers: fromIp("198.51.100.9"),
      body: clientHello("auth-key").hello,
    });
    expect(other.status).toBe(200);
  });
});

describe("per-IP sign-in limits", () => {
  it("Should answer FLOOD_WAIT_60 once one address asks for too many sign-in codes in a minute", async () => {
    const open = async (authKeyId: string) => {
      const res = await post(`/v1/ws/${authKeyId}`, { headers: { Upgrade: "websocket", ...fromIp("192.0.2.44") } });
      const ws = res.webSocket;
      if (!ws) throw new Error(`no websocket: ${res.status}`);
      ws.accept();
      return ws;
    };
    const dev = await RawDevice.connect(undefined, open);
    let refused = "";
    // The limiter counts in fixed 60 s windows: 30 + 1 calls can straddle a boundary, so allow two windows' worth.
    for (let i = 0; i < 62 && !refused; i++) {
      await dev.call("auth.sendCode", { phone_number: uniquePhone() }).catch((e: Error) => {
        refused = e.message;
      });
    }
    expect(refused).toBe("420 FLOOD_WAIT_60");
  });
});

describe("a refused WebSocket upgrade", () => {
  /** Opens /v1/ws/<id> as a browser would and reads what the server says before it closes. */
  async function refusal(authKeyId: string, ip: string) {
    const res = await post(`/v1/ws/${authKeyId}`, { headers: { Upgrade: "websocket", ...fromIp(ip) } });
    const ws = res.webSocket;
    expect(res.status, "the upgrade is accepted so that a browser can read the refusal").toBe(101);
    if (!ws) throw new Error("no websocket");
    const message = new Promise<string>((resolve) => ws.addEventListener("message", (e) => resolve(e.data as string)));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })),
    );
    ws.accept();
    return { error: JSON.parse(await message) as unknown, close: await closed };
  }

  it("Should say FLOOD_WAIT in an error frame, then close with 4420, when the address is over its limit", async () => {
    let last: Awaited<ReturnType<typeof refusal>> | null = null;
    // Two fixed windows' worth of upgrades from one address (the limiter may straddle a boundary).
    for (let i = 0; i < 125; i++) {
      const res = await post(`/v1/ws/${"0".repeat(16)}`, {
        headers: { Upgrade: "websocket", ...fromIp("203.0.113.99") },
      });
      res.webSocket?.accept();
      res.webSocket?.close();
      if (res.status !== 101) break;
      const peek = await refusal("1".repeat(16), "203.0.113.99").catch(() => null);
      if (peek && (peek.error as { error: { code: number } }).error.code === 420) {
        last = peek;
        break;
      }
    }
    expect(last?.error).toEqual({ error: { code: 420, message: "FLOOD_WAIT_60" } });
    expect(last?.close).toEqual({ code: 4420, reason: "FLOOD_WAIT_60" });
  });

  it("Should refuse a malformed auth key id the same way, with 4400", async () => {
    const r = await refusal("not-hex", "198.51.100.77");
    expect(r.error).toEqual({ error: { code: 400, message: "AUTH_KEY_ID_INVALID" } });
    expect(r.close).toEqual({ code: 4400, reason: "AUTH_KEY_ID_INVALID" });
  });
});
