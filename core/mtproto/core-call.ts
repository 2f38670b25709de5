/** The adapters' one way into the core: dispatchRpc with the calling device's context, typed by the method. */
import type { MethodName, Params, Result } from "../../protocol/rpc/index.ts";
import { dispatchRpc } from "../rpc/dispatch.ts";
import type { MtContext } from "./context.ts";

export async function core<M extends MethodName>(ctx: MtContext, name: M, params: Params<M>): Promise<Result<M>> {
  return (await dispatchRpc(ctx.rpc, name, params)).result as Result<M>;
}
