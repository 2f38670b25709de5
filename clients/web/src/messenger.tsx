/** The signed-in layout: chat list on the left, the open chat on the right (one pane at a time on phones). */

import { ChatView } from "./chat/chat-view.tsx";
import { ForwardPicker } from "./chat/forward-picker.tsx";
import { JoinDialog } from "./chats/join-dialog.tsx";
import { Sidebar } from "./chats/sidebar.tsx";
import { app } from "./core/state.ts";
import { useStore } from "./core/store.ts";
import { Toast } from "./ui/toast.tsx";

export function Messenger() {
  const active = useStore(app, (s) => s.active);
  const forwarding = useStore(app, (s) => s.forwarding);
  return (
    <div class={`messenger ${active ? "has-active" : ""}`}>
      <Sidebar />
      {active ? (
        <ChatView key={active} peerKey={active} />
      ) : (
        <section class="chat-empty" aria-label="No chat selected">
          <span class="pill">Select a chat to start messaging</span>
        </section>
      )}
      {forwarding && <ForwardPicker />}
      <JoinDialog />
      <Toast />
    </div>
  );
}
