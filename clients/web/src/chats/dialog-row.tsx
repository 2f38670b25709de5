/** One row of the chat list: avatar, title, last message preview, time, unread badge or read ticks, pin and mute marks. */
import { useRef, useState } from "preact/hooks";

import { messagePreview } from "../chat/preview.ts";
import { Ticks } from "../chat/ticks.tsx";
import { openChat } from "../core/chats.ts";
import { isMuted } from "../core/dialog-settings.ts";
import { shortDate } from "../core/format.ts";
import { app, peerOf, peerTitle } from "../core/state.ts";
import { useStore } from "../core/store.ts";
import { EmojiText } from "../emoji/emoji-text.tsx";
import { Avatar } from "../ui/avatar.tsx";
import { ChatMenu } from "./chat-menu.tsx";

export function DialogRow({ peerKey }: { peerKey: string }) {
  const dialog = useStore(app, (s) => s.dialogs[peerKey]);
  const top = useStore(app, (s) => s.tops[peerKey]);
  const title = useStore(app, (s) => peerTitle(s, peerKey));
  const active = useStore(app, (s) => s.active === peerKey);
  const typing = useStore(app, (s) => (s.typing[peerKey]?.until ?? 0) > Date.now());
  const draft = useStore(app, (s) => s.drafts[peerKey]);
  const photo = useStore(app, (s) => {
    const p = peerOf(peerKey);
    return p._ === "user" ? s.users[p.id]?.photo : undefined;
  });
  const isOpen = active;
  const online = useStore(app, (s) => {
    const p = peerOf(peerKey);
    const st = p._ === "user" ? s.users[p.id]?.status : undefined;
    return st?._ === "online" && st.expires > Date.now() / 1000;
  });
  const peer = peerOf(peerKey);
  const unread = dialog?.unread_count ?? 0;
  const muted = isMuted(dialog);
  const pinned = !!dialog?.pinned;
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  // A long press on touch screens opens the same menu as a right click.
  const press = useRef<ReturnType<typeof setTimeout> | null>(null);
  const endPress = () => press.current !== null && clearTimeout(press.current);
  return (
    <li>
      <button
        type="button"
        class={`dialog ${active ? "active" : ""}`}
        aria-current={active ? "true" : undefined}
        aria-label={`${title}${pinned ? ", pinned" : ""}${muted ? ", muted" : ""}${unread ? `, ${unread} unread` : ""}`}
        onClick={() => openChat(peerKey)}
        onContextMenu={(e) => {
          e.preventDefault();
          setMenu({ x: e.clientX, y: e.clientY });
        }}
        onPointerDown={(e) => {
          if (e.pointerType !== "touch") return;
          const at = { x: e.clientX, y: e.clientY };
          press.current = setTimeout(() => setMenu(at), 500);
        }}
        onPointerUp={endPress}
        onPointerCancel={endPress}
        onPointerMove={endPress}
        data-peer={peerKey}
      >
        <Avatar id={peer.id} name={title} online={online} photo={photo} />
        <span class="dialog-body">
          <span class="dialog-top">
            <span class="dialog-title">
              {title}
              {muted && (
                <span class="dialog-mark" data-testid="muted-mark" title="Muted" aria-hidden="true">
                  <MutedIcon />
                </span>
              )}
            </span>
            <span class="dialog-meta">
              {top?.out && dialog && <Ticks read={dialog.read_outbox_max_id >= top.id} />}
              {top && <time class="muted small">{shortDate(top.date)}</time>}
            </span>
          </span>
          <span class="dialog-bottom">
            <span class="dialog-last muted">
              {typing ? (
                <em class="accent">typing…</em>
              ) : draft && !isOpen ? (
                <span data-testid="draft">
                  <em class="draft-label">Draft:</em> <EmojiText text={draft.message} />
                </span>
              ) : top ? (
                <EmojiText text={messagePreview(top)} />
              ) : (
                ""
              )}
            </span>
            {unread > 0 ? (
              <span class={`badge${muted ? " badge-muted" : ""}`} data-testid="unread-badge">
                {unread}
              </span>
            ) : (
              pinned && (
                <span class="dialog-mark" data-testid="pin-mark" title="Pinned" aria-hidden="true">
                  <PinIcon />
                </span>
              )
            )}
          </span>
        </span>
      </button>
      {menu && <ChatMenu peerKey={peerKey} at={menu} onClose={() => setMenu(null)} />}
    </li>
  );
}

const PinIcon = () => (
  <svg viewBox="0 0 24 24" width="16" height="16" fill="currentColor" aria-hidden="true">
    <path d="M15 3l6 6-2 1-3 3 .5 5-2 2-4-4-5 5H4v-1.5l5-5-4-4 2-2 5 .5 3-3z" />
  </svg>
);

const MutedIcon = () => (
  <svg viewBox="0 0 24 24" width="14" height="14" fill="currentColor" aria-hidden="true">
    <path d="M3 9h4l5-4v14l-5-4H3zM16 9l5 6m0-6l-5 6" stroke="currentColor" stroke-width="2" fill="none" />
    <path d="M3 9h4l5-4v14l-5-4H3z" />
  </svg>
);
