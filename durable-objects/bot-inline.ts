/**
 * A bot's inline queries (in its BotObject): each query waits for the bot's answerInlineQuery; the
 * answer is kept so the asking user can post one of its results, and reused for the same query and
 * offset for its cache_time (per user when personal), as Telegram's servers do.
 */
import * as v from "valibot";
import { Errors } from "../protocol/errors.ts";
import { InlineAnswer, type InlineResult } from "../protocol/model/inline.ts";
import { one, run } from "./sql.ts";

export const inlineSchema = [
  `CREATE TABLE IF NOT EXISTS inline_queries (
     query_id TEXT PRIMARY KEY, user_id INTEGER NOT NULL, query TEXT NOT NULL, answer TEXT NOT NULL, at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS inline_cache (
     query TEXT NOT NULL, "offset" TEXT NOT NULL, user_id INTEGER NOT NULL, answer TEXT NOT NULL,
     expires INTEGER NOT NULL, PRIMARY KEY (query, "offset", user_id))`,
];

/** How long a user may post a result of an answered query (Telegram keeps them for about a day). */
const QUERY_KEPT_MS = 24 * 3600_000;

export class InlineQueries {
  private readonly sql: SqlStorage;
  private readonly waiting = new Map<string, (a: InlineAnswer) => void>();

  constructor(sql: SqlStorage) {
    this.sql = sql;
  }

  /** The answer for the query: a cached one, or the bot's (after `ask` queued the update), or null after waitMs. */
  async ask(
    q: { queryId: string; userId: number; query: string; offset: string },
    queue: () => void,
    waitMs: number,
  ): Promise<InlineAnswer | null> {
    const now = Date.now();
    const hit = one<{ answer: string }>(
      this.sql,
      `SELECT answer FROM inline_cache WHERE query = ? AND "offset" = ? AND user_id IN (0, ?) AND expires > ?
       ORDER BY user_id DESC LIMIT 1`,
      q.query,
      q.offset,
      q.userId,
      now,
    );
    const answer = hit
      ? (JSON.parse(hit.answer) as InlineAnswer)
      : await new Promise<InlineAnswer | null>((resolve) => {
          const timer = setTimeout(() => {
            this.waiting.delete(q.queryId);
            resolve(null);
          }, waitMs);
          this.waiting.set(q.queryId, (a) => {
            clearTimeout(timer);
            this.waiting.delete(q.queryId);
            resolve(a);
          });
          queue();
        });
    if (!answer) return null;
    const body = JSON.stringify(answer);
    run(this.sql, "DELETE FROM inline_queries WHERE at < ?", now - QUERY_KEPT_MS);
    run(
      this.sql,
      "INSERT OR REPLACE INTO inline_queries (query_id, user_id, query, answer, at) VALUES (?, ?, ?, ?, ?)",
      q.queryId,
      q.userId,
      q.query,
      body,
      now,
    );
    if (!hit && answer.cache_time > 0) {
      run(this.sql, "DELETE FROM inline_cache WHERE expires <= ?", now);
      run(
        this.sql,
        `INSERT OR REPLACE INTO inline_cache (query, "offset", user_id, answer, expires) VALUES (?, ?, ?, ?, ?)`,
        q.query,
        q.offset,
        answer.personal ? q.userId : 0,
        body,
        now + answer.cache_time * 1000,
      );
    }
    return answer;
  }

  /** The bot's answerInlineQuery: checked, then handed to the waiting query. */
  answer(queryId: string, answer: unknown): true {
    const waiter = this.waiting.get(queryId);
    if (!waiter) throw Errors.badRequest("QUERY_ID_INVALID");
    const parsed = v.safeParse(InlineAnswer, answer);
    if (!parsed.success) {
      const text = parsed.issues[0]?.message ?? "";
      throw Errors.badRequest(/^[A-Z][A-Z0-9_]+$/.test(text) ? text : "RESULT_TYPE_INVALID");
    }
    waiter(parsed.output);
    return true;
  }

  /** Result `id` of a query `userId` asked (the answer they were shown). */
  result(queryId: string, userId: number, id: string): { query: string; result: InlineResult } {
    const row = one<{ query: string; answer: string }>(
      this.sql,
      "SELECT query, answer FROM inline_queries WHERE query_id = ? AND user_id = ?",
      queryId,
      userId,
    );
    if (!row) throw Errors.badRequest("QUERY_ID_INVALID");
    const result = (JSON.parse(row.answer) as InlineAnswer).results.find((r) => r.id === id);
    if (!result) throw Errors.badRequest("RESULT_ID_INVALID");
    return { query: row.query, result };
  }
}
