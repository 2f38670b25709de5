/** What every Bot API method receives: the bot, its uploaded files, and a typed way to run internal RPCs as the bot. */
import type * as v from "valibot";
import type { BotObject } from "../../durable-objects/bot-object.ts";
import { toRpcError } from "../../protocol/errors.ts";
import type { Chat } from "../../protocol/model/chat.ts";
import type { Peer } from "../../protocol/model/peer.ts";
import type { User } from "../../protocol/model/user.ts";
import type { MethodName, Params, Result } from "../../protocol/rpc/index.ts";
import type { CoreService } from "../gateway/core-service.ts";
import type { Directory } from "./convert.ts";

export interface BotApiEnv {
  /** The gateway's CoreService entrypoint: internal RPC methods run as a user. */
  CORE: Service<CoreService>;
  /** BotObject lives in the gateway worker (script_name). */
  BOTS: DurableObjectNamespace<BotObject>;
  /** The media worker, when deployed (file downloads). */
  MEDIA?: Fetcher;
  DEV_MODE?: string;
}

export interface BotContext {
  env: BotApiEnv;
  botId: number;
  bot: DurableObjectStub<BotObject>;
  files: Map<string, File>;
  call<M extends MethodName>(method: M, params: Params<M>, blob?: Uint8Array): Promise<Result<M>>;
}

export interface BotMethod {
  params: v.GenericSchema;
  run(ctx: BotContext, params: unknown): Promise<unknown>;
  /** Not counted by the flood limit (polling and introspection). */
  free?: boolean;
}

export function botMethod<S extends v.GenericSchema>(
  params: S,
  run: (ctx: BotContext, p: v.InferOutput<S>) => Promise<unknown>,
  opts: { free?: boolean } = {},
): BotMethod {
  return { params, run: run as BotMethod["run"], ...opts };
}

export function botContext(env: BotApiEnv, botId: number, files: Map<string, File>): BotContext {
  return {
    env,
    botId,
    bot: env.BOTS.get(env.BOTS.idFromName(`bot:${botId}`)),
    files,
    async call(method, params, blob) {
      try {
        const out = (await env.CORE.invoke(botId, method, params, blob)) as unknown as { result: unknown };
        return out.result as never;
      } catch (e) {
        throw toRpcError(e);
      }
    },
  };
}

/** Looks up the users and chats a conversion needs, as the bot sees them. */
export async function directoryFor(ctx: BotContext, userIds: number[], peers: Peer[]): Promise<Directory> {
  const users = new Map<number, User>();
  const chats = new Map<string, Chat>();
  const ids = [...new Set([ctx.botId, ...userIds, ...peers.filter((p) => p._ === "user").map((p) => p.id)])];
  for (const u of await ctx.call("users.getUsers", { ids })) users.set(u.id, u);
  for (const p of peers) {
    if (p._ === "user" || chats.has(`${p._}:${p.id}`)) continue;
    try {
      const full = await ctx.call("messages.getFullChat", { peer: p });
      chats.set(`${p._}:${p.id}`, full.chat);
    } catch {
      // A chat the bot has left: convert with what the message itself says.
    }
  }
  return { users, chats };
}
