/**
 * Runs one internal RPC method as a given user, inside the gateway's code: the SAME dispatch,
 * validation and access checks as a device signed in as that user. Bots' calls (BotObject.invoke,
 * BotFather, the bot inbox) go through here.
 */
import type { CoreEnv } from "../../durable-objects/env.ts";
import { Errors } from "../../protocol/errors.ts";
import { type DeviceState, dispatchRpc } from "./rpc/dispatch.ts";

/** A device that is always signed in as `userId` and can never change that. */
function actingAs(userId: number): DeviceState {
  return {
    userId,
    pendingUserId: null,
    deviceModel: "Bot API",
    appName: "edgegram-bot-api",
    setDevice() {},
    setPendingUser() {
      throw Errors.badRequest("BOT_METHOD_INVALID");
    },
    async bindUser() {
      throw Errors.badRequest("BOT_METHOD_INVALID");
    },
  };
}

/** Runs one internal RPC method as `userId` (a bot); throws RpcError as any device would receive it. */
export function invokeAs(
  env: CoreEnv,
  userId: number,
  method: string,
  params: unknown,
  blob?: Uint8Array,
): Promise<{ result: unknown; blob?: Uint8Array }> {
  return dispatchRpc(
    { env, authKeyId: `bot-api:${userId}`, device: actingAs(userId), blob: blob ?? new Uint8Array() },
    method,
    params,
  );
}
