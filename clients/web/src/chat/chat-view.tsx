/** An open chat: header, pinned bar, message history, composer; files can be dropped anywhere on it. */
import { useState } from "preact/hooks";
import { sendFiles } from "../media/uploader.ts";
import { ChatHeader } from "./chat-header.tsx";
import { Composer, type ComposerMode } from "./composer.tsx";
import { MessageList } from "./message-list.tsx";
import { PinnedBar } from "./pinned-bar.tsx";

export function ChatView({ peerKey }: { peerKey: string }) {
  const [mode, setMode] = useState<ComposerMode>({ _: "new" });
  const [dragging, setDragging] = useState(false);
  return (
    <section
      class="chat"
      aria-label="Chat"
      onDragOver={(e) => {
        if (e.dataTransfer?.types.includes("Files")) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => e.currentTarget === e.target && setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const files = [...(e.dataTransfer?.files ?? [])];
        if (files.length) sendFiles(peerKey, files);
      }}
    >
      <ChatHeader peerKey={peerKey} />
      <PinnedBar peerKey={peerKey} />
      <MessageList
        peerKey={peerKey}
        onReply={(id) => setMode({ _: "reply", id })}
        onEdit={(id) => setMode({ _: "edit", id })}
      />
      <Composer peerKey={peerKey} mode={mode} setMode={setMode} />
      {dragging && (
        <div class="drop-zone" aria-hidden="true">
          <span>Drop files here to send them</span>
        </div>
      )}
    </section>
  );
}
