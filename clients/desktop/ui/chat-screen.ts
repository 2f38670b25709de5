/**
 * The full-screen chat UI: chat list on the left, the open chat on the right,
 * the input line and a status bar below. Tab switches focus; Enter opens or sends; /help lists the rest.
 */
import { Box, Text, useApp, useInput, usePaste, useWindowSize } from "ink";
import { createElement as h, useEffect, useRef, useState } from "react";
import { messageText } from "../format.ts";
import { displayName, formatTime } from "../output.ts";
import { maskedForDisplay, runInput } from "./chat-commands.ts";
import { ChatView, chatLines, UNREAD_DIVIDER } from "./chat-view.ts";
import { type EditorState, editKey, emptyEditor, pasteText, splitAtCursor } from "./line-editor.ts";
import type { ChatStore, DialogRow } from "./store.ts";

const LIST_WIDTH = 30;

export function ChatScreen({ store }: { store: ChatStore }) {
  const { exit } = useApp();
  const { columns, rows } = useWindowSize();
  const [, rerender] = useState(0);
  const [focus, setFocus] = useState<"list" | "input">("list");
  const [selected, setSelected] = useState(0);
  const [editor, setEditor] = useState<EditorState>(emptyEditor);
  /** How many lines the chat view is scrolled up from the newest message. */
  const [scroll, setScroll] = useState(0);
  const [newBelow, setNewBelow] = useState(0);
  useEffect(() => store.subscribe(() => rerender((n) => n + 1)), [store]);
  // Keep the highlighted row on the open chat when it moves (new message → top).
  const openIndex = store.dialogs.findIndex((d) => d.key === store.openKey);
  useEffect(() => {
    if (openIndex >= 0) setSelected(openIndex);
  }, [openIndex]);
  const openKey = store.openKey;
  const bodyHeight = Math.max(5, rows - 3 - Math.max(0, editorRows(editor.text) - 1));
  const viewWidth = Math.max(20, columns - LIST_WIDTH);
  const row = store.openChat;
  const lines = row ? chatLines(store, row, viewWidth - 4) : [];
  const room = Math.max(1, bodyHeight - 4);
  const maxScroll = Math.max(0, lines.length - room);
  // A chat opens at its first unread message (the divider at the top), otherwise at the newest.
  const divider = openKey ? store.firstUnread.get(openKey) : undefined;
  const dividerAt = lines.findIndex((l) => l.text.trim() === UNREAD_DIVIDER);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a newly opened chat (or its divider) repositions
  useEffect(() => {
    setScroll(dividerAt >= 0 ? Math.max(0, lines.length - dividerAt - room) : 0);
    setNewBelow(0);
  }, [openKey, divider]);
  // Scrolled up, new messages below must not move what is being read: keep the distance from the top.
  const lastId = row ? store.messagesOf(row.key).at(-1)?.id : undefined;
  const seen = useRef({ key: openKey, lastId, count: lines.length });
  useEffect(() => {
    const before = seen.current;
    seen.current = { key: openKey, lastId, count: lines.length };
    const previous = before.lastId;
    if (before.key !== openKey || lastId === previous || lastId === undefined || previous === undefined) return;
    if (scroll > 0) {
      const grown = lines.length - before.count;
      setScroll((s) => s + Math.max(0, grown));
      setNewBelow((n) => n + Math.max(1, lastId - previous));
    }
  }, [openKey, lastId, lines.length, scroll]);
  const page = Math.max(1, room - 1);

  function scrollBy(delta: number): void {
    const next = Math.max(0, Math.min(maxScroll, scroll + delta));
    setScroll(next);
    if (next === 0) setNewBelow(0);
    // At the top of what is loaded: fetch the page before it.
    if (delta > 0 && next >= maxScroll && store.openKey) void store.loadOlder(store.openKey);
  }

  function submit(text: string): void {
    setScroll(0);
    setNewBelow(0);
    if (text.trim() === "/retry") {
      void store.retry();
      return;
    }
    void runInput(store, text, { quit: exit, prefill: (t) => setEditor({ ...editor, text: t, cursor: t.length }) });
  }

  usePaste((text) => {
    setFocus("input");
    setEditor((e) => pasteText(e, text));
  });

  useInput((input, key) => {
    if (key.pageUp) return scrollBy(page);
    if (key.pageDown) return scrollBy(-page);
    if (key.escape && store.closePanel()) return;
    if (key.tab) {
      setFocus((f) => (f === "list" ? "input" : "list"));
      return;
    }
    if (focus === "list") {
      const current = store.dialogs[selected];
      if (key.upArrow || input === "k") setSelected((s) => Math.max(0, s - 1));
      else if (key.downArrow || input === "j") setSelected((s) => Math.min(store.dialogs.length - 1, s + 1));
      else if (key.end) scrollBy(-scroll);
      else if (key.return && current) {
        void store.open(current);
        setFocus("input");
      } else if (input === "n") {
        setEditor({ ...emptyEditor, text: "/open @", cursor: 7 });
        setFocus("input");
      } else if (input === "?") void runInput(store, "/help", { quit: exit, prefill: () => undefined });
      else if (input === "/") {
        setEditor({ ...emptyEditor, text: "/", cursor: 1 });
        setFocus("input");
      } else if (input === "q") exit();
      return;
    }
    if (key.escape) {
      setFocus("list");
      return;
    }
    if (key.upArrow && !editor.text && row) {
      // ↑ on an empty line edits your last message, as in Telegram.
      const mine = store
        .messagesOf(row.key)
        .filter((m) => m.out && !m.action && !m.media)
        .at(-1);
      if (mine)
        setEditor({
          ...emptyEditor,
          text: `/edit ${mine.id} ${mine.message}`,
          cursor: `/edit ${mine.id} ${mine.message}`.length,
        });
      return;
    }
    if (key.end && !editor.text) return scrollBy(-scroll);
    const r = editKey(editor, input, key);
    if (!r.handled) return;
    setEditor(r.state);
    for (const text of r.submitted) if (text.trim()) submit(text);
    if (r.state.text && !r.state.text.startsWith("/")) store.typed();
  });

  return h(
    Box,
    { flexDirection: "column", width: columns, height: rows },
    h(TitleBar, { store }),
    h(
      Box,
      { height: bodyHeight },
      h(ChatList, { store, selected, focused: focus === "list", height: bodyHeight }),
      h(ChatView, {
        store,
        row,
        lines,
        width: viewWidth,
        height: bodyHeight,
        scroll: Math.min(scroll, maxScroll),
        newBelow,
      }),
    ),
    h(InputLine, { store, editor, focused: focus === "input", width: columns }),
    h(StatusBar, { store, focus }),
  );
}

