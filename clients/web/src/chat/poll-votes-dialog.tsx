/** Who voted for what in a public poll (messages.getPollVotes), grouped by option. */
import { useEffect, useState } from "preact/hooks";
import type { Poll } from "../../../../protocol/model/message-media.ts";
import type { User } from "../../../../protocol/model/user.ts";
import { fullName } from "../core/format.ts";
import { client } from "../core/session.ts";
import { type PeerKey, peerOf } from "../core/state.ts";
import { errorText } from "../ui/errors.ts";
import { Modal } from "../ui/modal.tsx";

export function PollVotesDialog(props: { peerKey: PeerKey; msgId: number; poll: Poll; onClose: () => void }) {
  const [byOption, setByOption] = useState<Map<string, User[]> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void (async () => {
      try {
        const names = new Map<number, User>();
        const groups = new Map<string, User[]>();
        let offset: string | undefined;
        // A few pages are plenty for a chat screen; very large polls show the newest voters.
        for (let page = 0; page < 10; page++) {
          const r = await client().call("messages.getPollVotes", {
            peer: peerOf(props.peerKey),
            id: props.msgId,
            ...(offset ? { offset } : {}),
          });
          for (const u of r.users) names.set(u.id, u);
          for (const v of r.votes) {
            const u = names.get(v.peer.id);
            if (u) groups.set(v.option, [...(groups.get(v.option) ?? []), u]);
          }
          offset = r.next_offset;
          if (!offset) break;
        }
        setByOption(groups);
      } catch (e) {
        setError(errorText(e));
      }
    })();
  }, []);
  return (
    <Modal title="Votes" onClose={props.onClose}>
      {error && <p class="muted">{error}</p>}
      {!byOption && !error && <p class="muted">Loading…</p>}
      {byOption &&
        props.poll.answers.map((a) => (
          <section class="poll-voters" key={a.option} aria-label={a.text}>
            <h3>
              {a.text} <span class="muted">{byOption.get(a.option)?.length ?? 0}</span>
            </h3>
            <ul>
              {(byOption.get(a.option) ?? []).map((u) => (
                <li key={u.id}>{fullName(u)}</li>
              ))}
            </ul>
          </section>
        ))}
      <div class="modal-actions">
        <button type="button" class="primary" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
