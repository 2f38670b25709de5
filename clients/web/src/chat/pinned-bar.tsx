/** The latest pinned message of the chat, shown under the header; click scrolls to it. */
import { app } from "../core/state.ts";
import { useStore } from "../core/store.ts";
import { messagePreview } from "./preview.ts";

export function PinnedBar({ peerKey }: { peerKey: string }) {
  const pinned = useStore(app, (s) => s.histories[peerKey]?.messages.findLast((m) => m.pinned));
  if (!pinned) return null;
  return (
    <button
      type="button"
      class="pinned-bar"
      data-testid="pinned-bar"
      onClick={() =>
        document.getElementById(`msg-${pinned.id}`)?.scrollIntoView({ block: "center", behavior: "smooth" })
      }
    >
      <span class="pinned-label accent">Pinned message</span>
      <span class="pinned-text">{messagePreview(pinned)}</span>
    </button>
  );
}
