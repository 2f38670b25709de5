/**
 * The client address rate limits are keyed by. Cloudflare sets
 * cf-connecting-ip and clients cannot forge it; locally every client is
 * loopback, which development leaves unlimited (tests pass the header).
 */
import { Errors } from "../protocol/errors.ts";

export function limitedIp(headers: Headers, env: Env): string | null {
  const ip = headers.get("cf-connecting-ip");
  if (!ip) return null;
  if (env.DEV_MODE === "1" && (ip === "127.0.0.1" || ip === "::1")) return null;
  return ip;
}

/** Throws 420 FLOOD_WAIT_60 when `ip` is over `limiter`'s budget (both limiters count per minute). */
export async function checkIpLimit(limiter: RateLimit | undefined, ip: string | null): Promise<void> {
  if (!limiter || !ip) return;
  const { success } = await limiter.limit({ key: ip });
  if (!success) throw Errors.floodWait(60);
}
