/** account.*: profile, username, 2FA password and devices of the signed-in user. */

import { Errors } from "../../protocol/errors.ts";
import { userObjectOf } from "../objects.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

type AccountMethod =
  | "account.getPassword"
  | "account.updatePasswordSettings"
  | "account.getAuthorizations"
  | "account.resetAuthorization"
  | "account.updateProfile"
  | "account.updateUsername";

export const accountHandlers: HandlerTable<AccountMethod> = {
  async "account.getPassword"(ctx) {
    return userObjectOf(ctx.env, userIdOf(ctx)).passwordInfo();
  },
  async "account.updatePasswordSettings"(ctx, p) {
    await userObjectOf(ctx.env, userIdOf(ctx)).setPassword(p.current_password, p.new_password, p.hint);
    return true;
  },
  async "account.getAuthorizations"(ctx) {
    return { authorizations: await userObjectOf(ctx.env, userIdOf(ctx)).listAuthorizations(ctx.authKeyId) };
  },
  async "account.resetAuthorization"(ctx, p) {
    // The current device leaves through auth.logOut, as in Telegram.
    if (p.hash === ctx.authKeyId) throw Errors.badRequest("HASH_INVALID");
    await userObjectOf(ctx.env, userIdOf(ctx)).removeAuthorization(p.hash);
    return true;
  },
  async "account.updateProfile"(ctx, p) {
    return userObjectOf(ctx.env, userIdOf(ctx)).updateProfile(p);
  },
  async "account.updateUsername"(ctx, p) {
    return userObjectOf(ctx.env, userIdOf(ctx)).updateUsername(p.username === "" ? null : p.username);
  },
};
