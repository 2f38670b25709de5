/** The message box: Enter sends, Shift+Enter breaks the line; reply and edit bars; attach button; typing signal. */
import { useEffect, useRef, useState } from "preact/hooks";
import type { Message } from "../../../../protocol/model/message.ts";
import { editText, stopTyping, typing } from "../core/chats.ts";
import { draftChanged, draftSent, onDraftFromElsewhere } from "../core/drafts.ts";
import { fullName } from "../core/format.ts";
import { enqueue } from "../core/outbox.ts";
import { sendContent } from "../core/polls.ts";
import { app, peerOf } from "../core/state.ts";
import { useStore } from "../core/store.ts";
import { EmojiPicker } from "../emoji/emoji-picker.tsx";
import { Emoji } from "../emoji/emoji-text.tsx";
import { SendPhotoDialog, wantsPreview } from "../media/send-photo-dialog.tsx";
import { sendFiles } from "../media/uploader.ts";
import { VoiceButton } from "../voice/voice-button.tsx";
import { InlineResults } from "./inline-results.tsx";
import { parseMarkup } from "./markup.ts";
import { NewPollDialog } from "./new-poll-dialog.tsx";
import { messagePreview } from "./preview.ts";

export type ComposerMode = { _: "new" } | { _: "reply"; id: number } | { _: "edit"; id: number };

const BOT_COMMANDS = ["/start", "/help", "/settings"];

/** Your newest message that can be edited: your own text, not forwarded, not a service message. */
function lastEditable(messages: Message[]): Message | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as Message;
    if (m.out && !m.fwd_from && !m.action && !m.media && m.message) return m;
  }
  return undefined;
}

