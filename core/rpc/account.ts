/** account.*: profile, username, 2FA password and devices of the signed-in user. */

import { fromHex, toHex } from "../../protocol/binary.ts";
import { Errors } from "../../protocol/errors.ts";
import { isSrpResidue } from "../../protocol/mtproto/crypto/srp.ts";
import { userObjectOf } from "../objects.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

type AccountMethod =
  | "account.getPassword"
  | "account.updatePasswordSettings"
  | "account.getPasswordSrp"
  | "account.updatePasswordSrp"
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
  async "account.getPasswordSrp"(ctx) {
    const user = userObjectOf(ctx.env, userIdOf(ctx));
    if (!(await user.passwordInfo()).has_password) throw Errors.badRequest("PASSWORD_EMPTY");
    const srp = await user.passwordChallengeSignedIn(ctx.authKeyId);
    if (!srp) throw Errors.badRequest("SRP_PASSWORD_CHANGED");
    return { salt1: toHex(srp.salt1), salt2: toHex(srp.salt2), srp_b: toHex(srp.srpB), srp_id: srp.srpId };
  },
  async "account.updatePasswordSrp"(ctx, p) {
    let next: { salt1: Uint8Array; salt2: Uint8Array; v: Uint8Array } | null = null;
    if (p.new_v !== null) {
      if (!p.new_salt1 || !p.new_salt2) throw Errors.badRequest("NEW_SALT_INVALID");
      const v = fromHex(p.new_v);
      // A verifier is a residue mod p: 0, 1 or anything not below p cannot come from a password.
      if (!isSrpResidue(v)) throw Errors.badRequest("NEW_SETTINGS_INVALID");
      next = { salt1: fromHex(p.new_salt1), salt2: fromHex(p.new_salt2), v };
    }
    const proof = p.current && { srpId: p.current.srp_id, a: fromHex(p.current.a), m1: fromHex(p.current.m1) };
    await userObjectOf(ctx.env, userIdOf(ctx)).setPasswordSrp(ctx.authKeyId, proof, next, p.hint);
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
