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
import { type EditorState, editKey, emptyEditor, pasteText } from "./line-editor.ts";
import type { ChatStore, DialogRow } from "./store.ts";

const LIST_WIDTH = 30;

export function ChatScreen({ store }: { store: ChatStore }) {
  const { exit } = useApp();
  const { columns, rows } = useWindowSize();
  const [, rerender] = useState(0);
  const [focus, setFocus] = useState<"list" | "input">("list");
  const [selected, setSelected] = useState(0);
  const [editor, setEditorState] = useState<EditorState>(emptyEditor);
  // Keys can arrive faster than the screen renders: each must see the state the previous one left.
  const editorNow = useRef<EditorState>(emptyEditor);
  const setEditor = (next: EditorState | ((e: EditorState) => EditorState)) => {
    editorNow.current = typeof next === "function" ? next(editorNow.current) : next;
    setEditorState(editorNow.current);
  };
  /** How many lines the chat view is scrolled up from the newest message. */
  const [scrollState, setScroll] = useState(0);
  const [newBelow, setNewBelow] = useState(0);
  useEffect(() => store.subscribe(() => rerender((n) => n + 1)), [store]);
  // Keep the highlighted row on the open chat when it moves (new message → top).
  const openIndex = store.dialogs.findIndex((d) => d.key === store.openKey);
  useEffect(() => {
    if (openIndex >= 0) setSelected(openIndex);
  }, [openIndex]);
  const openKey = store.openKey;
  const inputHeight = Math.min(INPUT_ROWS, inputRows(editor, columns - 30).rows.length);
  const bodyHeight = Math.max(5, rows - 3 - Math.max(0, inputHeight - 1));
  const viewWidth = Math.max(20, columns - LIST_WIDTH);
  const row = store.openChat;
  const lines = row ? chatLines(store, row, viewWidth - 4) : [];
  const room = Math.max(1, bodyHeight - 4);
  // Scrolled up, one row says "more below", so the oldest line is reached one step further.
  const maxScroll = lines.length > room ? lines.length - room + 1 : 0;
  // A chat opens at its first unread message (the divider at the top), otherwise at the newest;
  // the view stays on the divider while history loads, until the user scrolls or sends.
  const dividerAt = lines.findIndex((l) => l.text.trim() === UNREAD_DIVIDER);
  const [onDivider, setOnDivider] = useState(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a newly opened chat starts over
  useEffect(() => {
    setOnDivider(true);
    setScroll(0);
    setNewBelow(0);
  }, [openKey]);
  const top = onDivider && dividerAt >= 0 && lines.length - dividerAt > room ? dividerAt : undefined;
  // Where the view stands, as lines up from the newest (a view pinned at the divider counts from there).
  const scroll = Math.min(maxScroll, top !== undefined ? lines.length - top - (room - 1) : scrollState);
  // Scrolled up, new messages below must not move what is being read: keep the distance from the top.
  const lastId = row ? store.messagesOf(row.key).at(-1)?.id : undefined;
  const seen = useRef({ key: openKey, lastId, count: lines.length });
  useEffect(() => {
    const before = seen.current;
    seen.current = { key: openKey, lastId, count: lines.length };
    const previous = before.lastId;
    if (before.key !== openKey || lastId === previous || lastId === undefined || previous === undefined) return;
    if (scroll > 0 && !onDivider) {
      const grown = lines.length - before.count;
      setScroll((s) => s + Math.max(0, grown));
    }
    if (scroll > 0) setNewBelow((n) => n + Math.max(1, lastId - previous));
  }, [openKey, lastId, lines.length, scroll, onDivider]);
  const page = Math.max(1, room - 1);

  function scrollBy(delta: number): void {
    setOnDivider(false);
    const next = Math.max(0, Math.min(maxScroll, scroll + delta));
    setScroll(next);
    if (next === 0) setNewBelow(0);
    // At the top of what is loaded: fetch the page before it.
    if (delta > 0 && next >= maxScroll && store.openKey) void store.loadOlder(store.openKey);
  }

  function submit(text: string): void {
    setOnDivider(false);
    setScroll(0);
    setNewBelow(0);
    if (text.trim() === "/retry") {
      void store.retry();
      return;
    }
    void runInput(store, text, {
      quit: exit,
      prefill: (t) => setEditor({ ...editorNow.current, text: t, cursor: t.length }),
    });
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
    if (key.upArrow && !editorNow.current.text && row) {
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
    if (key.end && !editorNow.current.text) return scrollBy(-scroll);
    const r = editKey(editorNow.current, input, key);
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
        scroll,
        top,
        newBelow,
      }),
    ),
    h(InputLine, { store, editor, focused: focus === "input", width: columns }),
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
      // Long lines in the chat view must not squeeze the list.
      flexShrink: 0,
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

/** At most this many rows of the input show; a longer text scrolls with the cursor. */
const INPUT_ROWS = 6;

/** The input's rows as drawn: each text line cut into screen-wide pieces, the cursor's piece marked. */
export function inputRows(editor: EditorState, width: number): { rows: string[][]; cursorRow: number } {
  const room = Math.max(8, width);
  const rows: string[][] = [];
  let cursorRow = 0;
  let offset = 0;
  for (const line of editor.text.split("\n")) {
    const chars = Array.from(line);
    const pieces = Math.max(1, Math.ceil((chars.length + 1) / room));
    for (let i = 0; i < pieces; i++) {
      const piece = chars.slice(i * room, (i + 1) * room).join("");
      const start = offset;
      offset += piece.length;
      const atEnd = i === pieces - 1;
      if (editor.cursor >= start && (editor.cursor < offset || (atEnd && editor.cursor === offset))) {
        cursorRow = rows.length;
        const at = editor.cursor - start;
        const after = piece.slice(at);
        const cursorChar = after ? (Array.from(after)[0] as string) : " ";
        rows.push([piece.slice(0, at), cursorChar, after.slice(cursorChar.length)]);
      } else rows.push([piece, "", ""]);
    }
    offset += 1; // the "\n"
  }
  return { rows, cursorRow };
}

function InputLine(props: { store: ChatStore; editor: EditorState; focused: boolean; width: number }) {
  const open = props.store.openChat;
  const label = ` ${open ? `${props.store.title(open).slice(0, 24)} ›` : "›"} `;
  const masked = (t: string) => (props.editor.text.startsWith("/password") ? maskedForDisplay(t) : t);
  const { rows, cursorRow } = inputRows(props.editor, props.width - label.length - 1);
  const first = Math.max(0, Math.min(cursorRow - INPUT_ROWS + 1, rows.length - INPUT_ROWS));
  const shown = rows.slice(first, first + INPUT_ROWS);
  const empty = !props.editor.text;
  return h(
    Box,
    { width: props.width },
    h(Text, { color: props.focused ? "cyan" : "gray" }, label),
    h(
      Box,
      { flexDirection: "column", flexGrow: 1 },
      ...shown.map(([before = "", at = "", after = ""], i) =>
        h(
          Text,
          { key: first + i, wrap: "truncate" },
          masked(before),
          props.focused && at ? h(Text, { inverse: true }, masked(at)) : masked(at === " " ? "" : at),
          masked(after),
          empty && props.focused && open ? h(Text, { dimColor: true }, "Write a message… (/help)") : "",
        ),
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
