/**
 * Development-only bulk routes for scale runs (scripts/channel-scale.ts): accounts made without the
 * sign-in code flow, core calls run as many users at once, and channel joins a page at a time. The
 * code flow is capped service-wide (3,000 codes a minute, login-codes.ts), which would make 100,000
 * sign-ups take 33 minutes, and joins one call each took an hour; these call the same directory,
 * UserObject, ChatObject and core functions the flow and joinChannel end in. Mounted by dev-routes.ts
 * behind its DEV_MODE and loopback check.
 */
import type { Hono } from "hono";
import { takeObjectCalls } from "../../core/object-calls.ts";
import { chatObjectOf, directoryOf, userObjectOf } from "../../core/objects.ts";
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
   * whose phone is switched off. The batch's directory rows (and registry rows) are one directory
   * call, then one call per UserObject. Answers `{ ids }` in the order of `phones`; a phone that
   * already has an account makes the whole batch 400 PHONE_NUMBER_OCCUPIED before anything is written.
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
    const accounts = (phones as string[]).map((x) => ({
      phone: normalizePhone(x),
      authKeyId: p.offline_device === true ? toHex(randomBytes(8)) : null,
    }));
    // One directory call for the page (accounts and registry rows), then one call per new UserObject.
    let ids: number[];
    try {
      ids = await directoryOf(c.env).createAccounts(accounts, firstName);
    } catch (e) {
      const err = toRpcError(e);
      if (err.code !== 400) throw e;
      return c.json(errorJson(err.code, err.text), 400);
    }
    await Promise.all(
      ids.map((id, i) => {
        const { phone, authKeyId } = accounts[i] as (typeof accounts)[number];
        const user = userObjectOf(c.env, id);
        const profile = { id, first_name: firstName, phone };
        return authKeyId ? user.initWithDevice(profile, authKeyId, "offline", "channel-scale") : user.init(profile);
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
   * `POST /dev/channel-members` `{ channel_id, user_ids }`: these users join a public channel as
   * channels.joinChannel would have them join (same rules, same rows, the dialog and the updateChannel
   * push), in one ChatObject call for the page and one call per UserObject (chat/bulk-join.ts).
   * Answers `{ joined, refused }`, each refused user with joinChannel's error.
   */
  app.post("/dev/channel-members", async (c) => {
    const p = await c.req.json<{ channel_id?: unknown; user_ids?: unknown }>().catch(() => null);
    const ids = p?.user_ids;
    if (
      !Number.isSafeInteger(p?.channel_id) ||
      (p?.channel_id as number) <= 0 ||
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.length > MAX_BATCH ||
      !ids.every((x) => Number.isSafeInteger(x) && x > 0)
    )
      return c.json(errorJson(400, "INPUT_INVALID"), 400);
    const key = `channel:${p?.channel_id}`;
    return c.json(await chatObjectOf(c.env, key).joinMany(key, ids as number[]));
  });

  /**
   * `GET /dev/object-calls`: calls per object tallied while the meter was on, with each object's busiest
   * second (core/object-calls.ts), then reset (`?keep=1`: not reset, to watch a fan-out finish).
   */
  app.get("/dev/object-calls", (c) => c.json(takeObjectCalls(c.req.query("keep") === "1")));
}
