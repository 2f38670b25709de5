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

/**
 * Users and chats seen recently by this isolate, per bot. Names in a converted message may lag a
 * rename by up to CACHE_MS; access checks never use this (every method still runs through the core).
 */
const CACHE_MS = 30_000;
const seen = new Map<string, { at: number; value: User | Chat }>();

function cached<T extends User | Chat>(key: string): T | undefined {
  const hit = seen.get(key);
  if (!hit) return undefined;
  if (Date.now() - hit.at > CACHE_MS) {
    seen.delete(key);
    return undefined;
  }
  return hit.value as T;
}

function remember(key: string, value: User | Chat): void {
  if (seen.size > 10_000) seen.clear();
  seen.set(key, { at: Date.now(), value });
}

/** Looks up the users and chats a conversion needs, as the bot sees them. */
export async function directoryFor(ctx: BotContext, userIds: number[], peers: Peer[]): Promise<Directory> {
  const users = new Map<number, User>();
  const chats = new Map<string, Chat>();
  const ids = [...new Set([ctx.botId, ...userIds, ...peers.filter((p) => p._ === "user").map((p) => p.id)])];
  const missing: number[] = [];
  for (const id of ids) {
    const u = cached<User>(`${ctx.botId}:user:${id}`);
    if (u) users.set(id, u);
    else missing.push(id);
  }
  if (missing.length > 0)
    for (const u of await ctx.call("users.getUsers", { ids: missing })) {
      users.set(u.id, u);
      remember(`${ctx.botId}:user:${u.id}`, u);
    }
  for (const p of peers) {
    const key = `${p._}:${p.id}`;
    if (p._ === "user" || chats.has(key)) continue;
    const hit = cached<Chat>(`${ctx.botId}:${key}`);
    if (hit) {
      chats.set(key, hit);
      continue;
    }
    try {
      const full = await ctx.call("messages.getFullChat", { peer: p });
      chats.set(key, full.chat);
      remember(`${ctx.botId}:${key}`, full.chat);
    } catch {
      // A chat the bot has left: convert with what the message itself says.
    }
  }
  return { users, chats };
}
