/** One message: sender (groups), forward and reply headers, media, text with entities, keyboard, reactions, time and ticks. */
import { useEffect, useRef, useState } from "preact/hooks";
import type { Message } from "../../../../protocol/model/message.ts";
import { isFileMedia } from "../../../../protocol/model/message-media.ts";
import { react } from "../core/chats.ts";
import { clock, colorOf, fullName } from "../core/format.ts";
import { jumpTo } from "../core/search.ts";
import { app, peerOf } from "../core/state.ts";
import { useStore } from "../core/store.ts";
import { Emoji } from "../emoji/emoji-text.tsx";
import { MediaView } from "../media/media-view.tsx";
import { ContentView } from "./content-view.tsx";
import { DeleteDialog } from "./delete-dialog.tsx";
import { Entities } from "./entities.tsx";
import { InlineKeyboard } from "./inline-keyboard.tsx";
import { MessageMenu } from "./message-menu.tsx";
import { messagePreview } from "./preview.ts";
import { Ticks } from "./ticks.tsx";

interface Props {
  peerKey: string;
  message: Message;
  read: boolean;
  grouped: boolean;
  /** All messages of the album this message opens (Telegram's grouped media): one grid bubble. */
  album?: Message[];
  onReply: (id: number) => void;
  onEdit: (id: number) => void;
}

export function MessageBubble({ peerKey, message: first, read, grouped, album, onReply, onEdit }: Props) {
  // An album shows every item's file in a grid, with the caption the items carry (Telegram: usually the first).
  const m = album ? { ...first, message: album.find((x) => x.message)?.message ?? "" } : first;
  if (album) {
    const captioned = album.find((x) => x.message);
    m.entities = captioned?.entities ?? [];
  }
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [deleting, setDeleting] = useState(false);
  const isGroup = peerOf(peerKey)._ !== "user";
  const author = useStore(app, (s) => (m.from_id ? s.users[m.from_id] : undefined));
  const viaBot = useStore(app, (s) => (m.via_bot_id ? s.users[m.via_bot_id]?.username : undefined));
  const fwdName = useStore(app, (s) => (m.fwd_from?.from_id ? fullName(s.users[m.fwd_from.from_id]) : undefined));
  const replied = useStore(app, (s) => {
    const id = m.reply_to?.reply_to_msg_id;
    if (!id) return undefined;
    return s.histories[peerKey]?.messages.find((x) => x.id === id) ?? s.known[peerKey]?.[id];
  });
  const repliedAuthor = useStore(app, (s) => (replied?.from_id ? s.users[replied.from_id] : undefined));
  const openMenu = (x: number, y: number) => setMenu({ x, y });
  // A message found by search: brought into view and highlighted.
  const focused = useStore(app, (s) => s.focus?.key === peerKey && s.focus.id === m.id);
  const self = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focused) self.current?.scrollIntoView({ block: "center" });
  }, [focused]);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: right-click is a mouse shortcut; the ⋯ button is the keyboard path
    <div
      id={`msg-${m.id}`}
      ref={self}
      class={`msg ${m.out ? "out" : "in"} ${grouped ? "grouped" : ""} ${focused ? "focused" : ""}`}
      data-focused={focused ? "true" : undefined}
      data-msg-id={m.id}
      // An album is one bubble: seeing it is seeing its last item (core/seen.ts).
      data-seen-id={album ? Math.max(...album.map((x) => x.id)) : m.id}
      onContextMenu={(e) => {
        e.preventDefault();
        openMenu(e.clientX, e.clientY);
      }}
    >
      <div class={`bubble ${m.media && isFileMedia(m.media) && !m.message ? "media-only" : ""}`}>
        {isGroup && !m.out && !grouped && author && (
          <div class="sender" style={{ color: colorOf(author.id) }}>
            {fullName(author)}
          </div>
        )}
        {m.via_bot_id !== undefined && <div class="via accent">via @{viaBot ?? "bot"}</div>}
        {m.fwd_from && <div class="fwd accent">Forwarded from {fwdName ?? "a chat"}</div>}
        {m.reply_to && (
          <button
            type="button"
            class="reply-quote"
            onClick={() => m.reply_to && void jumpTo(peerKey, m.reply_to.reply_to_msg_id)}
          >
            <strong class="accent">{repliedAuthor ? fullName(repliedAuthor) : "Reply"}</strong>
            <span>{replied ? messagePreview(replied) : "Message"}</span>
          </button>
        )}
        {m.media && !isFileMedia(m.media) && <ContentView peerKey={peerKey} msgId={m.id} media={m.media} />}
        {album ? (
          <div
            class={`album ${album.length % 2 ? "album-odd" : ""} ${album.every((x) => x.media && isFileMedia(x.media) && x.media.mime_type.startsWith("image/")) ? "photos" : "files"}`}
          >
            {album.map((x) => x.media && isFileMedia(x.media) && <MediaView key={x.id} media={x.media} fill />)}
          </div>
        ) : (
          m.media && isFileMedia(m.media) && <MediaView media={m.media} />
        )}
        {m.message && (
          <div class="text" dir="auto">
            <Entities text={m.message} entities={m.entities ?? []} />
          </div>
        )}
        <span class="meta">
          {m.pinned && (
            <span role="img" aria-label="Pinned">
              📌
            </span>
          )}
          {m.edit_date && <span class="edited">edited</span>}
          <time dateTime={new Date(m.date * 1000).toISOString()}>{clock(m.date)}</time>
          {m.out && <Ticks read={read} />}
        </span>
        <button
          type="button"
          class="msg-actions-btn"
          aria-label="Message actions"
          aria-haspopup="menu"
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            openMenu(r.left, r.bottom);
          }}
        >
          ⋯
        </button>
      </div>
      {m.reactions && m.reactions.results.length > 0 && (
        <div class="reactions">
          {m.reactions.results.map((r) => (
            <button
              type="button"
              key={r.reaction}
              class={`reaction ${r.chosen ? "chosen" : ""}`}
              aria-pressed={!!r.chosen}
              aria-label={`${r.reaction} ${r.count}`}
              onClick={() => void react(peerKey, m.id, r.chosen ? null : r.reaction)}
            >
              <Emoji emoji={r.reaction} /> <span>{r.count}</span>
            </button>
          ))}
        </div>
      )}
      {m.reply_markup && <InlineKeyboard peerKey={peerKey} message={m} />}
      {menu && (
        <MessageMenu
          peerKey={peerKey}
          message={m}
          at={menu}
          onClose={() => setMenu(null)}
          onReply={() => onReply(m.id)}
          onEdit={() => onEdit(m.id)}
          onDelete={() => setDeleting(true)}
        />
      )}
      {deleting && <DeleteDialog peerKey={peerKey} message={m} onClose={() => setDeleting(false)} />}
    </div>
  );
}
