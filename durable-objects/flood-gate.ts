/**
 * A sliding-window counter kept in memory: how many calls a device may make
 * per window. Reset when an object hibernates, which only ever loosens it for
 * a device that was idle anyway.
 */

export class FloodGate {
  private readonly stamps: number[] = [];
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Counts one call; returns 0 when allowed, else the seconds until one is. */
  take(now: number): number {
    while (this.stamps.length && (this.stamps[0] as number) <= now - this.windowMs) this.stamps.shift();
    if (this.stamps.length >= this.limit) return Math.ceil(((this.stamps[0] as number) + this.windowMs - now) / 1000);
    this.stamps.push(now);
    return 0;
  }
}
