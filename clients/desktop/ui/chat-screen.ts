/**
 * The full-screen chat UI: chat list on the left, the open chat on the right,
 * the input line and a status bar below. Tab switches focus; Enter opens or sends.
 */
import { Box, Text, useApp, useInput, useWindowSize } from "ink";
import { createElement as h, useEffect, useState } from "react";
import type { Message } from "../../../protocol/model/message.ts";
import { messageText } from "../format.ts";
import { displayName, formatTime } from "../output.ts";
import { editLine } from "./line-input.ts";
import type { ChatStore, DialogRow } from "./store.ts";

const LIST_WIDTH = 30;

export function ChatScreen({ store }: { store: ChatStore }) {
  const { exit } = useApp();
  const { columns, rows } = useWindowSize();
  const [, rerender] = useState(0);
  const [focus, setFocus] = useState<"list" | "input">("list");
  const [selected, setSelected] = useState(0);
  const [draft, setDraft] = useState("");
  /** How many lines the chat view is scrolled up from the newest message. */
  const [scroll, setScroll] = useState(0);
  useEffect(() => store.subscribe(() => rerender((n) => n + 1)), [store]);
  // Keep the highlighted row on the open chat when it moves (new message → top).
  const openIndex = store.dialogs.findIndex((d) => d.key === store.openKey);
  useEffect(() => {
    if (openIndex >= 0) setSelected(openIndex);
  }, [openIndex]);
  const openKey = store.openKey;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a different chat starts at its newest message
  useEffect(() => setScroll(0), [openKey]);
  const page = Math.max(1, rows - 10);

  function submit(text: string): void {
    const open = /^\/open\s+(\S+)$/.exec(text.trim());
    const upload = /^\/upload\s+(.+)$/.exec(text.trim());
    if (open) void store.open(open[1] as string);
    else if (upload) void store.sendFile(upload[1] as string);
    else if (text.trim() === "/quit") exit();
    else void store.send(text);
  }

  useInput((input, key) => {
    if (key.pageUp && store.openKey) {
      const key_ = store.openKey;
      setScroll((s) => s + page);
      void store.loadOlder(key_);
      return;
    }
    if (key.pageDown) {
      setScroll((s) => Math.max(0, s - page));
      return;
    }
    if (key.tab) {
      setFocus((f) => (f === "list" ? "input" : "list"));
      return;
    }
    if (focus === "list") {
      const row = store.dialogs[selected];
      if (key.upArrow) setSelected((s) => Math.max(0, s - 1));
      else if (key.downArrow) setSelected((s) => Math.min(store.dialogs.length - 1, s + 1));
      else if (key.return && row) {
        void store.open(row);
        setFocus("input");
      } else if (input === "n") {
        setDraft("/open @");
        setFocus("input");
      } else if (input === "q") exit();
      return;
    }
    if (key.escape) {
      setFocus("list");
      return;
    }
    const edit = editLine(draft, input, key);
    if (!edit) return;
    if (edit.submit) {
      if (edit.value.trim()) submit(edit.value);
      setScroll(0);
      setDraft("");
    } else {
      setDraft(edit.value);
      if (!edit.value.startsWith("/")) store.typed();
    }
  });

  const bodyHeight = Math.max(5, rows - 3);
  return h(
    Box,
    { flexDirection: "column", width: columns, height: rows },
    h(TitleBar, { store }),
    h(
      Box,
      { height: bodyHeight },
      h(ChatList, { store, selected, focused: focus === "list", height: bodyHeight }),
      h(ChatView, { store, width: Math.max(20, columns - LIST_WIDTH), height: bodyHeight, scroll }),
    ),
    h(InputLine, { store, draft, focused: focus === "input" }),
    h(StatusBar, { store, focus }),
  );
}

function TitleBar({ store }: { store: ChatStore }) {
  const conn = store.connection;
  const color = conn === "connected" ? "green" : conn === "connecting" ? "yellow" : "red";
  return h(
    Box,
    { justifyContent: "space-between" },
    h(Text, { bold: true, color: "cyan" }, " Edgegram"),
    h(
      Text,
      null,
      h(Text, null, `${displayName(store.self)} (id ${store.self.id})  `),
      h(Text, { color }, conn === "connected" ? "● online" : conn === "connecting" ? "◌ connecting…" : "○ offline"),
      " ",
    ),
  );
}

function ChatList(props: { store: ChatStore; selected: number; focused: boolean; height: number }) {
  const { store } = props;
  const perRow = 2;
  const fits = Math.max(1, Math.floor((props.height - 2) / perRow));
  const start = Math.max(0, Math.min(props.selected - fits + 1, store.dialogs.length - fits));
  const visible = store.dialogs.slice(start, start + fits);
  return h(
    Box,
    {
      flexDirection: "column",
      width: LIST_WIDTH,
      borderStyle: "round",
      borderColor: props.focused ? "cyan" : "gray",
    },
    store.dialogs.length === 0
      ? h(Text, { dimColor: true }, "No chats yet.\nPress n to start one.")
      : visible.map((row, i) => h(ChatListRow, { key: row.key, store, row, selected: start + i === props.selected })),
  );
}

