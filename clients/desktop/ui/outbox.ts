/**
 * Messages typed in the terminal and not yet confirmed by the server, per chat and in order.
 * Each keeps its random id, so sending it again after a failure cannot make it arrive twice.
 */
import { randomId } from "../peer.ts";

export interface PendingMessage {
  randomId: string;
  text: string;
  replyTo?: number;
  /** Unix seconds when it was typed. */
  date: number;
  /** Why the last attempt failed; unset while sending. */
  failed?: string;
}

export class Outbox {
  private readonly byChat = new Map<string, PendingMessage[]>();

  add(key: string, text: string, replyTo?: number): PendingMessage {
    const pending: PendingMessage = { randomId: randomId(), text, replyTo, date: Date.now() / 1000 };
    this.byChat.set(key, [...this.of(key), pending]);
    return pending;
  }

  remove(key: string, pending: PendingMessage): void {
    this.byChat.set(
      key,
      this.of(key).filter((p) => p !== pending),
    );
  }

  of(key: string): PendingMessage[] {
    return this.byChat.get(key) ?? [];
  }
}
