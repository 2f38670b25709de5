/** Closes a popup (the ☰ menu) on Esc or a press anywhere outside it, as Telegram Web's menus do. */
import type { RefObject } from "preact";
import { useEffect } from "preact/hooks";

/** While `open`, Esc or a pointer press outside every element of `inside` calls `close`. */
export function useDismiss(open: boolean, close: () => void, inside: RefObject<HTMLElement | null>[]): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") close();
    };
    const onPress = (e: PointerEvent) => {
      if (!inside.some((r) => r.current?.contains(e.target as Node))) close();
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPress);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPress);
    };
  }, [open]);
}
