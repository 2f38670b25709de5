/** The latest pinned message of the chat, shown under the header; a click goes to it (loading it if need be). */
import type { Message } from "../../../../protocol/model/message.ts";
import { jumpTo } from "../core/search.ts";
import { app } from "../core/state.ts";
import { useStore } from "../core/store.ts";
import { messagePreview } from "./preview.ts";

export function PinnedBar({ peerKey }: { peerKey: string }) {
  // The newest pinned message, loaded or fetched apart (core/references.ts) when it is older than the history.
  const pinned = useStore(app, (s) =>
    [...(s.histories[peerKey]?.messages ?? []), ...Object.values(s.known[peerKey] ?? {})]
      .filter((m) => m.pinned)
      .reduce<Message | undefined>((a, m) => (!a || m.id > a.id ? m : a), undefined),
  );
  if (!pinned) return null;
  return (
    <button type="button" class="pinned-bar" data-testid="pinned-bar" onClick={() => void jumpTo(peerKey, pinned.id)}>
      <span class="pinned-label accent">Pinned message</span>
      <span class="pinned-text">{messagePreview(pinned)}</span>
    </button>
  );
}
