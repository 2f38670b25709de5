/**
 * The chat list's context menu (right click, or a long press on touch): mark as read, pin, mute (for a
 * while or for good), archive, delete a private chat, leave a group or channel.
 */
import { useRef, useState } from "preact/hooks";
import { archive, deleteChat, folderOf, isMuted, mute, togglePin } from "../core/dialog-settings.ts";
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

/** The mute durations offered, as Telegram's: seconds (Infinity: until unmuted). */
const MUTE_FOR: [string, number][] = [
  ["For 1 hour", 3600],
  ["For 8 hours", 8 * 3600],
  ["For 2 days", 2 * 86400],
  ["Forever", Infinity],
];

export function ChatMenu(props: { peerKey: PeerKey; at: { x: number; y: number }; onClose: () => void }) {
  const { peerKey, at, onClose } = props;
  const box = useRef<HTMLDivElement>(null);
  const [confirming, setConfirming] = useState<"leave" | "delete" | null>(null);
  const [forBoth, setForBoth] = useState(false);
  const [muting, setMuting] = useState(false);
  useDismiss(confirming === null, onClose, [box]);
  const unread = useStore(app, (s) => s.dialogs[peerKey]?.unread_count ?? 0);
  const pinned = useStore(app, (s) => !!s.dialogs[peerKey]?.pinned);
  const muted = useStore(app, (s) => isMuted(s.dialogs[peerKey]));
  const archived = useStore(app, (s) => folderOf(s.dialogs[peerKey]) === 1);
  const act = (fn: () => Promise<void>) => () => {
    onClose();
    void fn();
  };
  const title = useStore(app, (s) => peerTitle(s, peerKey));
  const chat = useStore(app, (s) => {
    const p = peerOf(peerKey);
    return p._ === "user" ? undefined : s.chats[p.id];
  });
  const isChannel = chat?._ === "channel" && chat.broadcast;
  const canLeave = chat && !("left" in chat && chat.left);
  const isSelf = useStore(app, (s) => peerKey === `user:${s.self?.id}`);
  if (confirming === "delete")
    return (
      <Modal title="Delete chat" onClose={onClose}>
        <p>Delete the chat with {title}? Its messages go from your devices.</p>
        {!isSelf && (
          <label class="check">
            <input type="checkbox" checked={forBoth} onChange={(e) => setForBoth(e.currentTarget.checked)} />
            Also delete for {title}
          </label>
        )}
        <div class="modal-actions">
          <button type="button" class="link" onClick={onClose}>
            Cancel
          </button>
          <button type="button" class="link danger" onClick={act(() => deleteChat(peerKey, forBoth))}>
            Delete chat
          </button>
        </div>
      </Modal>
    );
  if (confirming === "leave")
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
  const place = { left: `${Math.min(at.x, innerWidth - 220)}px`, top: `${Math.min(at.y, innerHeight - 300)}px` };
  if (muting)
    return (
      <div class="ctx-menu" role="menu" aria-label={`Mute ${title}`} ref={box} style={place}>
        {MUTE_FOR.map(([label, seconds]) => (
          <button key={label} type="button" role="menuitem" onClick={act(() => mute(peerKey, seconds))}>
            {label}
          </button>
        ))}
      </div>
    );
  return (
    <div class="ctx-menu" role="menu" aria-label={`${title} actions`} ref={box} style={place}>
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
      <button type="button" role="menuitem" onClick={act(() => togglePin(peerKey))}>
        {pinned ? "Unpin" : "Pin"}
      </button>
      {muted ? (
        <button type="button" role="menuitem" onClick={act(() => mute(peerKey, 0))}>
          Unmute
        </button>
      ) : (
        <button type="button" role="menuitem" aria-haspopup="menu" onClick={() => setMuting(true)}>
          Mute…
        </button>
      )}
      <button type="button" role="menuitem" onClick={act(() => archive(peerKey, !archived))}>
        {archived ? "Unarchive" : "Archive"}
      </button>
      {peerOf(peerKey)._ === "user" && (
        <button type="button" role="menuitem" class="danger" onClick={() => setConfirming("delete")}>
          Delete chat
        </button>
      )}
      {canLeave && (
        <button type="button" role="menuitem" class="danger" onClick={() => setConfirming("leave")}>
          {isChannel ? "Leave channel" : "Leave group"}
        </button>
      )}
    </div>
  );
}
