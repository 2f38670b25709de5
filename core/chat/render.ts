/** How stored rows look to a viewer: messages (peer as the viewer addresses it, `out`, reactions) and the Chat. */

import type { AdminRights, Chat } from "../../protocol/model/chat.ts";
import type { Message, MessageReactions } from "../../protocol/model/message.ts";
import { peerOf } from "./keys.ts";
import type { MemberRow, MessageRow, MetaRow } from "./rows.ts";

export interface ReactionRow {
  msg_id: number;
  user_id: number;
  reaction: string;
}

/** Counts per reaction in first-use order; `chosen` marks the viewer's own. */
export function reactionsOf(rows: ReactionRow[], viewer: number | null): MessageReactions | undefined {
  if (rows.length === 0) return undefined;
  const counts = new Map<string, { count: number; chosen: boolean }>();
  for (const r of rows) {
    const c = counts.get(r.reaction) ?? { count: 0, chosen: false };
    c.count++;
    if (r.user_id === viewer) c.chosen = true;
    counts.set(r.reaction, c);
  }
  return {
    results: [...counts].map(([reaction, c]) => ({ reaction, count: c.count, ...(c.chosen ? { chosen: true } : {}) })),
  };
}

/** A message as `viewer` sees it; `viewer` null renders the neutral form used in shared logs. */
export function renderMessage(
  m: MetaRow,
  row: MessageRow,
  viewer: number | null,
  reactions: ReactionRow[] = [],
): Message {
  const broadcast = m.kind === "channel" && !m.megagroup;
  const msg: Message = {
    id: row.id,
    peer_id: peerOf(m.key, viewer ?? row.from_id),
    date: row.date,
    message: row.text,
  };
  if (broadcast) msg.post = true;
  else msg.from_id = row.from_id;
  if (viewer !== null && row.from_id === viewer) msg.out = true;
  if (row.entities) msg.entities = JSON.parse(row.entities);
  if (row.topic_id) {
    const top = row.reply_to && row.reply_to !== row.topic_id ? { reply_to_top_id: row.topic_id } : {};
    msg.reply_to = { reply_to_msg_id: row.reply_to ?? row.topic_id, ...top, forum_topic: true };
  } else if (row.reply_to) msg.reply_to = { reply_to_msg_id: row.reply_to };
  if (row.fwd) msg.fwd_from = JSON.parse(row.fwd);
  if (row.media) msg.media = JSON.parse(row.media);
  if (row.markup) msg.reply_markup = JSON.parse(row.markup);
  if (row.action) msg.action = JSON.parse(row.action);
  if (row.edit_date) msg.edit_date = row.edit_date;
  if (row.pinned) msg.pinned = true;
  if (row.grouped_id) msg.grouped_id = row.grouped_id;
  if (row.via_bot_id) msg.via_bot_id = row.via_bot_id;
  const r = reactionsOf(
    reactions.filter((x) => x.msg_id === row.id),
    viewer,
  );
  if (r) msg.reactions = r;
  return msg;
}

/** Fixes the viewer-dependent fields of a neutral message for one recipient. */
export function messageFor(key: string, msg: Message, viewer: number): Message {
  const out = { ...msg, peer_id: peerOf(key, viewer) };
  if (msg.from_id === viewer && !msg.post) out.out = true;
  else delete out.out;
  return out;
}

const FULL_RIGHTS: AdminRights = {
  change_info: true,
  delete_messages: true,
  invite_users: true,
  pin_messages: true,
  add_admins: true,
};

/** A group or channel as `viewer` (a member, or a non-member of a public channel) sees it. */
export function renderChat(m: MetaRow, count: number, me: MemberRow | null): Chat {
  const id = Number(m.key.split(":")[1]);
  if (m.kind === "chat") {
    return {
      _: "chat",
      id,
      title: m.title,
      participants_count: count,
      date: m.created,
      ...(me?.role === "creator" ? { creator: true } : {}),
      ...(me && me.role !== "member" ? { admin: true } : {}),
      ...(m.about ? { about: m.about } : {}),
      ...(me ? {} : { left: true }),
    };
  }
  return {
    _: "channel",
    id,
    title: m.title,
    participants_count: count,
    date: m.created,
    ...(m.megagroup ? { megagroup: true } : { broadcast: true }),
    ...(m.public ? { public: true } : {}),
    ...(m.about ? { about: m.about } : {}),
    ...(me?.role === "creator" ? { creator: true } : {}),
    ...(me && me.role !== "member" ? { admin_rights: { ...FULL_RIGHTS, add_admins: me.role === "creator" } } : {}),
    ...(me ? {} : { left: true }),
  };
}
