/** Picks the chat to forward a message to. */
import { forward, sortedDialogs } from "../core/chats.ts";
import { app, peerOf, peerTitle } from "../core/state.ts";
import { useStore } from "../core/store.ts";
import { Avatar } from "../ui/avatar.tsx";
import { Modal } from "../ui/modal.tsx";

export function ForwardPicker() {
  const forwarding = useStore(app, (s) => s.forwarding);
  const keys = useStore(app, (s) => [...sortedDialogs(s, 0), ...sortedDialogs(s, 1)].join(","));
  const titles = useStore(app, (s) =>
    keys
      .split(",")
      .map((k) => peerTitle(s, k))
      .join("\u0000"),
  );
  if (!forwarding) return null;
  const names = titles.split("\u0000");
  return (
    <Modal title="Forward to…" onClose={() => app.set({ forwarding: null })}>
      <ul class="dialogs pick">
        {keys
          .split(",")
          .filter(Boolean)
          .map((k, i) => (
            <li key={k}>
              <button type="button" class="dialog" onClick={() => void forward(forwarding.from, forwarding.ids, k)}>
                <Avatar id={peerOf(k).id} name={names[i] ?? ""} size={40} />
                <span class="dialog-body">
                  <span class="dialog-title">{names[i]}</span>
                </span>
              </button>
            </li>
          ))}
      </ul>
    </Modal>
  );
}
