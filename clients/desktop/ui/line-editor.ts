/**
 * The terminal client's input line, readline-grade and pure: cursor motion by grapheme and word,
 * Emacs kill/yank, multi-line text (Ctrl-J or Alt-Enter for a newline), pastes kept whole.
 * Keys go in, a new state and the texts to submit come out; nothing typed is ever dropped.
 */

/** The keys ink reports, as far as the editor cares (ink's `Key` satisfies it). */
export interface EditorKey {
  return?: boolean;
  backspace?: boolean;
  delete?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  home?: boolean;
  end?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  escape?: boolean;
  tab?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
}

export interface EditorState {
  text: string;
  /** A UTF-16 offset into `text`, always on a grapheme boundary. */
  cursor: number;
  /** The last killed text, for Ctrl-Y. */
  killed: string;
}

export interface EditResult {
  state: EditorState;
  /** Lines the user submitted with Enter, in order (a fast typist can finish several in one chunk). */
  submitted: string[];
  /** False when the key is not the editor's (the screen may use it: ↑ on an empty line, PgUp, Tab…). */
  handled: boolean;
}

export const emptyEditor: EditorState = { text: "", cursor: 0, killed: "" };

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Grapheme boundaries of `text` as UTF-16 offsets, 0 and text.length included. */
function boundaries(text: string): number[] {
  const out = [0];
  for (const s of segmenter.segment(text)) if (s.index > 0) out.push(s.index);
  if (text.length > 0) out.push(text.length);
  return out;
}

function prevBoundary(text: string, at: number): number {
  let prev = 0;
  for (const b of boundaries(text)) {
    if (b >= at) return prev;
    prev = b;
  }
  return prev;
}

function nextBoundary(text: string, at: number): number {
  for (const b of boundaries(text)) if (b > at) return b;
  return text.length;
}

const isWordChar = (ch: string) => /[\p{L}\p{N}_]/u.test(ch);

/** Start of the word before the cursor (Alt-B, Ctrl-W): skip non-word characters, then the word. */
function wordStartBefore(text: string, at: number): number {
  let i = at;
  while (i > 0 && !isWordChar(text[i - 1] as string)) i--;
  while (i > 0 && isWordChar(text[i - 1] as string)) i--;
  return i;
}

/** End of the word after the cursor (Alt-F, Alt-D). */
function wordEndAfter(text: string, at: number): number {
  let i = at;
  while (i < text.length && !isWordChar(text[i] as string)) i++;
  while (i < text.length && isWordChar(text[i] as string)) i++;
  return i;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf("\n", at - 1) + 1;
}

function lineEnd(text: string, at: number): number {
  const i = text.indexOf("\n", at);
  return i < 0 ? text.length : i;
}

function insert(s: EditorState, piece: string): EditorState {
  const text = s.text.slice(0, s.cursor) + piece + s.text.slice(s.cursor);
  return { ...s, text, cursor: s.cursor + piece.length };
}

function cut(s: EditorState, from: number, to: number): EditorState {
  if (from === to) return s;
  return { text: s.text.slice(0, from) + s.text.slice(to), cursor: from, killed: s.text.slice(from, to) };
}

/** Terminal line endings to "\n"; other control characters (except tab, which becomes spaces) dropped. */
export function cleanPaste(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      .replace(/\t/g, "    ")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal control bytes is the point
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "")
  );
}

/** A bracketed paste: inserted whole, newlines kept, never submitted by itself. */
export function pasteText(state: EditorState, text: string): EditorState {
  return insert(state, cleanPaste(text));
}

/** Applies one key event (ink's input string and key flags) to the editor. */
export function editKey(state: EditorState, input: string, key: EditorKey): EditResult {
  const done = (next: EditorState): EditResult => ({ state: next, submitted: [], handled: true });
  const { text, cursor } = state;
  if (key.return) {
    // Alt-Enter inserts a newline, as in chat apps; Enter sends.
    if (key.meta) return done(insert(state, "\n"));
    return { state: { ...state, text: "", cursor: 0 }, submitted: [text], handled: true };
  }
  if (key.backspace) {
    if (key.meta || (key.ctrl && input === "w")) return done(cut(state, wordStartBefore(text, cursor), cursor));
    return done(cut(state, prevBoundary(text, cursor), cursor));
  }
  if (key.delete) return done(cut(state, cursor, nextBoundary(text, cursor)));
  if (key.leftArrow) {
    const to = key.ctrl || key.meta ? wordStartBefore(text, cursor) : prevBoundary(text, cursor);
    return done({ ...state, cursor: to });
  }
  if (key.rightArrow) {
    const to = key.ctrl || key.meta ? wordEndAfter(text, cursor) : nextBoundary(text, cursor);
    return done({ ...state, cursor: to });
  }
  if (key.home) return done({ ...state, cursor: lineStart(text, cursor) });
  if (key.end) return done({ ...state, cursor: lineEnd(text, cursor) });
  if (key.ctrl) {
    switch (input) {
      case "a":
        return done({ ...state, cursor: lineStart(text, cursor) });
      case "e":
        return done({ ...state, cursor: lineEnd(text, cursor) });
      case "b":
        return done({ ...state, cursor: prevBoundary(text, cursor) });
      case "f":
        return done({ ...state, cursor: nextBoundary(text, cursor) });
      case "d":
        return done(cut(state, cursor, nextBoundary(text, cursor)));
      case "h":
        return done(cut(state, prevBoundary(text, cursor), cursor));
      case "w":
        return done(cut(state, wordStartBefore(text, cursor), cursor));
      case "u":
        return done(cut(state, lineStart(text, cursor), cursor));
      case "k": {
        // At the end of a line Ctrl-K joins the next one, as in Emacs.
        const end = lineEnd(text, cursor);
        return done(cut(state, cursor, end === cursor && end < text.length ? end + 1 : end));
      }
      case "y":
        return done(insert(state, state.killed));
      case "j":
        return done(insert(state, "\n"));
      default:
        return { state, submitted: [], handled: false };
    }
  }
  if (key.meta && input.length === 1) {
    switch (input) {
      case "b":
        return done({ ...state, cursor: wordStartBefore(text, cursor) });
      case "f":
        return done({ ...state, cursor: wordEndAfter(text, cursor) });
      case "d":
        return done(cut(state, cursor, wordEndAfter(text, cursor)));
      default:
        return { state, submitted: [], handled: false };
    }
  }
  if (key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.meta) {
    return { state, submitted: [], handled: false };
  }
  if (!input) return { state, submitted: [], handled: false };
  return typeChunk(state, input);
}

/**
 * Typed text, possibly several keys in one chunk (fast typists, tmux send-keys, terminals without
 * bracketed paste): each CR ends a message, LF (Ctrl-J) is a newline inside one. Every character
 * lands somewhere: in a submitted message or in the line.
 */
function typeChunk(state: EditorState, input: string): EditResult {
  const submitted: string[] = [];
  let s = state;
  const parts = input.replace(/\r\n/g, "\r").split("\r");
  parts.forEach((part, i) => {
    if (i > 0) {
      submitted.push(s.text);
      s = { ...s, text: "", cursor: 0 };
    }
    if (part) s = insert(s, cleanPaste(part));
  });
  return { state: s, submitted, handled: true };
}

/** The line split at the cursor, for drawing it: text before, the grapheme under the cursor, text after. */
export function splitAtCursor(state: EditorState): { before: string; at: string; after: string } {
  const next = nextBoundary(state.text, state.cursor);
  return {
    before: state.text.slice(0, state.cursor),
    at: state.text.slice(state.cursor, next),
    after: state.text.slice(next),
  };
}
