/** One line of text input for the chat screen and sign-in: keys → the new value, or a submit. */
import type { Key } from "ink";

export type LineEdit = { value: string; submit?: boolean };

export function editLine(value: string, input: string, key: Key): LineEdit | null {
  if (key.return) return { value, submit: true };
  // Terminals send DEL (0x7f) for Backspace, which ink reports as `delete`.
  if (key.backspace || key.delete) return { value: value.slice(0, -1) };
  if (key.ctrl && input === "u") return { value: "" };
  if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow) return null;
  if (key.leftArrow || key.rightArrow || key.pageUp || key.pageDown) return null;
  if (!input) return null;
  // Text and Enter can arrive in one chunk (fast typists, pastes, tmux send-keys): the line ends there.
  const end = input.search(/[\r\n]/);
  if (end >= 0) return { value: value + input.slice(0, end), submit: true };
  return { value: value + input };
}
