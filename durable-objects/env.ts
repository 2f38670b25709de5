/**
 * The bindings the stateful core sees. The gateway worker exports the core
 * Durable Objects; other workers reach them by `script_name`.
 */

import type { InputMediaRef, MediaRef } from "../protocol/model/media.ts";
import type { AuthKeyObject } from "./auth-key-object.ts";
import type { BaselineObject } from "./baseline-object.ts";
import type { BotObject } from "./bot-object.ts";
import type { ChatObject } from "./chat-object.ts";
import type { DirectoryObject } from "./directory-object.ts";
import type { UserObject } from "./user-object.ts";

export interface CoreEnv {
  AUTH_KEYS: DurableObjectNamespace<AuthKeyObject>;
  USERS: DurableObjectNamespace<UserObject>;
  DIRECTORY: DurableObjectNamespace<DirectoryObject>;
  /** One BotObject per bot: token hash, update queue, webhook, commands. */
  BOTS: DurableObjectNamespace<BotObject>;
  /** One per chat (private, group, channel), named by its chat key (see chatKeyOf). */
  CHATS: DurableObjectNamespace<ChatObject>;
  /** The media worker (service binding); absent when it is not deployed. */
  MEDIA?: MediaServiceApi & Fetcher;
  /** Benchmark floor (bare echo/broadcast), used only under /dev/. */
  BASELINE?: DurableObjectNamespace<BaselineObject>;
  /** 64 hex chars: the seed of the server's Ed25519 identity key (a Worker secret). */
  SERVER_IDENTITY_KEY: string;
  /** 64 hex chars: seals auth keys and connection keys at rest (a Worker secret; see key-at-rest.ts). */
  AUTH_KEY_STORAGE_KEY: string;
  /** Public keys (hex, comma-separated) of the next server identity, announced to clients to pin before a rotation. */
  SERVER_NEXT_PUBLIC_KEYS?: string;
  /** Per-IP limits: auth-key and connection handshakes; sign-in codes and passwords. */
  HANDSHAKE_LIMITER?: RateLimit;
  SIGNIN_LIMITER?: RateLimit;
  /** "1" only in local development: enables /dev endpoints and logs sign-in codes. */
  DEV_MODE?: string;
}

/** What the media worker offers the core over its service binding. */
export interface MediaServiceApi {
  /** Checks the access hash for this user and returns the full reference; throws RpcError otherwise. */
  resolveForMessage(userId: number, ref: InputMediaRef): Promise<MediaRef>;
  /** Lets every member of the chat download the media. */
  grantToChat(mediaId: string, chatKey: string): Promise<void>;
}

export const directoryOf = (env: CoreEnv) => env.DIRECTORY.get(env.DIRECTORY.idFromName("directory"));
export const userObjectOf = (env: CoreEnv, userId: number) => env.USERS.get(env.USERS.idFromName(`user:${userId}`));
/**
 * How many AuthKeyObjects share the auth keys. More shards spread the devices' RPCs over more
 * objects; fewer make a push to many devices fewer calls. Fixed for a deployment's life: changing
 * it moves keys to other objects (their devices would have to negotiate new keys).
 */
export const AUTH_KEY_SHARDS = 64;

/** The shard an auth key lives in. Key ids are hashes of the key, so their low bits are uniform. */
export function authKeyShardOf(authKeyId: string): string {
  return `authkeys:${Number.parseInt(authKeyId.slice(-4), 16) % AUTH_KEY_SHARDS}`;
}

/** The AuthKeyObject of a shard named by authKeyShardOf. */
export const authKeyShardObject = (env: CoreEnv, shard: string) => env.AUTH_KEYS.get(env.AUTH_KEYS.idFromName(shard));

/** The AuthKeyObject hosting this auth key; its methods take the key id too. */
export const authKeyObjectOf = (env: CoreEnv, authKeyId: string) => authKeyShardObject(env, authKeyShardOf(authKeyId));
/** The chat object for a chat key: `private:<low>:<high>`, `chat:<id>`, `channel:<id>`. */
export const chatObjectOf = (env: CoreEnv, chatKey: string) => env.CHATS.get(env.CHATS.idFromName(chatKey));
export const botObjectOf = (env: CoreEnv, botId: number) => env.BOTS.get(env.BOTS.idFromName(`bot:${botId}`));
