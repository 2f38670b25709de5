/**
 * CoreService: the gateway's RPC entrypoint for our other workers. The
 * Bot API worker runs internal RPC methods as a bot through it — the SAME
 * dispatch, validation and access checks as a device signed in as that user.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
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

/** Runs one internal RPC method as `userId` (a bot), inside the gateway. */
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

export class CoreService extends WorkerEntrypoint<CoreEnv> {
  /** Runs one internal RPC method as `userId`; throws RpcError as any device would receive it. */
  async invoke(
    userId: number,
    method: string,
    params: unknown,
    blob?: Uint8Array,
  ): Promise<{ result: unknown; blob?: Uint8Array }> {
    return invokeAs(this.env, userId, method, params, blob);
  }
}
