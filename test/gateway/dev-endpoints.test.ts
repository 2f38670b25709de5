import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { codeDeliveryFor } from "../../core/code-delivery.ts";
import gateway from "../../workers/gateway/index.ts";
import { person, pushed } from "../messaging/people.ts";

/** The gateway as deployed: the same code with DEV_MODE absent (it only ever comes from .dev.vars). */
const production = { ...env, DEV_MODE: undefined };
const call = (path: string, init?: RequestInit) =>
  gateway.fetch(new Request(`http://gateway.test${path}`, init), production, {} as ExecutionContext);

describe("development-only surface", () => {
  it("Should not serve sign-in codes or benchmark baselines without DEV_MODE", async () => {
    expect((await call("/dev/codes/+15550001")).status).toBe(404);
    expect((await call("/dev/baseline/x/broadcast", { method: "POST", body: "hi" })).status).toBe(404);
    const send = { from: 1, chat_id: 2, text: "as anyone" };
    expect((await call("/dev/core-send", { method: "POST", body: JSON.stringify(send) })).status).toBe(404);
  });

  it("Should refuse to pretend a code was sent when no delivery is configured", async () => {
    const delivery = codeDeliveryFor(production);
    await expect(delivery.deliver("+15550001", "12345")).rejects.toThrow("PHONE_CODE_DELIVERY_UNAVAILABLE");
    expect(codeDeliveryFor(env).type).toBe("dev");
  });

  it("Should still serve the public parts", async () => {
    expect((await call("/health")).status).toBe(200);
    expect((await call("/v1/server-key")).status).toBe(200);
  });
});

describe("development-only surface reached from off this machine", () => {
  /** DEV_MODE=1 (set by mistake on a deployed worker), and a request that did not come from loopback. */
  const offLoopback = (url: string, ip: string | null, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (ip) headers.set("cf-connecting-ip", ip);
    return gateway.fetch(new Request(url, { ...init, headers }), env, {} as ExecutionContext);
  };
  const routes: [string, RequestInit?][] = [
    ["/dev/codes/+15550001"],
    ["/dev/baseline/x/insert", { method: "POST", body: "hi" }],
    ["/dev/core-send", { method: "POST", body: JSON.stringify({ from: 1, chat_id: 2, text: "as anyone" }) }],
  ];

  it("Should answer 404 to a public host or a public client address even with DEV_MODE=1", async () => {
    expect(env.DEV_MODE).toBe("1");
    for (const [path, init] of routes) {
      for (const [origin, ip] of [
        ["https://edgegram.example", "203.0.113.7"],
        ["https://edgegram.example", null],
        ["http://127.0.0.1:8787", "203.0.113.7"],
        ["http://localhost:8787", "2001:db8::1"],
        ["http://gateway.test", null],
      ] as const) {
        const res = await offLoopback(`${origin}${path}`, ip, init);
        expect(res.status, `${origin}${path} from ${ip}`).toBe(404);
        expect(await res.json()).toEqual({ error: { code: 404, message: "NOT_FOUND" } });
      }
    }
  });

  it("Should serve them on loopback in development", async () => {
    for (const [origin, ip] of [
      ["http://127.0.0.1:8787", "127.0.0.1"],
      ["http://localhost:8787", "::1"],
      ["http://[::1]:8787", null],
    ] as const) {
      const res = await offLoopback(`${origin}/dev/codes/+15550001`, ip);
      expect(await res.json()).toEqual({ error: { code: 404, message: "PHONE_CODE_NOT_FOUND" } });
    }
  });
});

describe("the core-send bench reference (development only)", () => {
  const devCall = (body: unknown) =>
    gateway.fetch(
      new Request("http://127.0.0.1/dev/core-send", { method: "POST", body: JSON.stringify(body) }),
      env,
      {} as ExecutionContext,
    );

  it("Should send as the given user through the core, and the recipient should get it pushed", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const res = await devCall({ from: alice.id, chat_id: bob.id, text: "straight from the core" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; result: { message_id: number; chat: { id: number } } };
    expect(body.ok).toBe(true);
    expect(body.result.chat.id).toBe(bob.id);
    const u = await pushed(bob, "updateNewMessage", (x) => x.message.message === "straight from the core");
    expect(u.message.id).toBe(body.result.message_id);
  });

  it("Should answer bad input with 400 and the core's errors as they are", async () => {
    for (const bad of [
      null,
      { from: "1", chat_id: 2, text: "x" },
      { from: 1, chat_id: 2 },
      { from: 1.5, chat_id: 2, text: "x" },
    ]) {
      const res = await devCall(bad);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 400, message: "INPUT_INVALID" } });
    }
    const alice = await person("Alice");
    const bob = await person("Bob");
    const empty = await devCall({ from: alice.id, chat_id: bob.id, text: "" });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: { code: 400, message: "MESSAGE_EMPTY" } });
  });
});
