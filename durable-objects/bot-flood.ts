/** Per-bot flood limit: a token bucket (Telegram allows ~30 requests/s per bot, in bursts). */

export interface Bucket {
  tokens: number;
  at: number;
}

export interface FloodLimit {
  /** Tokens refilled per second. */
  rate: number;
  /** Bucket size: the burst a bot may send at once. */
  burst: number;
}

export const DEFAULT_FLOOD: FloodLimit = { rate: 30, burst: 30 };

/** Takes one token; returns 0 if allowed, else whole seconds until one is available. */
export function takeToken(b: Bucket, now: number, limit: FloodLimit): number {
  b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.rate);
  b.at = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - b.tokens) / limit.rate));
}
