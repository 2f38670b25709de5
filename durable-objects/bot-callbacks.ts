/**
 * A bot's callback queries waiting, in its BotObject's memory, for the bot's answerCallbackQuery: the
 * pressing user's request waits a few seconds, and gets nothing if the bot does not answer in time.
 */
import { Errors } from "../protocol/errors.ts";

export interface CallbackAnswer {
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
}

export class CallbackQueries {
  private readonly waiting = new Map<string, (a: CallbackAnswer) => void>();

  /** Waits (up to waitMs) for the answer to the query that `queue` hands the bot; null if none came. */
  ask(queryId: string, queue: () => void, waitMs: number): Promise<CallbackAnswer | null> {
    const answer = new Promise<CallbackAnswer | null>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(queryId);
        resolve(null);
      }, waitMs);
      this.waiting.set(queryId, (a) => {
        clearTimeout(timer);
        this.waiting.delete(queryId);
        resolve(a);
      });
    });
    queue();
    return answer;
  }

  /** The bot's answer; QUERY_ID_INVALID when no query waits for it (unknown, answered, or timed out). */
  answer(queryId: string, answer: CallbackAnswer): true {
    const waiter = this.waiting.get(queryId);
    if (!waiter) throw Errors.badRequest("QUERY_ID_INVALID");
    waiter(answer);
    return true;
  }
}
