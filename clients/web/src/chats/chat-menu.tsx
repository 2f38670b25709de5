/**
 * The chat list's context menu (right click, or a long press on touch): mark as read, leave a group or
 * channel. Mute, pin and archive need dialog settings the core does not keep yet, so they are not offered.
 */
import { useRef, useState } from "preact/hooks";
import { client } from "../core/session.ts";
import { app, type PeerKey, peerOf, peerTitle, showToast } from "../core/state.ts";
import { useStore } from "../core/store.ts";
import { applyOwn } from "../core/updates.ts";
import { useDismiss } from "../ui/dismiss.ts";
import { errorText } from "../ui/errors.ts";
import { Modal } from "../ui/modal.tsx";

async function markChatRead(key: PeerKey): Promise<void> {
  const s = app.get();
  const top = s.tops[key]?.id ?? s.dialogs[key]?.top_message ?? 0;
  try {
    const r = await client().call("messages.readHistory", { peer: peerOf(key), max_id: top });
    app.set((st) => {
      const d = st.dialogs[key];
      return d ? { dialogs: { ...st.dialogs, [key]: { ...d, unread_count: 0, read_inbox_max_id: top } } } : {};
    });
    applyOwn(r.updates);
  } catch (e) {
    showToast(errorText(e));
  }
}

async function leave(key: PeerKey): Promise<void> {
  const p = peerOf(key);
  const self = app.get().self;
  try {
    const r =
      p._ === "channel"
        ? await client().call("channels.leaveChannel", { channel_id: p.id })
        : await client().call("messages.deleteChatUser", { chat_id: p.id, user_id: self?.id ?? 0 });
    applyOwn(r.updates);
  } catch (e) {
    showToast(errorText(e));
  }
}

export function ChatMenu(props: { peerKey: PeerKey; at: { x: number; y: number }; onClose: () => void }) {
  const { peerKey, at, onClose } = props;
  const box = useRef<HTMLDivElement>(null);
  const [confirming, setConfirming] = useState(false);
  useDismiss(!confirming, onClose, [box]);
  const unread = useStore(app, (s) => s.dialogs[peerKey]?.unread_count ?? 0);
  const title = useStore(app, (s) => peerTitle(s, peerKey));
  const chat = useStore(app, (s) => {
    const p = peerOf(peerKey);
    return p._ === "user" ? undefined : s.chats[p.id];
  });
  const isChannel = chat?._ === "channel" && chat.broadcast;
  const canLeave = chat && !("left" in chat && chat.left);
  if (confirming)
    return (
      <Modal title={isChannel ? "Leave channel" : "Leave group"} onClose={onClose}>
        <p>Are you sure you want to leave {title}?</p>
        <div class="modal-actions">
          <button type="button" class="link" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            class="link danger"
            onClick={() => {
              onClose();
              void leave(peerKey);
            }}
          >
            Leave
          </button>
        </div>
      </Modal>
    );
  return (
    <div
      class="ctx-menu"
      role="menu"
      aria-label={`${title} actions`}
      ref={box}
      style={{ left: `${Math.min(at.x, innerWidth - 220)}px`, top: `${Math.min(at.y, innerHeight - 160)}px` }}
    >
      {unread > 0 && (
        <button
          type="button"
          role="menuitem"
          onClick={() => {
            onClose();
            void markChatRead(peerKey);
          }}
        >
          Mark as read
        </button>
      )}
      {canLeave && (
        <button type="button" role="menuitem" class="danger" onClick={() => setConfirming(true)}>
          {isChannel ? "Leave channel" : "Leave group"}
        </button>
      )}
      {unread === 0 && !canLeave && <p class="muted small ctx-empty">Nothing to do here</p>}
    </div>
  );
}
