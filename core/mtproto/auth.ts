/** auth.* over MTProto: sign-in by code, sign-up and log-out, each the core's own call. */
import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import type { AuthorizationResult } from "../../protocol/rpc/auth.ts";
import { dispatchRpc } from "../rpc/dispatch.ts";
import type { MtAdapterTable, MtContext } from "./context.ts";
import { tlUser } from "./present/users.ts";

/** Sign-in codes are this many digits (docs/protocol.md). */
const CODE_LENGTH = 6;

export function tlAuthorization(ctx: MtContext, a: AuthorizationResult): TlTypes["auth.Authorization"] {
  if (a._ === "auth.authorizationSignUpRequired") return { _: "auth.authorizationSignUpRequired" };
  return { _: "auth.authorization", user: tlUser(ctx.rpc.env, a.user.id, a.user) };
}

export const authAdapters: MtAdapterTable<
  "auth.sendCode" | "auth.signIn" | "auth.signUp" | "auth.logOut" | "auth.importBotAuthorization"
> = {
  async "auth.sendCode"(ctx, call) {
    const sent = (await dispatchRpc(ctx.rpc, "auth.sendCode", { phone_number: call.phoneNumber })).result as {
      phone_code_hash: string;
      timeout: number;
    };
    return {
      _: "auth.sentCode",
      type: { _: "auth.sentCodeTypeApp", length: CODE_LENGTH },
      phoneCodeHash: sent.phone_code_hash,
      timeout: sent.timeout,
    };
  },
  async "auth.signIn"(ctx, call) {
    // A missing code is checked by the core like a wrong one.
    const code = call.phoneCode ?? "";
    const params = { phone_number: call.phoneNumber, phone_code_hash: call.phoneCodeHash, phone_code: code };
    return tlAuthorization(ctx, (await dispatchRpc(ctx.rpc, "auth.signIn", params)).result as AuthorizationResult);
  },
  async "auth.signUp"(ctx, call) {
    const params = {
      phone_number: call.phoneNumber,
      phone_code_hash: call.phoneCodeHash,
      first_name: call.firstName,
      ...(call.lastName ? { last_name: call.lastName } : {}),
    };
    return tlAuthorization(ctx, (await dispatchRpc(ctx.rpc, "auth.signUp", params)).result as AuthorizationResult);
  },
  async "auth.importBotAuthorization"(ctx, call) {
    const params = { bot_auth_token: call.botAuthToken };
    const a = (await dispatchRpc(ctx.rpc, "auth.importBotAuthorization", params)).result as AuthorizationResult;
    return tlAuthorization(ctx, a);
  },
  async "auth.logOut"(ctx) {
    await dispatchRpc(ctx.rpc, "auth.logOut", {});
    return { _: "auth.loggedOut" };
  },
};
