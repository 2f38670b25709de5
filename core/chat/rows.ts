/**
 * A chat's stored rows as the rules see them (what chat/store.ts reads from the
 * object's SQLite): the chat itself, one member, one message.
 */
import type { ChatKind } from "./keys.ts";

export type Role = "creator" | "admin" | "member";

export interface MetaRow {
  key: string;
  kind: ChatKind;
  title: string;
  about: string;
  megagroup: number;
  public: number;
  created: number;
  pts: number;
  max_read: number;
}

export interface MemberRow {
  user_id: number;
  role: Role;
  joined: number;
  read_inbox_max_id: number;
  blocks_other: number;
}

export interface MessageRow {
  id: number;
  from_id: number;
  date: number;
  text: string;
  entities: string | null;
  reply_to: number | null;
  fwd: string | null;
  media: string | null;
  markup: string | null;
  action: string | null;
  edit_date: number | null;
  pinned: number;
  deleted: number;
  /** The album this message belongs to (chat/albums.ts). */
  grouped_id?: string | null;
  /** The forum topic the message is in (null: General, or not a forum); durable-objects/chat/topic-store.ts. */
  topic_id?: number | null;
  /** The bot whose inline result this is (chat/via-bot.ts). */
  via_bot_id?: number | null;
}
