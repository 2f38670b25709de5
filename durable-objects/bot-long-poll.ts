/**
 * getUpdates in a BotObject: the bookkeeping before a poll looks (no polls while a webhook is set; the
 * offset confirms what came before), and the polls that wait, in the object or on a socket
 * (bot-poll-wait.ts), until updates are queued or a newer poll or a webhook ends them (Telegram's 409).
 */
import { Errors } from "../protocol/errors.ts";
import { PollWaiters } from "./bot-poll-wait.ts";
import { botRow, setAllowedUpdates } from "./bot-record.ts";
import { confirm, MAX_POLL_S } from "./bot-updates.ts";

export interface GetUpdatesParams {
  offset?: number;
  limit?: number;
  timeout?: number;
  allowed_updates?: string[];
}

/**
 * Refuses a poll while a webhook is set (409), keeps the poll's allowed_updates, drops the updates its
 * offset confirms, and says how many updates it takes and how long it may wait.
 */
export function openPoll(sql: SqlStorage, p: GetUpdatesParams): { limit: number; timeoutMs: number } {
  if (botRow(sql).webhook_url) throw Errors.conflict("GETUPDATES_WEBHOOK_ACTIVE");
  if (p.allowed_updates) setAllowedUpdates(sql, p.allowed_updates);
  confirm(sql, p.offset ?? 0);
  return {
    limit: Math.min(100, Math.max(1, p.limit ?? 100)),
    timeoutMs: Math.min(MAX_POLL_S, Math.max(0, p.timeout ?? 0)) * 1000,
  };
}

/** The polls waiting for one bot's updates: at most one in the object, any number on sockets. */
export class LongPolls {
  /** Wakes the long poll waiting in the object, if any. */
  private wakeWaiting: (() => void) | null = null;
  /** Ends the poll waiting in the object when a newer getUpdates arrives. */
  private supersedeWaiting: (() => void) | null = null;
  readonly sockets: PollWaiters; // long polls waiting on hibernatable sockets

  constructor(ctx: DurableObjectState) {
    this.sockets = new PollWaiters(ctx);
  }

  /** Updates were queued: every waiting poll goes to take them. */
  wake(): void {
    this.wakeWaiting?.();
    this.sockets.wake();
  }

  /** A newer poll or a webhook: the waiting ones end with 409 GETUPDATES_TERMINATED. */
  terminate(): void {
    this.supersedeWaiting?.();
    this.sockets.terminate();
  }

  /** Waits in the object until woken or timeoutMs passed; throws 409 if a newer poll ended the wait. */
  async wait(timeoutMs: number): Promise<void> {
    let superseded = false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const self = () => {
        superseded = true;
        done();
      };
      this.wakeWaiting = done;
      this.supersedeWaiting = self;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.wakeWaiting = null;
      this.supersedeWaiting = null;
    });
    if (superseded) throw Errors.conflict("GETUPDATES_TERMINATED");
  }
}
