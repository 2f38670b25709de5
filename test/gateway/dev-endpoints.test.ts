import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { codeDeliveryFor } from "../../workers/gateway/code-delivery.ts";
import gateway from "../../workers/gateway/index.ts";

/** The gateway as deployed: the same code with DEV_MODE absent (it only ever comes from .dev.vars). */
const production = { ...env, DEV_MODE: undefined };
const call = (path: string, init?: RequestInit) =>
  gateway.fetch(new Request(`http://gateway.test${path}`, init), production, {} as ExecutionContext);

describe("development-only surface", () => {
  it("Should not serve sign-in codes or benchmark baselines without DEV_MODE", async () => {
    expect((await call("/dev/codes/+15550001")).status).toBe(404);
    expect((await call("/dev/baseline/x/broadcast", { method: "POST", body: "hi" })).status).toBe(404);
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
