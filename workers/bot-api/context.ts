/** What every Bot API method receives: the bot, its uploaded files, and a typed way to run internal RPCs as the bot. */
import type * as v from "valibot";
import { botObjectOf } from "../../core/objects.ts";
import type { BotCredentials, BotObject, Invoked } from "../../durable-objects/bot-object.ts";
import type { Directory } from "../../protocol/bot-api/convert.ts";
import { RpcError, toRpcError } from "../../protocol/errors.ts";
import type { Chat } from "../../protocol/model/chat.ts";
import type { Peer } from "../../protocol/model/peer.ts";
import type { User } from "../../protocol/model/user.ts";
import type { MethodName, Params, Result } from "../../protocol/rpc/index.ts";

export interface BotContext {
  env: BotApiEnv;
  botId: number;
  files: Map<string, File>;
  /** Runs an internal RPC method as the bot; the request's first call also checks its token. */
  call<M extends MethodName>(method: M, params: Params<M>, blob?: Uint8Array): Promise<Result<M>>;
  /** The same, with the bytes the method returns (file parts). */
  callWithBlob<M extends MethodName>(
    method: M,
    params: Params<M>,
  ): Promise<{ result: Result<M>; blob: Uint8Array | undefined }>;
  /** The bot's object, once the request's token is known good (for its own methods: updates, webhook, commands). */
  bot(): Promise<DurableObjectStub<BotObject>>;
  /** Resolves once the token was accepted (by a call that carried it, or by asking); throws 401 / 420 otherwise. */
  authorized(): Promise<void>;
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

/** The method's answer, or the token's refusal thrown as the error it is. */
function answerOf(o: Invoked): { result: unknown; blob?: Uint8Array } {
  if ("denied" in o) throw new RpcError(o.denied.code, o.denied.text);
  return o;
}

/**
 * The context of one request. `credentials` is the request's token, or null when the caller already
 * vouches for the bot (a method returned in a webhook reply). The token is not checked up front: the
 * request's first internal call carries it to the BotObject, which checks it before running the
 * method — one hop where a separate check would take two. Every later call waits for that verdict.
 */
export function botContext(
  env: BotApiEnv,
  botId: number,
  files: Map<string, File>,
  credentials: BotCredentials | null,
): BotContext {
  const stub = botObjectOf(env, botId);
  let unchecked = credentials;
  let verdict: Promise<void> | null = credentials ? null : Promise.resolve();
  // Nothing else may reach the object before the verdict; a call that carries the token settles it.
  const check = (c: BotCredentials) =>
    stub.authorize(c.secret, c.free).then(
      () => undefined,
      (e) => {
        throw toRpcError(e);
      },
    );
  const authorized = (): Promise<void> => {
    if (!verdict) {
      verdict = check(unchecked as BotCredentials);
      unchecked = null;
    }
    return verdict;
  };
  const invoke = async (
    method: string,
    params: unknown,
    blob?: Uint8Array,
  ): Promise<{ result: unknown; blob?: Uint8Array }> => {
    const carried = verdict ? null : unchecked;
    unchecked = null;
    if (!carried) await authorized();
    const out = stub.invoke(carried, method, params, blob) as Promise<Invoked>;
    if (carried) {
      verdict = out.then(
        (o) => {
          answerOf(o);
        },
        // A thrown error may be the method's (the token passed) or a lost call (unknown): ask again,
        // without taking a second flood token.
        () => check({ ...carried, free: true }),
      );
    }
    let o: Invoked;
    try {
      o = await out;
    } catch (e) {
      throw toRpcError(e);
    }
    return answerOf(o);
  };
  return {
    env,
    botId,
    files,
    async call(method, params, blob) {
      return (await invoke(method, params, blob)).result as never;
    },
    async callWithBlob(method, params) {
      const o = await invoke(method, params);
      return { result: o.result as never, blob: o.blob };
    },
    async bot() {
      await authorized();
      return stub;
    },
    authorized,
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
