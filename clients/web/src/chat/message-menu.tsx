/** Actions on a message: react, reply, edit, pin, forward, delete. Keyboard: arrows move, Escape closes. */
import { useEffect, useRef } from "preact/hooks";
import type { Message } from "../../../../protocol/model/message.ts";
import { pin, react } from "../core/chats.ts";
import { app } from "../core/state.ts";

export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🔥"];

interface Props {
  peerKey: string;
  message: Message;
  at: { x: number; y: number };
  onClose: () => void;
  onReply: () => void;
  onEdit: () => void;
  onDelete: () => void;
}

export function MessageMenu({ peerKey, message: m, at, onClose, onReply, onEdit, onDelete }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const items = () => [...(ref.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
    items()[0]?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
      if (e.key === "ArrowDown" || e.key === "ArrowUp" || e.key === "ArrowRight" || e.key === "ArrowLeft") {
        e.preventDefault();
        const list = items();
        const i = list.indexOf(document.activeElement as HTMLButtonElement);
        const step = e.key === "ArrowDown" || e.key === "ArrowRight" ? 1 : -1;
        list[(i + step + list.length) % list.length]?.focus();
      }
    };
    const onDown = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && onClose();
    addEventListener("keydown", onKey);
    addEventListener("mousedown", onDown);
    return () => {
      removeEventListener("keydown", onKey);
      removeEventListener("mousedown", onDown);
    };
  }, []);
  const act = (fn: () => void) => () => {
    onClose();
    fn();
  };
  const left = Math.min(at.x, innerWidth - 220);
  const top = Math.min(at.y, innerHeight - 320);
  return (
    <div class="ctx-menu" role="menu" ref={ref} style={{ left: `${left}px`, top: `${top}px` }}>
      <fieldset class="ctx-reactions">
        <legend class="visually-hidden">React</legend>
        {QUICK_REACTIONS.map((r) => (
          <button
            type="button"
            key={r}
            role="menuitem"
            aria-label={`React ${r}`}
            onClick={act(() => void react(peerKey, m.id, r))}
          >
            {r}
          </button>
        ))}
      </fieldset>
      <button type="button" role="menuitem" onClick={act(onReply)}>
        Reply
      </button>
      {m.out && !m.fwd_from && (
        <button type="button" role="menuitem" onClick={act(onEdit)}>
          Edit
        </button>
      )}
      <button type="button" role="menuitem" onClick={act(() => void pin(peerKey, m.id, !!m.pinned))}>
        {m.pinned ? "Unpin" : "Pin"}
      </button>
      <button
        type="button"
        role="menuitem"
        onClick={act(() => app.set({ forwarding: { from: peerKey, ids: [m.id] } }))}
      >
        Forward
      </button>
      {m.message && (
        <button type="button" role="menuitem" onClick={act(() => void navigator.clipboard?.writeText(m.message))}>
          Copy text
        </button>
      )}
      <button type="button" role="menuitem" class="danger" onClick={act(onDelete)}>
        Delete
      </button>
    </div>
  );
}
