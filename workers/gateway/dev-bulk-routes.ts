/**
 * Development-only bulk routes for scale runs (scripts/channel-scale.ts): accounts made without the
 * sign-in code flow, and core calls run as many users at once. The code flow is capped service-wide
 * (3,000 codes a minute, login-codes.ts), which would make 100,000 sign-ups take 33 minutes; these
 * call the same directory, UserObject and core functions the flow ends in. Mounted by dev-routes.ts
 * behind its DEV_MODE and loopback check.
 */
import type { Hono } from "hono";
import { takeObjectCalls } from "../../core/object-calls.ts";
import { directoryOf, userObjectOf } from "../../core/objects.ts";
import { normalizePhone } from "../../core/rpc/auth.ts";
import { callCore } from "../../core/rpc/call.ts";
import { randomBytes, toHex } from "../../protocol/binary.ts";
import { toRpcError } from "../../protocol/errors.ts";

const MAX_BATCH = 1000;
const errorJson = (code: number, message: string) => ({ error: { code, message } });

interface CallSpec {
  as: number;
  method: string;
  params: unknown;
}

export function mountDevBulkRoutes(app: Hono<{ Bindings: Env }>): void {
  /**
   * `POST /dev/accounts` `{ phones, first_name, offline_device? }`: what auth.signUp does after the code
   * check (directory row, UserObject profile), and with `offline_device` one authorization under a
   * fresh auth key id that never connects, registered as sign-in registers a device: a subscriber
   * whose phone is switched off. Answers `{ ids }` in the order of `phones`; a phone that already has
   * an account makes the whole batch 400 PHONE_NUMBER_OCCUPIED before anything is written.
   */
  app.post("/dev/accounts", async (c) => {
    const p = await c.req
      .json<{ phones?: unknown; first_name?: unknown; offline_device?: unknown }>()
      .catch(() => null);
    const phones = p?.phones;
    if (
      !Array.isArray(phones) ||
      phones.length === 0 ||
      phones.length > MAX_BATCH ||
      !phones.every((x) => typeof x === "string" && /^\+?\d{5,15}$/.test(x)) ||
      typeof p?.first_name !== "string"
    )
      return c.json(errorJson(400, "INPUT_INVALID"), 400);
    const firstName = p.first_name;
    const normalized = (phones as string[]).map(normalizePhone);
    const taken = await Promise.all(normalized.map((phone) => directoryOf(c.env).userIdByPhone(phone)));
    if (new Set(normalized).size !== normalized.length || taken.some((id) => id !== null))
      return c.json(errorJson(400, "PHONE_NUMBER_OCCUPIED"), 400);
    const ids = await Promise.all(
      normalized.map(async (phone) => {
        const id = await directoryOf(c.env).createUser(phone, firstName, false);
        const user = userObjectOf(c.env, id);
        await user.init({ id, first_name: firstName, phone });
        if (p.offline_device === true) await user.addAuthorization(toHex(randomBytes(8)), "offline", "channel-scale");
        return id;
      }),
    );
    return c.json({ ids });
  });

  /**
   * `POST /dev/calls` `{ calls: [{ as, method, params }] }`: each method run as user `as` through the
   * core's in-process entry (callCore: the same handlers, schema checks and access rules a device
   * meets). Answers `{ results }`, one `{ result }` or `{ error: { code, message } }` per call.
   */
  app.post("/dev/calls", async (c) => {
    const p = await c.req.json<{ calls?: unknown }>().catch(() => null);
    const calls = p?.calls;
    if (
      !Array.isArray(calls) ||
      calls.length === 0 ||
      calls.length > MAX_BATCH ||
      !calls.every(
        (x: Partial<CallSpec>) =>
          x && Number.isSafeInteger(x.as) && (x.as as number) > 0 && typeof x.method === "string",
      )
    )
      return c.json(errorJson(400, "INPUT_INVALID"), 400);
    const results = await Promise.all(
      (calls as CallSpec[]).map((k) =>
        callCore(c.env, { kind: "user", userId: k.as }, k.method, k.params).then(
          ({ result }) => ({ result }),
          (e) => {
            const err = toRpcError(e);
            return errorJson(err.code, err.text);
          },
        ),
      ),
    );
    return c.json({ results });
  });

  /**
   * `GET /dev/object-calls`: calls per object tallied while the meter was on, with each object's busiest
   * second (core/object-calls.ts), then reset (`?keep=1`: not reset, to watch a fan-out finish).
   */
  app.get("/dev/object-calls", (c) => c.json(takeObjectCalls(c.req.query("keep") === "1")));
}
