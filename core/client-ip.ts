/**
 * The client address rate limits are keyed by. Cloudflare sets
 * cf-connecting-ip and clients cannot forge it; locally every client is
 * loopback, which development leaves unlimited (tests pass the header).
 * An IPv6 client counts per /64: one subscriber usually holds a whole /64
 * and could otherwise take a fresh address for every attempt.
 */
import { Errors } from "../protocol/errors.ts";

export function limitedIp(headers: Headers, env: Env): string | null {
  const ip = headers.get("cf-connecting-ip");
  if (!ip) return null;
  if (env.DEV_MODE === "1" && (ip === "127.0.0.1" || ip === "::1")) return null;
  return rateLimitKey(ip);
}

/** An IPv4 address as it is (also when written as IPv6), an IPv6 address as its /64 prefix. */
function rateLimitKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1] as string;
  if (!ip.includes(":")) return ip;
  const [head = "", tail, extra] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const gap = 8 - left.length - right.length;
  if (tail !== undefined && gap < 1) return ip;
  const groups = tail === undefined ? left : [...left, ...Array(gap).fill("0"), ...right];
  if (extra !== undefined || groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return ip;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** Throws 420 FLOOD_WAIT_60 when `ip` is over `limiter`'s budget (both limiters count per minute). */
export async function checkIpLimit(limiter: RateLimit | undefined, ip: string | null): Promise<void> {
  if (!limiter || !ip) return;
  const { success } = await limiter.limit({ key: ip });
  if (!success) throw Errors.floodWait(60);
}
