/**
 * The history of one chat: date separators, bubbles, uploads in flight.
 * Scrolling near the top loads older pages (keeping the view still); new
 * messages scroll into view when the reader is already at the bottom; a reader scrolled up gets a
 * "↓" button instead, counting the messages that arrived since.
 */
import { Fragment } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Message } from "../../../../protocol/model/message.ts";
import { loadOlder, markRead } from "../core/chats.ts";
import { dayKey, dayLabel } from "../core/format.ts";
import { sawMessage } from "../core/seen.ts";
import { app } from "../core/state.ts";
import { useStore } from "../core/store.ts";
import { UploadBubble } from "../media/upload-bubble.tsx";
import { MessageBubble } from "./message-bubble.tsx";
import { PendingBubble } from "./pending-bubble.tsx";
import { serviceText } from "./preview.ts";

const EMPTY: never[] = [];

/** The consecutive messages from `i` that share its grouped_id (an album). */
function albumFrom(messages: Message[], i: number): Message[] {
  const first = messages[i] as Message;
  const out = [first];
  for (let j = i + 1; messages[j]?.grouped_id === first.grouped_id; j++) out.push(messages[j] as Message);
  return out;
}

export function MessageList(props: { peerKey: string; onReply: (id: number) => void; onEdit: (id: number) => void }) {
  const { peerKey } = props;
  const history = useStore(app, (s) => s.histories[peerKey]);
  const uploads = useStore(app, (s) => s.uploads);
  const readOutbox = useStore(app, (s) => s.dialogs[peerKey]?.read_outbox_max_id ?? 0);
  const messages = history?.messages ?? EMPTY;
  const mine = uploads.filter((u) => u.peer === peerKey);
  const outbox = useStore(app, (s) => s.outbox);
  const pending = outbox.filter((p) => p.peer === peerKey);
  // A quote or pinned message fetched after the first page grows a bubble: stay at the bottom if there.
  const knownCount = useStore(app, (s) => Object.keys(s.known[peerKey] ?? {}).length);
  const ref = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ first: number; height: number; atBottom: boolean }>({ first: 0, height: 0, atBottom: true });
  const [scrolledUp, setScrolledUp] = useState(false);
  const [unseen, setUnseen] = useState(0);
  const lastId = useRef(0);

  // Before each render commit we remember where we were; after it we restore or stick to the bottom.
  const el = ref.current;
  if (el) {
    anchor.current = {
      first: anchor.current.first,
      height: el.scrollHeight,
      atBottom: el.scrollHeight - el.scrollTop - el.clientHeight < 80,
    };
  }
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const first = messages[0]?.id ?? 0;
    const last = messages[messages.length - 1];
    if (anchor.current.first && first < anchor.current.first) {
      box.scrollTop += box.scrollHeight - anchor.current.height; // older page prepended: keep the view still
    } else if (anchor.current.atBottom || last?.out) {
      box.scrollTop = box.scrollHeight;
    } else if (lastId.current) {
      const arrived = messages.filter((m) => m.id > lastId.current && !m.out).length;
      if (arrived) setUnseen((n) => n + arrived);
    }
    anchor.current.first = first;
    lastId.current = last?.id ?? 0;
  }, [messages, mine.length, pending.length, knownCount]);

  useEffect(() => {
    const box = ref.current;
    if (box && box.scrollHeight <= box.clientHeight && history?.hasOlder && history.loaded) void loadOlder(peerKey);
  }, [messages.length]);

  // Incoming messages count as read once they are on screen (most of the bubble in view), not before.
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const observer = new IntersectionObserver(
      (entries) => {
        let moved = false;
        for (const e of entries) {
          const id = Number((e.target as HTMLElement).dataset.seenId);
          if (e.isIntersecting && id) moved = sawMessage(peerKey, id) || moved;
        }
        if (moved && document.visibilityState === "visible") void markRead(peerKey);
      },
      { root: box, threshold: 0.6 },
    );
    for (const el of box.querySelectorAll(".msg.in[data-seen-id]")) observer.observe(el);
    return () => observer.disconnect();
  }, [messages, peerKey]);

  return (
    <div
      class="messages"
      ref={ref}
      role="log"
      aria-label="Messages"
      aria-live="polite"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the history must be scrollable from the keyboard
      tabIndex={0}
      onScroll={(e) => {
        const box = e.currentTarget;
        if (box.scrollTop < 300) void loadOlder(peerKey);
        const up = box.scrollHeight - box.scrollTop - box.clientHeight > 160;
        setScrolledUp(up);
        if (!up) setUnseen(0);
      }}
    >
      <div class="messages-inner">
        {history?.loadingOlder && <div class="loading-older" role="progressbar" aria-label="Loading older messages" />}
        {history?.loaded && !messages.length && !mine.length && !pending.length && (
          <div class="service">
            <span class="pill">No messages here yet. Say hello!</span>
          </div>
        )}
        {messages.map((m, i) => {
          const prev = messages[i - 1];
          // An album is one bubble, drawn at its first message; the rest of it is skipped here.
          if (m.grouped_id && prev?.grouped_id === m.grouped_id) return null;
          const album = m.grouped_id ? albumFrom(messages, i) : undefined;
          const newDay = !prev || dayKey(prev.date) !== dayKey(m.date);
          const grouped = !newDay && prev && prev.from_id === m.from_id && !prev.action && m.date - prev.date < 300;
          return (
            <Fragment key={m.id}>
              {newDay && (
                <div class="service date-sep">
                  <span class="pill">{dayLabel(m.date)}</span>
                </div>
              )}
              {m.action ? (
                <div class="service" id={`msg-${m.id}`}>
                  <span class="pill">{serviceText(m)}</span>
                </div>
              ) : (
                <MessageBubble
                  peerKey={peerKey}
                  message={m}
                  read={!!m.out && m.id <= readOutbox}
                  grouped={!!grouped}
                  {...(album && album.length > 1 ? { album } : {})}
                  onReply={props.onReply}
                  onEdit={props.onEdit}
                />
              )}
            </Fragment>
          );
        })}
        {mine.map((u) => (
          <UploadBubble key={u.id} upload={u} />
        ))}
        {pending.map((p) => (
          <PendingBubble key={p.randomId} pending={p} />
        ))}
      </div>
      {scrolledUp && (
        <button
          type="button"
          class="to-bottom"
          aria-label={unseen ? `${unseen} new messages, scroll down` : "Scroll down"}
          onClick={() => {
            const box = ref.current;
            box?.scrollTo({ top: box.scrollHeight });
            setUnseen(0);
          }}
        >
          ↓{unseen > 0 && <span class="badge">{unseen}</span>}
        </button>
      )}
    </div>
  );
}
