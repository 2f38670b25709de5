/**
 * MTProto over HTTP has no socket to push on: updates for an HTTP session wait in the session until its
 * next request carries them back, and a request that sent `http_wait` is held (up to its max_wait,
 * capped) until one arrives. The held requests are this isolate's; the queue is in storage.
 */

/** Updates kept for an HTTP session between its requests; older ones are dropped (the client sees the pts gap). */
export const HTTP_PENDING_MAX = 64;
/** The longest a request is held for http_wait, whatever the client asks (Telegram's clients ask 25 s). */
export const HTTP_WAIT_MAX_MS = 25_000;

/** A TL update body waiting for the session's next HTTP response. */
export interface PendingPush {
  body: Uint8Array;
}

const waiting = new Map<string, () => void>();

/** Appends an update to an HTTP session's queue, keeping the newest HTTP_PENDING_MAX. */
export function queueHttpPush(pending: PendingPush[] | undefined, body: Uint8Array): PendingPush[] {
  const next = [...(pending ?? []), { body }];
  return next.slice(-HTTP_PENDING_MAX);
}

/**
 * Holds the request of session `key` until `wakeHttpWait(key)` or `maxWaitMs` (capped) passes. A second
 * request of the same session releases the first, as only the newest may be held.
 */
export function holdHttpRequest(key: string, maxWaitMs: number): Promise<void> {
  waiting.get(key)?.();
  const ms = Math.max(0, Math.min(HTTP_WAIT_MAX_MS, maxWaitMs));
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      if (waiting.get(key) === done) waiting.delete(key);
      resolve();
    };
    const timer = setTimeout(done, ms);
    waiting.set(key, done);
  });
}

/** Releases the held request of session `key`, if any: it has something to carry now. */
export function wakeHttpWait(key: string): void {
  waiting.get(key)?.();
}
