/** account.* and updates.getState over MTProto: the device list (Edgegram and MTProto devices alike) and the update state. */
import type { Authorization } from "../../protocol/model/user.ts";
import { dispatchRpc } from "../rpc/dispatch.ts";
import type { MtAdapterTable } from "./context.ts";

/** A device's auth key id (16 hex digits) as TL's signed long `hash`, and back. */
export const authorizationHash = (authKeyId: string): bigint => BigInt.asIntN(64, BigInt(`0x${authKeyId}`));
export const authKeyIdOfHash = (hash: bigint): string => BigInt.asUintN(64, hash).toString(16).padStart(16, "0");

export const accountAdapters: MtAdapterTable<
  "account.getAuthorizations" | "account.resetAuthorization" | "updates.getState"
> = {
  async "account.getAuthorizations"(ctx) {
    const list = (await dispatchRpc(ctx.rpc, "account.getAuthorizations", {})).result as {
      authorizations: Authorization[];
    };
    return {
      _: "account.authorizations",
      authorizationTtlDays: 180,
      authorizations: list.authorizations.map((a) => ({
        _: "authorization",
        current: a.current,
        hash: a.current ? 0n : authorizationHash(a.hash),
        deviceModel: a.device_model,
        platform: "",
        systemVersion: "",
        apiId: 0,
        appName: a.app_name,
        appVersion: "",
        dateCreated: a.date_created,
        dateActive: a.date_active,
        ip: "",
        country: "",
        region: "",
      })),
    };
  },
  async "account.resetAuthorization"(ctx, call) {
    await dispatchRpc(ctx.rpc, "account.resetAuthorization", { hash: authKeyIdOfHash(call.hash) });
    return true;
  },
  async "updates.getState"(ctx) {
    const s = (await dispatchRpc(ctx.rpc, "updates.getState", {})).result as { pts: number; date: number };
    return { _: "updates.state", pts: s.pts, qts: 0, date: s.date, seq: 0, unreadCount: 0 };
  },
};
