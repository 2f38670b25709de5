/**
 * The core's entry for in-process callers (a bot's object, BotFather, the bot inbox, the gateway's
 * dev send): the same handlers, schema checks and access rules a device's call meets, for a plain
 * actor instead of an auth key's sign-in state.
 */
import { Errors } from "../../protocol/errors.ts";
import type { MethodName, Params, Result } from "../../protocol/rpc/index.ts";
import { type DeviceState, dispatchRpc } from "./dispatch.ts";

/**
 * Who a call runs as: a bot; a user acting through a bot (BotFather runs /newbot as the user talking
 * to it); or a device, whose calls say which auth key they came from.
 */
export type Actor = { kind: "bot" | "user"; userId: number } | { kind: "device"; userId: number; authKeyId: string };

/** A method's result, with the bytes it returns (file parts). */
export interface Called<R> {
  result: R;
  blob?: Uint8Array;
}

/** Sign-in state that is always `userId` and refuses to change: sign-in methods are no in-process caller's. */
function signedInAs(actor: Actor): DeviceState {
  return {
    userId: actor.userId,
    pendingUserId: null,
    deviceModel: actor.kind === "bot" ? "Bot API" : "in-process",
    appName: actor.kind === "bot" ? "edgegram-bot-api" : "edgegram",
    setDevice() {},
    setPendingUser() {
      throw Errors.badRequest("BOT_METHOD_INVALID");
    },
    async bindUser() {
      throw Errors.badRequest("BOT_METHOD_INVALID");
    },
  };
}

/** Runs one RPC method as `actor`; throws RpcError as a device would receive it. */
/** The stand-in "device" of a call made for a bot or user by the server (the Bot API), not by a device. */
const NO_DEVICE_PREFIX = "bot-api:";
/** Whether a call's authKeyId (a change's senderDevice) names a real device. */
export const isDevice = (authKeyId: string) => !authKeyId.startsWith(NO_DEVICE_PREFIX);

export function callCore<M extends MethodName>(
  env: Env,
  actor: Actor,
  method: M,
  params: Params<M>,
  blob?: Uint8Array,
): Promise<Called<Result<M>>>;
/** The same for a method named at run time (a bot's request): unknown names get 400 METHOD_INVALID. */
export function callCore(
  env: Env,
  actor: Actor,
  method: string,
  params: unknown,
  blob?: Uint8Array,
): Promise<Called<unknown>>;
export function callCore(
  env: Env,
  actor: Actor,
  method: string,
  params: unknown,
  blob?: Uint8Array,
): Promise<Called<unknown>> {
  // A call from no device has no origin device to skip when its updates are pushed.
  const authKeyId = actor.kind === "device" ? actor.authKeyId : `${NO_DEVICE_PREFIX}${actor.userId}`;
  return dispatchRpc({ env, authKeyId, device: signedInAs(actor), blob: blob ?? new Uint8Array() }, method, params);
}