/** How many screen rows the input takes: its own lines, at most six. */
function editorRows(text: string): number {
  return Math.min(6, text.split("\n").length);
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

function InputLine(props: { store: ChatStore; editor: EditorState; focused: boolean; width: number }) {
  const open = props.store.openChat;
  const label = open ? `${props.store.title(open).slice(0, 24)} ›` : "›";
  const { before, at, after } = splitAtCursor(props.editor);
  const masked = (t: string) => (props.editor.text.startsWith("/password") ? maskedForDisplay(t) : t);
  const empty = !props.editor.text;
  // The text wraps inside its own box, so a long line never runs over the prompt.
  return h(
    Box,
    { width: props.width },
    h(Text, { color: props.focused ? "cyan" : "gray" }, ` ${label} `),
    h(
      Box,
      { flexGrow: 1 },
      h(
        Text,
        { wrap: "wrap" },
        masked(before),
        props.focused ? h(Text, { inverse: true }, at === "\n" || !at ? " " : masked(at)) : masked(at),
        at === "\n" ? "\n" : "",
        masked(after),
        empty && props.focused && open ? h(Text, { dimColor: true }, " Write a message… (/help)") : "",
      ),
    ),
  );
}

function StatusBar(props: { store: ChatStore; focus: "list" | "input" }) {
  if (props.store.notice) return h(Text, { color: "red", wrap: "truncate" }, ` ${props.store.notice}`);
  if (props.store.progress) return h(Text, { color: "yellow", wrap: "truncate" }, ` ${props.store.progress}`);
  const keys =
    props.focus === "list"
      ? "↑↓/jk select · Enter open · n new chat · / command · ? help · Tab input · q quit"
      : "Enter send · Ctrl-J newline · ↑ edit last · PgUp/PgDn scroll · Esc list · /help · Ctrl-C quit";
  return h(Text, { dimColor: true, wrap: "truncate" }, ` ${keys}`);
}
