/**
 * Forum topic rules, pure: what a new or edited topic may be, and which state changes are allowed
 * (the General topic, id 1, is never deleted, renamed only, and is the only one that can be hidden).
 * Where topics are kept is the ChatObject's topic table (not yet written; see issue #20).
 */
import { Errors } from "../../protocol/errors.ts";

/** The General topic's id: messages sent without a thread in a forum belong to it. */
export const GENERAL_TOPIC_ID = 1;
/** Telegram's limit on a topic's name. */
export const MAX_TOPIC_TITLE = 128;
/** The six icon colours Telegram accepts for a new topic (RGB); the first is the default. */
export const TOPIC_ICON_COLORS = [0x6fb9f0, 0xffd67e, 0xcb86db, 0x8eee98, 0xff93b2, 0xfb6f5f] as const;

/** A topic as the chat stores it. */
export interface StoredTopic {
  id: number;
  title: string;
  iconColor: number;
  iconEmojiId?: string;
  creator: number;
  date: number;
  closed: boolean;
  hidden: boolean;
}

/** A requested topic change; undefined fields are left as they are. */
export interface TopicEdit {
  title?: string;
  iconEmojiId?: string;
}

function checkTitle(title: string): string {
  const t = title.trim();
  if (t.length === 0) throw Errors.badRequest("TOPIC_TITLE_EMPTY");
  // Counted in UTF-16 units, as Telegram counts a string's length.
  if (t.length > MAX_TOPIC_TITLE) throw Errors.badRequest("TOPIC_TITLE_TOO_LONG");
  return t;
}

/** The topic a create request becomes (a bad title or colour is refused). */
export function newTopic(
  id: number,
  req: { title: string; iconColor?: number; iconEmojiId?: string },
  creator: number,
  nowSec: number,
): StoredTopic {
  const iconColor = req.iconColor ?? TOPIC_ICON_COLORS[0];
  if (!(TOPIC_ICON_COLORS as readonly number[]).includes(iconColor))
    throw Errors.badRequest("TOPIC_ICON_COLOR_INVALID");
  return {
    id,
    title: checkTitle(req.title),
    iconColor,
    ...(req.iconEmojiId ? { iconEmojiId: req.iconEmojiId } : {}),
    creator,
    date: nowSec,
    closed: false,
    hidden: false,
  };
}

/** The topic after an edit; an edit that changes nothing is refused as Telegram does. */
export function editedTopic(topic: StoredTopic, edit: TopicEdit): StoredTopic {
  if (topic.id === GENERAL_TOPIC_ID && edit.iconEmojiId !== undefined) {
    throw Errors.badRequest("GENERAL_MODIFY_ICON_FORBIDDEN");
  }
  const title = edit.title !== undefined ? checkTitle(edit.title) : topic.title;
  // An empty icon id removes the custom icon (Bot API: pass "" to remove).
  const iconEmojiId = edit.iconEmojiId !== undefined ? edit.iconEmojiId : topic.iconEmojiId;
  if (title === topic.title && iconEmojiId === topic.iconEmojiId) throw Errors.badRequest("TOPIC_NOT_MODIFIED");
  const { iconEmojiId: _old, ...rest } = topic;
  return { ...rest, title, ...(iconEmojiId ? { iconEmojiId } : {}) };
}

/** The topic closed or reopened; asking for the state it is already in is refused. */
export function closedTopic(topic: StoredTopic, closed: boolean): StoredTopic {
  if (topic.closed === closed) throw Errors.badRequest("TOPIC_NOT_MODIFIED");
  return { ...topic, closed };
}

/** The General topic hidden or shown; other topics cannot be hidden. Hiding General also closes it. */
export function hiddenTopic(topic: StoredTopic, hidden: boolean): StoredTopic {
  if (topic.id !== GENERAL_TOPIC_ID) throw Errors.badRequest("TOPIC_ID_INVALID");
  if (topic.hidden === hidden) throw Errors.badRequest("TOPIC_NOT_MODIFIED");
  return { ...topic, hidden, closed: hidden ? true : topic.closed };
}

/** Refuses deleting the General topic (it can only be hidden). */
export function requireDeletable(topic: StoredTopic): void {
  if (topic.id === GENERAL_TOPIC_ID) throw Errors.badRequest("TOPIC_ID_INVALID");
}

/** Refuses sending into a closed topic unless the sender may manage topics. */
export function requireMaySendIn(topic: StoredTopic, mayManageTopics: boolean): void {
  if (topic.closed && !mayManageTopics) throw Errors.badRequest("TOPIC_CLOSED");
}
