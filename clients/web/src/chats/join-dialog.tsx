/** "Join <chat>?": shown when the app was opened at an invite link (core/invites.ts). */
import { useEffect, useState } from "preact/hooks";
import type { ChatInvite } from "../../../../protocol/model/invite.ts";
import { checkInvite, joinByInvite, takeInviteHash } from "../core/invites.ts";
import { Modal } from "../ui/modal.tsx";

type Invite = Extract<ChatInvite, { _: "chatInvite" }>;

export function JoinDialog() {
  const [hash] = useState(takeInviteHash);
  const [invite, setInvite] = useState<Invite | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (hash) void checkInvite(hash).then(setInvite);
  }, [hash]);
  if (!hash || !invite) return null;
  const close = () => setInvite(null);
  const what = invite.broadcast ? "channel" : "group";
  const count = `${invite.participants_count} ${invite.broadcast ? "subscriber" : "member"}${invite.participants_count === 1 ? "" : "s"}`;
  return (
    <Modal title={invite.title} onClose={close}>
      <p class="muted">
        {count}
        {invite.request_needed && ` · an admin approves new ${invite.broadcast ? "subscribers" : "members"}`}
      </p>
      {invite.about && <p>{invite.about}</p>}
      <div class="modal-actions">
        <button type="button" class="flat" onClick={close}>
          Cancel
        </button>
        <button
          type="button"
          class="primary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await joinByInvite(hash);
            close();
          }}
        >
          {invite.request_needed ? "Request to join" : `Join ${what}`}
        </button>
      </div>
    </Modal>
  );
}