export function Composer(props: { peerKey: string; mode: ComposerMode; setMode: (m: ComposerMode) => void }) {
  const { peerKey, mode, setMode } = props;
  // A chat opens with its cloud draft (typed here or on another device).
  const [text, setText] = useState(() => app.get().drafts[peerKey]?.message ?? "");
  const [sending, setSending] = useState(false);
  const [polling, setPolling] = useState(false);
  const [photos, setPhotos] = useState<File[] | null>(null);
  const [picking, setPicking] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const target = useStore(app, (s) =>
    mode._ === "new" ? undefined : s.histories[peerKey]?.messages.find((m) => m.id === mode.id),
  );
  const targetAuthor = useStore(app, (s) => (target?.from_id ? s.users[target.from_id] : undefined));
  const peer = peerOf(peerKey);
  const isBot = useStore(app, (s) => (peer._ === "user" ? !!s.users[peer.id]?.bot : false));
  const canPost = useStore(app, (s) => {
    const c = peer._ === "channel" ? s.chats[peer.id] : undefined;
    return !(c && c._ === "channel" && c.broadcast && !c.creator && !c.admin_rights);
  });

  // A draft changed on another device shows here unless this box is being typed in.
  useEffect(
    () =>
      onDraftFromElsewhere((key, draft) => {
        if (key !== peerKey || mode._ === "edit" || document.activeElement === input.current) return;
        setText(draft);
      }),
    [peerKey, mode],
  );

  useEffect(() => {
    if (mode._ === "edit" && target) setText(target.message);
    input.current?.focus();
  }, [mode]);

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  /** Puts a picked emoji where the cursor is (replacing a selection), as typing it would. */
  function insertEmoji(emoji: string) {
    const el = input.current;
    const at = el ? el.selectionStart : text.length;
    const end = el ? el.selectionEnd : text.length;
    const next = text.slice(0, at) + emoji + text.slice(end);
    setText(next);
    if (el) {
      el.value = next;
      el.focus();
      el.setSelectionRange(at + emoji.length, at + emoji.length);
    }
    typing(peerKey);
    if (mode._ !== "edit") draftChanged(peerKey, next);
  }

  async function submit() {
    const raw = text.trim();
    if (!raw || sending) return;
    const { text: body, entities } = parseMarkup(raw);
    if (mode._ !== "edit") {
      // The text leaves the box now, into the outbox: what is typed next is never wiped by this send.
      setText("");
      if (input.current) input.current.value = "";
      setMode({ _: "new" });
      stopTyping(peerKey);
      draftSent(peerKey);
      enqueue(peerKey, body, entities, mode._ === "reply" ? mode.id : undefined);
      input.current?.focus();
      return;
    }
    setSending(true);
    const ok = await editText(peerKey, mode.id, body, entities);
    setSending(false);
    if (ok) {
      setText("");
      setMode({ _: "new" });
      stopTyping(peerKey);
    }
    input.current?.focus();
  }

  if (!canPost)
    return (
      <footer class="composer readonly">
        <span class="muted">Only admins can post in this channel.</span>
      </footer>
    );

  const suggestions =
    isBot && text.startsWith("/") && !text.includes(" ") ? BOT_COMMANDS.filter((c) => c.startsWith(text)) : [];
  return (
    <footer class="composer">
      {mode._ !== "new" && (
        <div class="composer-bar">
          <span class="composer-bar-icon accent" aria-hidden="true">
            {mode._ === "reply" ? "↩" : "✎"}
          </span>
          <div class="composer-bar-text">
            <strong class="accent">{mode._ === "reply" ? `Reply to ${fullName(targetAuthor)}` : "Edit message"}</strong>
            <span>{target ? messagePreview(target) : ""}</span>
          </div>
          <button
            type="button"
            class="icon-btn"
            aria-label="Cancel"
            onClick={() => {
              if (mode._ === "edit") setText("");
              setMode({ _: "new" });
            }}
          >
            ×
          </button>
        </div>
      )}
      {suggestions.length > 0 && (
        <ul class="suggestions" aria-label="Bot commands">
          {suggestions.map((c) => (
            <li key={c}>
              <button type="button" onClick={() => setText(`${c} `)}>
                {c}
              </button>
            </li>
          ))}
        </ul>
      )}
      {mode._ === "new" && (
        <InlineResults
          peerKey={peerKey}
          text={text}
          onSent={() => {
            setText("");
            draftSent(peerKey);
            input.current?.focus();
          }}
        />
      )}
      <div class="composer-row">
        <button
          type="button"
          class="icon-btn attach"
          aria-label="Attach photo or file"
          onClick={() => file.current?.click()}
        >
          <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            <path
              fill="currentColor"
              d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5z"
            />
          </svg>
        </button>
        <button type="button" class="icon-btn" aria-label="Create a poll" onClick={() => setPolling(true)}>
          <Emoji emoji="📊" />
        </button>
        <button
          type="button"
          class="icon-btn"
          aria-label="Throw a dice"
          onClick={() => void sendContent(peerKey, { _: "inputMediaDice", emoticon: "🎲" })}
        >
          <Emoji emoji="🎲" />
        </button>
        {polling && <NewPollDialog peerKey={peerKey} onClose={() => setPolling(false)} />}
        {photos && <SendPhotoDialog peerKey={peerKey} files={photos} onClose={() => setPhotos(null)} />}
        <input
          ref={file}
          type="file"
          multiple
          hidden
          aria-label="Choose files to send"
          data-testid="file-input"
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = "";
            if (wantsPreview(files)) setPhotos(files);
            else if (files.length) sendFiles(peerKey, files);
          }}
        />
        {picking && <EmojiPicker onPick={insertEmoji} onClose={() => setPicking(false)} />}
        <label class="visually-hidden" for="composer-input">
          Message
        </label>
        <textarea
          id="composer-input"
          ref={input}
          rows={1}
          placeholder="Message"
          value={text}
          maxLength={app.get().messageLengthMax}
          onInput={(e) => {
            setText(e.currentTarget.value);
            if (e.currentTarget.value) typing(peerKey);
            if (mode._ !== "edit") draftChanged(peerKey, e.currentTarget.value);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              void submit();
            } else if (e.key === "ArrowUp" && !text && mode._ === "new") {
              // As in Telegram: ↑ in an empty box edits your last message.
              const last = lastEditable(app.get().histories[peerKey]?.messages ?? []);
              if (last) {
                e.preventDefault();
                setMode({ _: "edit", id: last.id });
              }
            } else if (e.key === "Escape" && mode._ !== "new") {
              setMode({ _: "new" });
              if (mode._ === "edit") setText("");
            }
          }}
        />
        <button
          type="button"
          class="icon-btn emoji-toggle"
          aria-label="Emoji"
          aria-expanded={picking}
          onClick={() => setPicking(!picking)}
        >
          <Emoji emoji="🙂" />
        </button>
        {!text.trim() && mode._ !== "edit" ? (
          <VoiceButton peerKey={peerKey} />
        ) : (
          <button
            type="button"
            class="send-btn"
            aria-label={mode._ === "edit" ? "Save" : "Send"}
            disabled={!text.trim() || sending}
            onClick={() => void submit()}
          >
            <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
              {mode._ === "edit" ? (
                <path fill="currentColor" d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z" />
              ) : (
                <path fill="currentColor" d="M2.01 21 23 12 2.01 3 2 10l15 2-15 2z" />
              )}
            </svg>
          </button>
        )}
      </div>
    </footer>
  );
}
