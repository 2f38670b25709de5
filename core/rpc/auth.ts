/** auth.*: the sign-in state machine (code → maybe sign-up → maybe 2FA password → bound auth key). */

import { fromHex, toHex } from "../../protocol/binary.ts";
import { Errors } from "../../protocol/errors.ts";
import { type AuthorizationResult, CODE_TTL_MS } from "../../protocol/rpc/auth.ts";
import { checkIpLimit } from "../client-ip.ts";
import { codeDeliveryFor } from "../code-delivery.ts";
import { botObjectOf, directoryOf, userObjectOf } from "../objects.ts";
import { sendCodeToDevices } from "../service-notifications.ts";
import type { HandlerTable, RpcContext } from "./context.ts";

/** Phones are stored as "+" and digits only. */
export const normalizePhone = (p: string) => `+${p.replace(/\D/g, "")}`;

async function authorize(ctx: RpcContext, userId: number): Promise<AuthorizationResult> {
  await ctx.device.bindUser(userId);
  return { _: "auth.authorization", user: await userObjectOf(ctx.env, userId).getUser(userId) };
}

/** A bot token's form, `<bot_id>:<secret>` (durable-objects/bot-token.ts makes them). */
const BOT_TOKEN = /^(\d{1,15}):([A-Za-z0-9_-]{35,64})$/;

export const authHandlers: HandlerTable<
  | "auth.sendCode"
  | "auth.signIn"
  | "auth.signUp"
  | "auth.checkPassword"
  | "auth.getPasswordSrp"
  | "auth.checkPasswordSrp"
  | "auth.logOut"
  | "auth.importBotAuthorization"
> = {
  async "auth.sendCode"(ctx, p) {
    await checkIpLimit(ctx.env.SIGNIN_LIMITER, ctx.clientIp ?? null);
    const phone = normalizePhone(p.phone_number);
    const delivery = codeDeliveryFor(ctx.env);
    // Limits key on the requester too: its address (/64), or its auth key where no address is known
    // (locally, behind proxies that do not set cf-connecting-ip).
    const requester = ctx.clientIp ? `ip:${ctx.clientIp}` : `key:${ctx.authKeyId}`;
    const { hash, code } = await directoryOf(ctx.env).sendCode(phone, requester);
    // The owner's signed-in devices get it too; if that fails, the configured delivery still carries it.
    const inApp = await sendCodeToDevices(ctx.env, phone, code).catch((e: unknown) => {
      console.error("sign-in code to the account's devices failed", e);
      return false;
    });
    const sent = { phone_code_hash: hash, timeout: CODE_TTL_MS / 1000 };
    try {
      await delivery.deliver(phone, code);
    } catch (e) {
      // No SMS configured: a code that reached the owner's devices is enough.
      if (!inApp) throw e;
      return { ...sent, type: "app" as const };
    }
    return { ...sent, type: delivery.type };
  },

  async "auth.signIn"(ctx, p) {
    if (ctx.device.userId !== null) throw Errors.badRequest("USER_ALREADY_AUTHORIZED");
    await checkIpLimit(ctx.env.SIGNIN_LIMITER, ctx.clientIp ?? null);
    const userId = await directoryOf(ctx.env).signIn(normalizePhone(p.phone_number), p.phone_code_hash, p.phone_code);
    if (userId === null) return { _: "auth.authorizationSignUpRequired" };
    const user = userObjectOf(ctx.env, userId);
    if ((await user.passwordInfo()).has_password) {
      await user.openPasswordPending(ctx.authKeyId);
      ctx.device.setPendingUser(userId);
      throw Errors.unauthorized("SESSION_PASSWORD_NEEDED");
    }
    return authorize(ctx, userId);
  },

  async "auth.signUp"(ctx, p) {
    if (ctx.device.userId !== null) throw Errors.badRequest("USER_ALREADY_AUTHORIZED");
    const phone = normalizePhone(p.phone_number);
    const name = [p.first_name, p.last_name].filter(Boolean).join(" ");
    const userId = await directoryOf(ctx.env).signUp(phone, p.phone_code_hash, name);
    await userObjectOf(ctx.env, userId).init({ id: userId, first_name: p.first_name, last_name: p.last_name, phone });
    return authorize(ctx, userId);
  },

  async "auth.checkPassword"(ctx, p) {
    const userId = ctx.device.pendingUserId;
    if (userId === null) throw Errors.badRequest("PASSWORD_NOT_REQUESTED");
    await checkIpLimit(ctx.env.SIGNIN_LIMITER, ctx.clientIp ?? null);
    if (!(await userObjectOf(ctx.env, userId).checkPendingPassword(ctx.authKeyId, p.password)))
      throw Errors.badRequest("PASSWORD_HASH_INVALID");
    return authorize(ctx, userId);
  },

  async "auth.importBotAuthorization"(ctx, p) {
    if (ctx.device.userId !== null) throw Errors.badRequest("USER_ALREADY_AUTHORIZED");
    await checkIpLimit(ctx.env.SIGNIN_LIMITER, ctx.clientIp ?? null);
    const m = BOT_TOKEN.exec(p.bot_auth_token);
    const botId = Number(m?.[1]);
    if (!m || !Number.isSafeInteger(botId) || botId <= 0) throw Errors.badRequest("ACCESS_TOKEN_INVALID");
    try {
      await botObjectOf(ctx.env, botId).authorize(m[2] as string, true);
    } catch (e) {
      if (e instanceof Error && /BOT_TOKEN_INVALID/.test(e.message)) throw Errors.badRequest("ACCESS_TOKEN_INVALID");
      throw e;
    }
    return authorize(ctx, botId);
  },

  async "auth.getPasswordSrp"(ctx) {
    const userId = ctx.device.pendingUserId;
    if (userId === null) throw Errors.badRequest("PASSWORD_NOT_REQUESTED");
    const srp = await userObjectOf(ctx.env, userId).passwordChallenge(ctx.authKeyId);
    if (!srp) throw Errors.badRequest("SRP_PASSWORD_CHANGED");
    return { salt1: toHex(srp.salt1), salt2: toHex(srp.salt2), srp_b: toHex(srp.srpB), srp_id: srp.srpId };
  },

  async "auth.checkPasswordSrp"(ctx, p) {
    const userId = ctx.device.pendingUserId;
    if (userId === null) throw Errors.badRequest("PASSWORD_NOT_REQUESTED");
    await checkIpLimit(ctx.env.SIGNIN_LIMITER, ctx.clientIp ?? null);
    const user = userObjectOf(ctx.env, userId);
    if (!(await user.checkPendingSrp(ctx.authKeyId, p.srp_id, fromHex(p.a), fromHex(p.m1))))
      throw Errors.badRequest("PASSWORD_HASH_INVALID");
    return authorize(ctx, userId);
  },

  async "auth.logOut"(ctx) {
    const userId = ctx.device.userId as number;
    await userObjectOf(ctx.env, userId).removeAuthorization(ctx.authKeyId);
    return true;
  },
};
