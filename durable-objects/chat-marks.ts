/**
 * Which of a chat's fan-out events a user's log already holds: the highest chat sequence logged from
 * each chat. A chat delivers to each member in its own order (fanout.ts), so an event at or below the
 * mark is a redelivery; the mark rides in the dialog row, which a message writes anyway, instead of a
 * unique index on event ids (an index entry is a row written per member per message).
 */
import { migrate, one, run } from "./sql.ts";

const marksSchema = [
  // The mark of a chat the user has no dialog row for (left, removed, or events that make no dialog).
  "CREATE TABLE IF NOT EXISTS chat_marks (chat_key TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID",
];

export function initChatMarks(sql: SqlStorage): void {
  migrate(sql, marksSchema);
  const cols = one<{ n: number }>(
    sql,
    "SELECT count(*) AS n FROM pragma_table_info('dialogs') WHERE name = 'chat_seq'",
  ) as { n: number };
  if (cols.n === 0) sql.exec("ALTER TABLE dialogs ADD COLUMN chat_seq INTEGER NOT NULL DEFAULT 0");
}

/** The SQL that keeps a dialog's mark when a statement writes its row (a mark never goes back). */
export const KEEP_MARK = "chat_seq = max(chat_seq, ?)";

/**
 * The marks a batch of events reads and moves, in one transaction: read once per chat, and written
 * at the end only for chats whose dialog row did not carry the new mark already.
 */
export class ChatMarks {
  private readonly sql: SqlStorage;
  private readonly known = new Map<string, number>();
  /** Chats whose mark moved and is not stored yet. */
  private readonly unsaved = new Map<string, number>();

  constructor(sql: SqlStorage) {
    this.sql = sql;
  }

  /** The highest sequence of this chat the log holds (0: none). */
  of(chatKey: string): number {
    let mark = this.known.get(chatKey);
    if (mark === undefined) {
      mark =
        one<{ seq: number }>(
          this.sql,
          `SELECT max(coalesce((SELECT chat_seq FROM dialogs WHERE chat_key = ?), 0),
                  coalesce((SELECT seq FROM chat_marks WHERE chat_key = ?), 0)) AS seq`,
          chatKey,
          chatKey,
        )?.seq ?? 0;
      this.known.set(chatKey, mark);
    }
    return mark;
  }

  /** The event at `seq` was logged; `carried` when the statement that moved its dialog stored the mark too. */
  advance(chatKey: string, seq: number, carried: boolean): void {
    this.known.set(chatKey, seq);
    if (carried) this.unsaved.delete(chatKey);
    else this.unsaved.set(chatKey, seq);
  }

  /** Stores the marks no dialog write carried: in the dialog row when there is one, else in chat_marks. */
  save(): void {
    for (const [chatKey, seq] of this.unsaved) {
      const inDialog = run(this.sql, `UPDATE dialogs SET ${KEEP_MARK} WHERE chat_key = ?`, seq, chatKey) > 0;
      if (!inDialog) keepMark(this.sql, chatKey, seq);
    }
    this.unsaved.clear();
  }
}

function keepMark(sql: SqlStorage, chatKey: string, seq: number): void {
  run(
    sql,
    "INSERT INTO chat_marks (chat_key, seq) VALUES (?, ?) ON CONFLICT (chat_key) DO UPDATE SET seq = max(seq, excluded.seq)",
    chatKey,
    seq,
  );
}

/**
 * Objects whose log deduplicated by a unique event id: each chat's mark starts at the highest
 * sequence its events in the log carry (ids are `<chat key>#<seq>`).
 */
export function seedMarksFromLog(sql: SqlStorage): void {
  run(
    sql,
    `INSERT INTO chat_marks (chat_key, seq)
     SELECT substr(event_id, 1, instr(event_id, '#') - 1), max(CAST(substr(event_id, instr(event_id, '#') + 1) AS INTEGER))
     FROM update_log WHERE instr(event_id, '#') > 0 GROUP BY 1
     ON CONFLICT (chat_key) DO UPDATE SET seq = max(seq, excluded.seq)`,
  );
}

/** Before a dialog row is deleted: its mark moves to chat_marks, so a late redelivery is still recognised. */
export function keepMarkOf(sql: SqlStorage, chatKey: string): void {
  const seq = one<{ chat_seq: number }>(sql, "SELECT chat_seq FROM dialogs WHERE chat_key = ?", chatKey)?.chat_seq;
  if (seq) keepMark(sql, chatKey, seq);
}
