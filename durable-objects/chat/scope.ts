/** What every part of one chat object shares: its SQLite, its storage (transactions, alarms), the bindings and its key. */
import { parseChatKey } from "../../core/chat/keys.ts";
import * as store from "./store.ts";

export class ChatScope {
  readonly sql: SqlStorage;
  readonly storage: DurableObjectStorage;
  readonly env: Env;
  /** The chat's key, once it has one (it never changes): read on every delivery. */
  private keyOnce = "";

  constructor(ctx: DurableObjectState, env: Env) {
    this.sql = ctx.storage.sql;
    this.storage = ctx.storage;
    this.env = env;
  }

  key(): string {
    this.keyOnce ||= store.meta(this.sql)?.key ?? "";
    return this.keyOnce;
  }

  /** Runs `fn` as one SQLite transaction: all of it is written, or none. */
  transaction<T>(fn: () => T): T {
    return this.storage.transactionSync(fn);
  }

  /** A private chat's members are the two users its key names, for good: no read needed. */
  memberIds(): number[] {
    const k = parseChatKey(this.key());
    return k.kind === "private" ? [k.id, k.other as number].sort((a, b) => a - b) : store.memberIds(this.sql);
  }
}
