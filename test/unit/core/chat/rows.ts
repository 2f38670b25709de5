/** Rows for the pure chat rules' tests: a chat and members as the store would read them. */
import type { MemberRow, MessageRow, MetaRow, Role } from "../../../../core/chat/rows.ts";

export function chatRow(key: string, over: Partial<MetaRow> = {}): MetaRow {
  const kind = key.split(":")[0] as MetaRow["kind"];
  return { key, kind, title: "T", about: "", megagroup: 0, public: 0, created: 1, pts: 0, max_read: 0, ...over };
}

export function memberRow(user_id: number, role: Role = "member", over: Partial<MemberRow> = {}): MemberRow {
  return { user_id, role, joined: 1, read_inbox_max_id: 0, blocks_other: 0, ...over };
}

export function messageRow(id: number, from_id: number, over: Partial<MessageRow> = {}): MessageRow {
  return {
    id,
    from_id,
    date: 100,
    text: `m${id}`,
    entities: null,
    reply_to: null,
    fwd: null,
    media: null,
    markup: null,
    action: null,
    edit_date: null,
    pinned: 0,
    deleted: 0,
    ...over,
  };
}
