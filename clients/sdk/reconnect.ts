/**
 * How the client comes back after losing its connection: it probes the
 * gateway's /health (cheap: no handshake, no crypto) at short, jittered,
 * growing intervals, and reconnects as soon as a probe answers. The probe
 * interval is capped well under a second, so a client is back within about
 * a second of the server; connect failures behind a good probe back off on
 * their own (up to seconds, or FLOOD_WAIT's seconds) so a struggling server
 * is not hammered. Clock and randomness are injected for the tests.
 */
import { RpcError } from "../../protocol/errors.ts";

export interface BackoffOptions {
  /** The first delay's ceiling, ms. */
  baseMs: number;
  /** No delay exceeds this, ms. */
  maxMs: number;
  /** In [0, 1): where in [ceiling/2, ceiling) a delay falls (so clients that lost the same server spread out). */
  random?: () => number;
}

/** Exponential backoff with jitter: delay n is in [c/2, c) for c = min(max, base·2ⁿ); reset() starts over. */
export class Backoff {
  private attempt = 0;
  private readonly opts: Required<BackoffOptions>;

  constructor(opts: BackoffOptions) {
    this.opts = { random: Math.random, ...opts };
  }

  next(): number {
    const ceiling = Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** this.attempt);
    if (ceiling < this.opts.maxMs) this.attempt++;
    return Math.round(ceiling / 2 + (ceiling / 2) * this.opts.random());
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Probes: 50–100 ms after the drop, then growing to 300–600 ms apart. */
export const PROBE_BACKOFF = { baseMs: 100, maxMs: 600 } as const;
/** Failed connects behind a good probe: 0.25–0.5 s apart at first, growing to 4–8 s. */
export const CONNECT_BACKOFF = { baseMs: 500, maxMs: 8_000 } as const;

export interface ReconnectDeps {
  /** Whether the server answers at all (GET /health); never throws. */
  probe(): Promise<boolean>;
  /** Opens the connection; throws NetworkError or RpcError. */
  connect(): Promise<void>;
  /** Stop trying (closed by the user, or connected by someone else). */
  stopped(): boolean;
  sleep(ms: number): Promise<void>;
  random?: () => number;
  /** Told of each failed connect (for logs and tests). */
  onConnectError?(e: unknown): void;
}

/** Tries until connected or stopped. */
export async function reconnect(deps: ReconnectDeps): Promise<void> {
  const probes = new Backoff({ ...PROBE_BACKOFF, ...(deps.random ? { random: deps.random } : {}) });
  const connects = new Backoff({ ...CONNECT_BACKOFF, ...(deps.random ? { random: deps.random } : {}) });
  while (!deps.stopped()) {
    await deps.sleep(probes.next());
    if (deps.stopped()) return;
    if (!(await deps.probe())) continue;
    // The server is back: connect now, and probe quickly again should this connect fail.
    probes.reset();
    try {
      await deps.connect();
      return;
    } catch (e) {
      deps.onConnectError?.(e);
      const wait = e instanceof RpcError ? e.waitSeconds : undefined;
      await deps.sleep(wait !== undefined ? wait * 1000 : connects.next());
    }
  }
}
