/**
 * Object names: the one place that says which Durable Object holds what. Every layer reaches an
 * object through these functions over the generated `Env` (npm run types), never by building a name.
 */

/** The one DirectoryObject: phones, usernames, ids. */
export const directoryOf = (env: Env) => env.DIRECTORY.get(env.DIRECTORY.idFromName("directory"));
export const userObjectOf = (env: Env, userId: number) => env.USERS.get(env.USERS.idFromName(`user:${userId}`));
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

/** Every shard's name, as authKeyShardOf gives them. */
export const authKeyShardNames = (): string[] => Array.from({ length: AUTH_KEY_SHARDS }, (_, i) => `authkeys:${i}`);

/** The AuthKeyObject of a shard named by authKeyShardOf. */
export const authKeyShardObject = (env: Env, shard: string) => env.AUTH_KEYS.get(env.AUTH_KEYS.idFromName(shard));

/** The AuthKeyObject hosting this auth key; its methods take the key id too. */
export const authKeyObjectOf = (env: Env, authKeyId: string) => authKeyShardObject(env, authKeyShardOf(authKeyId));
/** The chat object for a chat key (see chat-keys.ts): `private:<low>:<high>`, `chat:<id>`, `channel:<id>`. */
export const chatObjectOf = (env: Env, chatKey: string) => env.CHATS.get(env.CHATS.idFromName(chatKey));
/** A bot's object; the Bot API worker reaches it too (its BOTS binding names the gateway's class). */
export const botObjectOf = (env: Pick<Env, "BOTS">, botId: number) => env.BOTS.get(env.BOTS.idFromName(`bot:${botId}`));

/** One upload object per (user, client file id): another user's file id names another object. */
export const uploadObjectOf = (env: MediaEnv, userId: number, fileId: string) =>
  env.UPLOADS.get(env.UPLOADS.idFromName(`upload:${userId}:${fileId}`));
