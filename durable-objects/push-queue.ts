/**
 * One account's pushes, one at a time and in the order they were queued (log
 * order): updates that arrive while a push is in flight leave together in the
 * next one — one frame and one seal per device instead of one per update, and
 * no push overtaking an earlier one (which a device would see as a pts gap).
 * An idle queue sends at once, so a lone update waits for nothing.
 */

/** Sends updates to the account's devices but `senderDevice` (the auth key id the change came from: it has them). */
export type SendPush = (updates: unknown[], senderDevice?: string) => Promise<void>;

interface Waiting {
  updates: unknown[];
  senderDevice: string | undefined;
  resolve(): void;
  reject(e: unknown): void;
}

/** Updates per coalesced push at most (one caller's own batch is never split). */
export const MAX_PUSH_UPDATES = 100;

export class PushQueue {
  private readonly send: SendPush;
  private waiting: Waiting[] = [];
  private busy = false;

  constructor(send: SendPush) {
    this.send = send;
  }

  /** Resolves once a push carrying these updates went out; rejects with that push's error. */
  push(updates: unknown[], senderDevice?: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ updates, senderDevice, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    while (this.waiting.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.send(
          batch.flatMap((w) => w.updates),
          batch[0]?.senderDevice,
        );
        for (const w of batch) w.resolve();
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    this.busy = false;
  }

  /** The head, and the waiting pushes right after it from the same sender device, within MAX_PUSH_UPDATES. */
  private takeBatch(): Waiting[] {
    const head = this.waiting[0] as Waiting;
    let n = 1;
    let size = head.updates.length;
    for (; n < this.waiting.length; n++) {
      const next = this.waiting[n] as Waiting;
      if (next.senderDevice !== head.senderDevice || size + next.updates.length > MAX_PUSH_UPDATES) break;
      size += next.updates.length;
    }
    return this.waiting.splice(0, n);
  }
}
