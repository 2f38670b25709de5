/**
 * Flood control: token buckets (burst, then a steady rate) per sender and per
 * chat. Over the limit a send is refused with 420 FLOOD_WAIT_<s>.
 */
import { Errors } from "../../protocol/errors.ts";

export interface BucketRule {
  burst: number;
  perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class FloodGate {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rule: BucketRule;

  constructor(rule: BucketRule) {
    this.rule = rule;
  }

  /** Takes one token for `key` at time `now` (ms) or throws FLOOD_WAIT with the seconds until one is back. */
  take(key: string, now: number): void {
    const { burst, perSecond } = this.rule;
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      throw Errors.floodWait((1 - b.tokens) / perSecond);
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
  }
}
