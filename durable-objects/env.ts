/**
 * The bindings the stateful core sees. The gateway worker exports the core
 * Durable Objects; other workers reach them by `script_name`.
 */
import type { AuthKeyObject } from "./auth-key-object.ts";
import type { BaselineObject } from "./baseline-object.ts";
import type { BotObject } from "./bot-object.ts";
import type { DirectoryObject } from "./directory-object.ts";
import type { UserObject } from "./user-object.ts";

export interface CoreEnv {
  AUTH_KEYS: DurableObjectNamespace<AuthKeyObject>;
  USERS: DurableObjectNamespace<UserObject>;
  DIRECTORY: DurableObjectNamespace<DirectoryObject>;
  /** One BotObject per bot: token hash, update queue, webhook, commands. */
  BOTS: DurableObjectNamespace<BotObject>;
  /** Benchmark floor (bare echo/broadcast), used only under /dev/. */
  BASELINE?: DurableObjectNamespace<BaselineObject>;
  /** 64 hex chars: the seed of the server's Ed25519 identity key (a Worker secret). */
  SERVER_IDENTITY_KEY: string;
  /** "1" only in local development: enables /dev endpoints and logs sign-in codes. */
  DEV_MODE?: string;
}

export const directoryOf = (env: CoreEnv) => env.DIRECTORY.get(env.DIRECTORY.idFromName("directory"));
export const userObjectOf = (env: CoreEnv, userId: number) => env.USERS.get(env.USERS.idFromName(`user:${userId}`));
export const authKeyObjectOf = (env: CoreEnv, authKeyId: string) =>
  env.AUTH_KEYS.get(env.AUTH_KEYS.idFromName(`authkey:${authKeyId}`));
export const botObjectOf = (env: CoreEnv, botId: number) => env.BOTS.get(env.BOTS.idFromName(`bot:${botId}`));
