/**
 * How chats, messages and updates read in the terminal: the names behind ids
 * (collected from every answer's users/chats) and one-line renderings.
 */
import type { Chat } from "../../protocol/model/chat.ts";
import type { Message } from "../../protocol/model/message.ts";
import { isFileMedia, summaryOf } from "../../protocol/model/message-media.ts";
import type { Peer } from "../../protocol/model/peer.ts";
import type { Update } from "../../protocol/model/update.ts";
import type { User } from "../../protocol/model/user.ts";
import { displayName, formatBytes, formatTime } from "./output.ts";
import { peerRef } from "./peer.ts";

/** Names of users and chats seen so far. */
export class Names {
  readonly users = new Map<number, User>();
  readonly chats = new Map<string, Chat>();
  selfId = 0;

  absorb(from: { users?: User[]; chats?: Chat[] }): this {
    for (const u of from.users ?? []) this.users.set(u.id, { ...this.users.get(u.id), ...u });
    for (const c of from.chats ?? []) this.chats.set(`${c._}:${c.id}`, c);
    return this;
  }

  user(id: number | undefined): string {
    if (id === undefined) return "";
    if (id === this.selfId) return "you";
    const u = this.users.get(id);
    return u ? displayName(u) : `user ${id}`;
  }

  peer(p: Peer): string {
    if (p._ === "user") {
      const u = this.users.get(p.id);
      return u ? displayName(u) : `user ${p.id}`;
    }
    return this.chats.get(`${p._}:${p.id}`)?.title ?? `${p._} ${p.id}`;
  }
}

/** The text of a message as one line: text, or a media/service placeholder. */
export function messageText(m: Message, names: Names): string {
  if (m.action) return `(${actionText(m, names)})`;
  const parts: string[] = [];
  if (m.media && !isFileMedia(m.media)) parts.push(summaryOf(m.media));
  else if (m.media)
    parts.push(
      `[${m.media.mime_type.startsWith("image/") ? "photo" : "file"}${m.media.name ? ` ${m.media.name}` : ""}, ${formatBytes(m.media.size)}]`,
    );
  if (m.message) parts.push(m.message);
  return parts.join(" ").replace(/\s*\n\s*/g, " ⏎ ");
}

function actionText(m: Message, names: Names): string {
  const a = m.action;
  switch (a?._) {
    case "messageActionChatCreate":
    case "messageActionChannelCreate":
      return `${names.user(m.from_id)} created "${a.title}"`;
    case "messageActionChatAddUser":
      return `${names.user(m.from_id)} added ${a.users.map((u) => names.user(u)).join(", ")}`;
    case "messageActionChatDeleteUser":
      return `${names.user(a.user_id)} left`;
    case "messageActionChatJoinedByLink":
      return `${names.user(m.from_id)} joined`;
    case "messageActionChatEditTitle":
      return `title is now "${a.title}"`;
    case "messageActionPinMessage":
      return `${names.user(m.from_id)} pinned a message`;
    default:
      return "service message";
  }
}

/** `#12 14:05 Alice: hello` — one line of history. */
export function messageLine(m: Message, names: Names): string {
  const who = m.out ? "you" : m.from_id !== undefined ? names.user(m.from_id) : names.peer(m.peer_id);
  const extras = [m.reply_to ? `↩#${m.reply_to.reply_to_msg_id}` : "", m.edit_date ? "(edited)" : ""]
    .filter(Boolean)
    .join(" ");
  return `#${m.id} ${formatTime(m.date)} ${who}: ${extras ? `${extras} ` : ""}${messageText(m, names)}`;
}

/** `#12–#14 14:05 Alice: [album: photo a.png, 2 KB | photo …] caption` — an album as one entry. */
export function albumLine(album: Message[], names: Names): string {
  const first = album[0] as Message;
  const last = album.at(-1) as Message;
  const files = album.map((m) => messageText({ ...m, message: "" }, names).replace(/^\[|\]$/g, ""));
  const caption = album.find((m) => m.message)?.message ?? "";
  const line = messageLine({ ...first, message: caption, media: undefined }, names);
  const [head, ...rest] = line.split(": ");
  return `${head?.replace(`#${first.id} `, `#${first.id}–#${last.id} `)}: [album: ${files.join(" | ")}]${caption ? ` ${rest.join(": ")}` : ""}`;
}

/** History lines, oldest first, with each album (messages sharing grouped_id) as one entry. */
export function historyLines(messages: Message[], names: Names): string[] {
  const lines: string[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as Message;
    if (!m.grouped_id) {
      lines.push(messageLine(m, names));
      continue;
    }
    const album = [m];
    while (messages[i + 1]?.grouped_id === m.grouped_id) album.push(messages[++i] as Message);
    lines.push(album.length > 1 ? albumLine(album, names) : messageLine(m, names));
  }
  return lines;
}

/** One line for a pushed update, or null for updates not worth a line. */
export function updateLine(u: Update, names: Names): string | null {
  switch (u._) {
    case "updateNewMessage":
    case "updateNewChannelMessage":
      return `[${names.peer(u.message.peer_id)} ${peerRef(u.message.peer_id)}] ${messageLine(u.message, names)}`;
    case "updateEditMessage":
    case "updateEditChannelMessage":
      return `[${names.peer(u.message.peer_id)}] edited ${messageLine(u.message, names)}`;
    case "updateDeleteMessages":
      return `[${names.peer(u.peer)}] deleted #${u.messages.join(", #")}`;
    case "updateDeleteChannelMessages":
      return `[channel ${u.channel_id}] deleted #${u.messages.join(", #")}`;
    case "updateReadHistoryOutbox":
      return `[${names.peer(u.peer)}] read your messages up to #${u.max_id}`;
    case "updateReadHistoryInbox":
      return `[${names.peer(u.peer)}] you read up to #${u.max_id}`;
    case "updateUserTyping":
      return u.action === "sendMessageCancelAction" ? null : `[${names.user(u.user_id)}] ${actionWord(u.action)}…`;
    case "updateChatUserTyping":
      return u.action === "sendMessageCancelAction"
        ? null
        : `[${names.peer(u.peer)}] ${names.user(u.from_id)} ${actionWord(u.action)}…`;
    case "updateUserStatus":
      return `${names.user(u.user_id)} is ${u.status._ === "online" ? "online" : "offline"}`;
    case "updateMessageReactions":
      return `[${names.peer(u.peer)}] reactions on #${u.msg_id}: ${reactionsText(u.reactions.results)}`;
    case "updatePinnedMessages":
      return `[${names.peer(u.peer)}] ${u.pinned ? "pinned" : "unpinned"} #${u.messages.join(", #")}`;
    case "updateChat":
      return `[${u.chat.title}] chat changed`;
    case "updateMessagePoll":
      return summaryOf({ _: "messageMediaPoll", poll: u.poll, results: u.results });
    default:
      return null;
  }
}

export function actionWord(action: string): string {
  if (action === "sendMessageUploadPhotoAction") return "is sending a photo";
  if (action === "sendMessageUploadDocumentAction") return "is sending a file";
  if (action === "sendMessageRecordAudioAction") return "is recording audio";
  if (action === "sendMessageChooseStickerAction") return "is choosing a sticker";
  return "is typing";
}

function reactionsText(rs: { reaction: string; count: number }[]): string {
  return rs.map((r) => `${r.reaction}${r.count}`).join(" ") || "none";
}
