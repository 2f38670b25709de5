/** Chat header: back (phones), avatar, title and status — online/last seen, members, or who is typing. */
import { useEffect, useState } from "preact/hooks";
import { openChat } from "../core/chats.ts";
import { fullName, lastSeen } from "../core/format.ts";
import { app, peerOf, peerTitle } from "../core/state.ts";
import { useStore } from "../core/store.ts";
import { Avatar } from "../ui/avatar.tsx";

export function ChatHeader({ peerKey }: { peerKey: string }) {
  const peer = peerOf(peerKey);
  const title = useStore(app, (s) => peerTitle(s, peerKey));
  const user = useStore(app, (s) => (peer._ === "user" ? s.users[peer.id] : undefined));
  const chat = useStore(app, (s) => (peer._ !== "user" ? s.chats[peer.id] : undefined));
  const typing = useStore(app, (s) => s.typing[peerKey]);
  const typerName = useStore(app, (s) => (typing ? s.users[typing.userId]?.first_name : undefined));
  const [, tick] = useState(0);
  // Typing expires on its own and "last seen" ages: re-render every few seconds.
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 2000);
    return () => clearInterval(t);
  }, []);
  const isTyping = !!typing && typing.until > Date.now();
  let status: string;
  if (isTyping) status = peer._ === "user" ? "typing…" : `${typerName ?? "someone"} is typing…`;
  else if (user) status = user.bot ? "bot" : user.self ? "" : lastSeen(user.status);
  else if (chat)
    status = `${chat.participants_count} ${chat._ === "channel" && chat.broadcast !== false ? "subscribers" : "members"}`;
  else status = "";
  return (
    <header class="chat-head">
      <button type="button" class="icon-btn back" aria-label="Back to chats" onClick={() => openChat(null)}>
        ←
      </button>
      <Avatar id={peer.id} name={title} size={40} photo={user?.photo} />
      <div class="chat-head-text">
        <h2 class="chat-title">{user ? fullName(user) : title}</h2>
        <div
          class={`chat-status ${isTyping || status === "online" ? "accent" : "muted"}`}
          data-testid="chat-status"
          aria-live="polite"
        >
          {status}
        </div>
      </div>
    </header>
  );
}
