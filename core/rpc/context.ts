/** What every RPC handler receives: bindings, the calling device, and the frame's raw bytes. */
import { Errors } from "../../protocol/errors.ts";
import type { MethodName, ParsedParams, Result } from "../../protocol/rpc/index.ts";

/** The calling device's auth-key state, as the AuthKeyObject exposes it to handlers. */
export interface DeviceState {
  userId: number | null;
  /** A user who passed the code but still owes the 2FA password. */
  pendingUserId: number | null;
  deviceModel: string;
  appName: string;
  setDevice(deviceModel: string, appName: string): void;
  setPendingUser(userId: number): void;
  bindUser(userId: number): Promise<void>;
}

export interface RpcContext {
  env: Env;
  authKeyId: string;
  device: DeviceState;
  /** Bytes that rode beside the JSON (upload parts). */
  blob: Uint8Array;
  /** The client's address for per-IP limits; null locally and for internal callers. */
  clientIp?: string | null;
}

type HandlerOutput<M extends MethodName> = Result<M> | { result: Result<M>; blob: Uint8Array };

export type Handler<M extends MethodName> = (ctx: RpcContext, params: ParsedParams<M>) => Promise<HandlerOutput<M>>;

export type HandlerTable<M extends MethodName> = { [K in M]: Handler<K> };

/** The signed-in user's id; the dispatcher has already refused callers without one. */
export function userIdOf(ctx: RpcContext): number {
  if (ctx.device.userId === null) throw Errors.unauthorized();
  return ctx.device.userId;
}

/** Wraps a result that carries raw bytes (file parts). */
export function withBlob<T>(result: T, blob: Uint8Array): { result: T; blob: Uint8Array } {
  return { result, blob };
}
