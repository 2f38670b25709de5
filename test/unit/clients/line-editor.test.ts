/** The terminal client's input line: motions, kills, graphemes, pastes and chunks never lose text. */
import { describe, expect, it } from "vitest";
import {
  type EditorKey,
  type EditorState,
  editKey,
  emptyEditor,
  pasteText,
  splitAtCursor,
} from "../../../clients/desktop/ui/line-editor.ts";

/** Feeds a script of keys: plain strings are typed, objects are special keys. */
function run(start: EditorState, ...keys: (string | [string, EditorKey])[]) {
  let state = start;
  const submitted: string[] = [];
  for (const k of keys) {
    const [input, key] = typeof k === "string" ? [k, {}] : k;
    const r = editKey(state, input, key);
    state = r.state;
    submitted.push(...r.submitted);
  }
  return { state, submitted };
}

const left: [string, EditorKey] = ["", { leftArrow: true }];
const right: [string, EditorKey] = ["", { rightArrow: true }];
const backspace: [string, EditorKey] = ["", { backspace: true }];
const ctrl = (c: string): [string, EditorKey] => [c, { ctrl: true }];
const meta = (c: string): [string, EditorKey] => [c, { meta: true }];

describe("line editor", () => {
  it("fixes a typo in the middle of the line with the arrows", () => {
    const { state } = run(emptyEditor, "helo world", left, left, left, left, left, left, left, "l");
    expect(state.text).toBe("hello world");
    expect(state.cursor).toBe(4);
  });

  it("moves by words and to both ends, and kills and yanks", () => {
    let { state } = run(emptyEditor, "one two three", meta("b"));
    expect(state.cursor).toBe(8);
    ({ state } = run(state, ctrl("w")));
    expect(state.text).toBe("one three");
    ({ state } = run(state, ctrl("e"), ctrl("y")));
    expect(state.text).toBe("one threetwo ");
    ({ state } = run(state, ctrl("a"), meta("f"), ctrl("k")));
    expect(state.text).toBe("one");
    expect(state.killed).toBe(" threetwo ");
    ({ state } = run(state, ["", { home: true }], meta("d")));
    expect(state.text).toBe("");
  });

  it("deletes whole graphemes: a flag, a family and an accented letter", () => {
    for (const g of ["🇺🇦", "👨‍👩‍👧‍👦", "é"]) {
      const { state } = run(emptyEditor, `a${g}`, backspace);
      expect(state.text).toBe("a");
      const moved = run(emptyEditor, `${g}b`, left, left, ["", { delete: true }]);
      expect(moved.state.text).toBe("b");
    }
  });

  it("Enter submits and clears; Ctrl-J and Alt-Enter insert a newline", () => {
    const { state, submitted } = run(emptyEditor, "first", ctrl("j"), "second", ["\r", { return: true, meta: true }]);
    expect(submitted).toEqual([]);
    expect(state.text).toBe("first\nsecond\n");
    const sent = run(state, "third", ["\r", { return: true }]);
    expect(sent.submitted).toEqual(["first\nsecond\nthird"]);
    expect(sent.state.text).toBe("");
  });

  it("keeps every character of a chunk typed faster than the screen: each CR ends one message", () => {
    const { state, submitted } = run(emptyEditor, "one\rtwo\r\nthree\rfour");
    expect(submitted).toEqual(["one", "two", "three"]);
    expect(state.text).toBe("four");
  });

  it("inserts a bracketed paste whole at the cursor, newlines kept, nothing submitted", () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`);
    let state = run(emptyEditor, "[]", left).state;
    state = pasteText(state, lines.join("\r\n"));
    expect(state.text).toBe(`[${lines.join("\n")}]`);
    expect(splitAtCursor(state)).toEqual({ before: `[${lines.join("\n")}`, at: "]", after: "" });
  });

  it("leaves keys it does not own to the screen", () => {
    expect(editKey(emptyEditor, "", { upArrow: true }).handled).toBe(false);
    expect(editKey(emptyEditor, "", { tab: true }).handled).toBe(false);
    expect(editKey(emptyEditor, "x", { ctrl: true }).handled).toBe(false);
    expect(editKey(emptyEditor, "a", {}).handled).toBe(true);
  });

  it("moves right over a grapheme, not a code unit", () => {
    const { state } = run(emptyEditor, "👍🏽x", ctrl("a"), right);
    expect(state.cursor).toBe("👍🏽".length);
  });
});
