/** What an MTProto adapter receives: the core's RPC context for the calling device, and where this server is reachable. */
import type { TlConstructors, TlResults } from "../../protocol/mtproto/gen/api-types.ts";
import type { RpcContext } from "../rpc/context.ts";

export interface MtContext {
  /** The same context an Edgegram device's call carries: the adapters hand it to dispatchRpc. */
  rpc: RpcContext;
  /** The host and port clients reached this server at (help.getConfig's one DC). */
  host: string;
  port: number;
}

/** One adapter: TL call in, TL result out (both in the current layer's model). */
export type MtAdapter<M extends keyof TlResults & keyof TlConstructors> = (
  ctx: MtContext,
  call: TlConstructors[M],
) => Promise<TlResults[M]>;

export type MtAdapterTable<M extends keyof TlResults & keyof TlConstructors> = { [K in M]: MtAdapter<K> };

export { THIS_DC } from "./this-dc.ts";
