/**
 * The open chat as lines on screen: each message with its id, author, time, ticks, reply, reactions
 * and inline buttons; messages still on their way; the unread divider; and the panel that can cover it.
 */
import { Box, Text } from "ink";
import { createElement as h } from "react";
import type { Message } from "../../../protocol/model/message.ts";
import { messageText } from "../format.ts";
import { formatTime } from "../output.ts";
import type { PendingMessage } from "./outbox.ts";
import type { ChatStore, DialogRow } from "./store.ts";

export interface Line {
  text: string;
  color?: string;
  dim?: boolean;
  /** The message this line belongs to (the divider and pending lines have none). */
  id?: number;
}

export const UNREAD_DIVIDER = "── unread messages ──";

/** Every line of the open chat, oldest first, wrapped to `width`. */
export function chatLines(store: ChatStore, row: DialogRow, width: number): Line[] {
  const divider = store.firstUnread.get(row.key);
  const lines: Line[] = [];
  for (const m of store.messagesOf(row.key)) {
    if (m.id === divider) lines.push({ text: centre(UNREAD_DIVIDER, width), color: "yellow" });
    lines.push(...messageLines(store, row, m, width));
  }
  for (const p of store.pendingIn(row.key)) lines.push(...pendingLines(p, width));
  return lines;
}

function centre(text: string, width: number): string {
  return text.padStart(Math.floor((width + text.length) / 2));
}

/** "#12 14:05 Alice: text" with ✓ / ✓✓ on our own messages, then reply, reactions and buttons. */
function messageLines(store: ChatStore, row: DialogRow, m: Message, width: number): Line[] {
  const who = m.out ? "You" : store.names.user(m.from_id ?? (row.peer._ === "user" ? row.peer.id : undefined));
  const ticks = m.out ? (m.id <= row.readOutboxMaxId ? " ✓✓" : " ✓") : "";
  const head = `#${m.id} ${formatTime(m.date)} ${m.action ? "" : `${who}: `}`;
  const reply = m.reply_to
    ? `↩ #${m.reply_to.reply_to_msg_id} ${quoteOf(store, row, m.reply_to.reply_to_msg_id)} `
    : "";
  const body = m.action || m.media ? messageText(m, store.names) : m.message;
  const text = `${head}${reply}${body}${m.edit_date ? " (edited)" : ""}${ticks}`;
  const color = m.action ? undefined : m.out ? "cyan" : undefined;
  const out: Line[] = wrapText(text, width).map((t, i) => ({
    text: i === 0 ? t : `  ${t}`,
    color,
    dim: Boolean(m.action),
    id: m.id,
  }));
  const reactions = m.reactions?.results ?? [];
  if (reactions.length) {
    const shown = reactions.map((r) => `${r.chosen ? "[" : ""}${r.reaction} ${r.count}${r.chosen ? "]" : ""}`);
    out.push({ text: `  ${shown.join("  ")}`, id: m.id });
  }
  const buttons = m.reply_markup?.rows.flat() ?? [];
  if (buttons.length) {
    const shown = buttons.map((b, i) => `[${i + 1} ${b.text}]`).join(" ");
    out.push(...wrapText(shown, width - 2).map((t) => ({ text: `  ${t}`, color: "magenta", id: m.id })));
  }
  return out;
}

function quoteOf(store: ChatStore, row: DialogRow, id: number): string {
  const m = store.message(row.peer, id);
  if (!m) return "";
  const text = messageText(m, store.names);
  return `«${text.length > 30 ? `${text.slice(0, 29)}…` : text}»`;
}

function pendingLines(p: PendingMessage, width: number): Line[] {
  const mark = p.failed ? " ✗ failed — /retry" : " ⏳ sending…";
  const text = `${formatTime(p.date)} You: ${p.text}${mark}`;
  return wrapText(text, width).map((t, i) => ({ text: i === 0 ? t : `  ${t}`, color: p.failed ? "red" : "gray" }));
}

/** Word wrap to `width` columns, keeping the message's own line breaks (continuation lines indent by two). */
export function wrapText(text: string, width: number): string[] {
  return text.split("\n").flatMap((para, i) => wrapParagraph(i === 0 ? para : para, Math.max(4, width)));
}