function ChatListRow(props: { store: ChatStore; row: DialogRow; selected: boolean }) {
  const { store, row } = props;
  const inner = LIST_WIDTH - 4;
  const badge = row.unread ? ` ${row.unread}` : "";
  const when = row.last ? formatTime(row.last.date) : "";
  const title = store.title(row).slice(0, inner - badge.length - when.length - 1);
  const typing = store.typingIn(row.key);
  const preview = typing ?? (row.last ? messageText(row.last, store.names) : "");
  const open = row.key === store.openKey;
  return h(
    Box,
    { flexDirection: "column" },
    h(
      Box,
      { justifyContent: "space-between" },
      h(Text, { inverse: props.selected, bold: open }, `${props.selected ? "›" : " "}${title}`),
      h(
        Text,
        null,
        h(Text, { color: "black", backgroundColor: "cyan" }, badge),
        h(Text, { dimColor: true }, ` ${when}`),
      ),
    ),
    h(
      Text,
      { dimColor: !typing, color: typing ? "green" : undefined, wrap: "truncate" },
      ` ${preview.slice(0, inner)}`,
    ),
  );
}

function ChatView(props: { store: ChatStore; width: number; height: number; scroll: number }) {
  const { store } = props;
  const row = store.openChat;
  const inner = props.width - 4;
  if (!row) {
    return h(
      Box,
      { flexGrow: 1, borderStyle: "round", borderColor: "gray", alignItems: "center", justifyContent: "center" },
      h(Text, { dimColor: true }, "Select a chat and press Enter, or type /open @username"),
    );
  }
  const typing = store.typingIn(row.key);
  const status = typing ?? presenceOf(store, row);
  const lines = store.messagesOf(row.key).flatMap((m) => messageLines(store, row, m, inner));
  const room = Math.max(1, props.height - 4);
  // Scrolled up: the window ends `scroll` lines above the newest, never above the first line.
  const end = Math.max(Math.min(room, lines.length), lines.length - props.scroll);
  const shown = lines.slice(Math.max(0, end - room), end);
  const above = end - shown.length > 0 || !store.atStart(row.key);
  return h(
    Box,
    { flexGrow: 1, flexDirection: "column", borderStyle: "round", borderColor: "gray", paddingX: 1 },
    h(
      Box,
      { justifyContent: "space-between" },
      h(Text, { bold: true }, store.title(row)),
      h(Text, { color: typing ? "green" : undefined, dimColor: !typing }, status),
    ),
    h(
      Text,
      { dimColor: true },
      above ? `${"─".repeat(Math.max(1, inner - 15))} PgUp: older ──` : "─".repeat(Math.max(1, inner)),
    ),
    shown.length
      ? shown.map((l, i) => h(Text, { key: i, color: l.color, dimColor: l.dim, wrap: "truncate" }, l.text))
      : h(Text, { dimColor: true }, "No messages here yet."),
  );
}

function presenceOf(store: ChatStore, row: DialogRow): string {
  if (row.peer._ !== "user") return row.peer._ === "chat" ? "group" : "channel";
  const status = store.names.users.get(row.peer.id)?.status;
  if (status?._ === "online") return "online";
  if (status?._ === "offline") return `last seen ${formatTime(status.was_online)}`;
  if (status?._ === "recently") return "last seen recently";
  return "";
}

interface Line {
  text: string;
  color?: string;
  dim?: boolean;
}

/** A message as wrapped lines: "14:05 Alice: text" with ✓ / ✓✓ on our own messages. */
function messageLines(store: ChatStore, row: DialogRow, m: Message, width: number): Line[] {
  const who = m.out ? "You" : store.names.user(m.from_id ?? (row.peer._ === "user" ? row.peer.id : undefined));
  const ticks = m.out ? (m.id <= row.readOutboxMaxId ? " ✓✓" : " ✓") : "";
  const head = `${formatTime(m.date)} ${who}: `;
  const text = `${head}${messageText(m, store.names)}${m.edit_date ? " (edited)" : ""}${ticks}`;
  const color = m.action ? undefined : m.out ? "cyan" : undefined;
  return wrap(text, width).map((t, i) => ({ text: i === 0 ? t : `  ${t}`, color, dim: Boolean(m.action) }));
}

/** Word wrap to `width` columns (continuation lines are indented by two); overlong words are cut. */
function wrap(text: string, width: number): string[] {
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

function InputLine(props: { store: ChatStore; draft: string; focused: boolean }) {
  const open = props.store.openChat;
  const label = open ? `${props.store.title(open)} ›` : "›";
  return h(
    Box,
    null,
    h(Text, { color: props.focused ? "cyan" : "gray" }, ` ${label} `),
    h(Text, null, props.draft),
    props.focused ? h(Text, { inverse: true }, " ") : null,
    !props.draft && props.focused && open ? h(Text, { dimColor: true }, " Write a message…") : null,
  );
}

function StatusBar(props: { store: ChatStore; focus: "list" | "input" }) {
  if (props.store.notice) return h(Text, { color: "red", wrap: "truncate" }, ` ${props.store.notice}`);
  if (props.store.progress) return h(Text, { color: "yellow", wrap: "truncate" }, ` ${props.store.progress}`);
  const keys =
    props.focus === "list"
      ? "↑↓ select · Enter open · n new chat · Tab input · q quit"
      : "Enter send · PgUp/PgDn scroll · Esc/Tab list · /open @user · /upload <file> · /quit · Ctrl-C quit";
  return h(Text, { dimColor: true, wrap: "truncate" }, ` ${keys}`);
}
