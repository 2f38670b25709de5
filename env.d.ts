// What `npm run types` cannot see, merged into the generated envs: secrets (wrangler secret put;
// locally .dev.vars from npm run keys) and variables only local runs set, which no deployed config
// may carry (scripts/deploy-check.ts).
interface Env {
  /** 64 hex chars: the seed of the server's Ed25519 identity key. */
  SERVER_IDENTITY_KEY: string;
  /** 64 hex chars: seals auth keys and connection keys at rest (see durable-objects/key-at-rest.ts). */
  AUTH_KEY_STORAGE_KEY: string;
  /** Base64 of the MTProto RSA private key's JWK (npm run keys); its public key is what Telegram clients add. */
  MTPROTO_RSA_KEY: string;
  /** Public keys (hex, comma-separated) of the next server identity, announced to clients to pin before a rotation. */
  SERVER_NEXT_PUBLIC_KEYS?: string;
  /** "1" only in local development: enables /dev endpoints and logs sign-in codes. */
  DEV_MODE?: string;
  /** The host (and port) clients and bots reach the gateway at: invite links are `https://<PUBLIC_HOST>/+<hash>`. */
  PUBLIC_HOST?: string;
}
interface MediaEnv {
  /** 64 hex chars: the root of access hashes and download-URL signatures. */
  MEDIA_SECRET: string;
  /** Milliseconds an upload may sit idle before it is aborted (default one day). */
  UPLOAD_TTL_MS?: string;
}
interface BotApiEnv {
  DEV_MODE?: string;
}
declare namespace Cloudflare {
  interface Env {
    SERVER_IDENTITY_KEY: string;
    AUTH_KEY_STORAGE_KEY: string;
    MTPROTO_RSA_KEY: string;
    SERVER_NEXT_PUBLIC_KEYS?: string;
    DEV_MODE?: string;
    PUBLIC_HOST?: string;
  }
}