function wrapParagraph(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const room = out.length === 0 ? width : width - 2;
    const candidate = line ? `${line} ${word}` : word;
    if (Array.from(candidate).length <= room) {
      line = candidate;
      continue;
    }
    if (line) out.push(line);
    let rest = Array.from(word);
    while (rest.length > width - 2) {
      out.push(rest.slice(0, width - 2).join(""));
      rest = rest.slice(width - 2);
    }
    line = rest.join("");
  }
  out.push(line);
  return out;
}

/** The status under the chat title: typing, presence (unknown while we are offline) or the chat kind. */
export function presenceOf(store: ChatStore, row: DialogRow): string {
  if (row.peer._ !== "user") return row.peer._ === "chat" ? "group" : "channel";
  if (store.connection !== "connected") return "waiting for network…";
  const status = store.names.users.get(row.peer.id)?.status;
  if (status?._ === "online") return "online";
  if (status?._ === "offline") return `last seen ${formatTime(status.was_online)}`;
  if (status?._ === "recently") return "last seen recently";
  return "";
}

export interface ChatViewProps {
  store: ChatStore;
  row: DialogRow | undefined;
  lines: Line[];
  width: number;
  height: number;
  /** Lines scrolled up from the newest. */
  scroll: number;
  /** When set, the line to show at the top instead (the unread divider of a chat just opened). */
  top?: number;
  /** New messages that arrived below while scrolled up. */
  newBelow: number;
}

export function ChatView(props: ChatViewProps) {
  const { store, row } = props;
  const inner = props.width - 4;
  const frame = {
    flexGrow: 1,
    flexDirection: "column" as const,
    borderStyle: "round" as const,
    borderColor: "gray",
    paddingX: 1,
  };
  if (store.panel) {
    const room = Math.max(1, props.height - 3);
    return h(
      Box,
      { ...frame, borderColor: "cyan" },
      h(Text, { bold: true, color: "cyan" }, store.panel.title),
      ...store.panel.lines.slice(0, room).map((l, i) => h(Text, { key: i, wrap: "truncate" }, l || " ")),
      store.panel.lines.length > room ? h(Text, { dimColor: true }, `… ${store.panel.lines.length - room} more`) : null,
    );
  }
  if (!row) {
    return h(
      Box,
      { ...frame, alignItems: "center", justifyContent: "center" },
      h(Text, { dimColor: true }, "Select a chat and press Enter, or type /open @username · /help"),
    );
  }
  const typing = store.typingIn(row.key);
  const status = typing ?? presenceOf(store, row);
  const { lines } = props;
  // Scrolled up, the last row says what is below.
  const pinnedTop = props.top !== undefined && lines.length - props.top > props.height - 4 ? props.top : undefined;
  const below = props.scroll > 0 || pinnedTop !== undefined;
  const room = Math.max(1, props.height - 4 - (below ? 1 : 0));
  const end =
    pinnedTop !== undefined ? pinnedTop + room : Math.max(Math.min(room, lines.length), lines.length - props.scroll);
  const shown = lines.slice(Math.max(0, end - room), end);
  const above = end - shown.length > 0 || !store.atStart(row.key);
  const rule = above ? `${"─".repeat(Math.max(1, inner - 15))} PgUp: older ──` : "─".repeat(Math.max(1, inner));
  return h(
    Box,
    frame,
    h(
      Box,
      { justifyContent: "space-between" },
      h(Text, { bold: true }, store.title(row)),
      h(Text, { color: typing ? "green" : undefined, dimColor: !typing }, status),
    ),
    h(Text, { dimColor: true }, rule),
    shown.length
      ? shown.map((l, i) => h(Text, { key: i, color: l.color, dimColor: l.dim, wrap: "truncate" }, l.text || " "))
      : h(Text, { dimColor: true }, "No messages here yet."),
    below
      ? h(
          Text,
          { color: "yellow" },
          props.newBelow > 0
            ? `↓ ${props.newBelow} new message${props.newBelow > 1 ? "s" : ""} · End`
            : "↓ more below · End",
        )
      : null,
  );
}
