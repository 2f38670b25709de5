/** "Delete message?" with Telegram's choice: for me only, or (for your own messages) for everyone too. */
import { useState } from "preact/hooks";
import type { Message } from "../../../../protocol/model/message.ts";
import { deleteMessage } from "../core/chats.ts";
import { app, peerOf, peerTitle } from "../core/state.ts";
import { useStore } from "../core/store.ts";
import { Modal } from "../ui/modal.tsx";

export function DeleteDialog(props: { peerKey: string; message: Message; onClose: () => void }) {
  const { peerKey, message: m, onClose } = props;
  const peer = peerOf(peerKey);
  const title = useStore(app, (s) => peerTitle(s, peerKey));
  const isSelfChat = useStore(app, (s) => peer._ === "user" && !!s.users[peer.id]?.self);
  // In channels a deletion is always for everyone; in your own Saved Messages nobody else sees it.
  const canChoose = !!m.out && peer._ !== "channel" && !isSelfChat;
  const [forEveryone, setForEveryone] = useState(true);
  return (
    <Modal title="Delete message" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onClose();
          void deleteMessage(peerKey, m.id, peer._ === "channel" || (canChoose && forEveryone));
        }}
      >
        <p>Are you sure you want to delete this message?</p>
        {canChoose && (
          <label class="check">
            <input type="checkbox" checked={forEveryone} onChange={(e) => setForEveryone(e.currentTarget.checked)} />
            {peer._ === "user" ? `Also delete for ${title}` : "Delete for everyone"}
          </label>
        )}
        <div class="modal-actions">
          <button type="button" class="link" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="link danger">
            Delete
          </button>
        </div>
      </form>
    </Modal>
  );
}
