/** Active sessions in Settings: every signed-in device, each can be terminated (this one leaves by logging out). */
import { useEffect, useState } from "preact/hooks";
import type { Authorization } from "../../../../protocol/model/user.ts";
import { shortDate } from "../core/format.ts";
import { client } from "../core/session.ts";
import { showToast } from "../core/state.ts";
import { errorText } from "../ui/errors.ts";

export function SessionsList({ onBack }: { onBack: () => void }) {
  const [list, setList] = useState<Authorization[] | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () =>
    client()
      .call("account.getAuthorizations", {})
      .then((r) => setList(r.authorizations.sort((a, b) => Number(b.current) - Number(a.current))))
      .catch((e) => showToast(errorText(e)));
  useEffect(() => void load(), []);

  async function terminate(hashes: string[]) {
    setBusy(true);
    try {
      // The core ends one device per call; "all others" is each of them in turn.
      for (const hash of hashes) await client().call("account.resetAuthorization", { hash });
    } catch (e) {
      showToast(errorText(e));
    } finally {
      await load();
      setBusy(false);
    }
  }

  if (!list) return <p class="muted">Loading…</p>;
  const others = list.filter((a) => !a.current);
  return (
    <div class="settings">
      <ul class="sessions" aria-label="Active sessions">
        {list.map((a) => (
          <li key={a.hash} class="session-row">
            <div>
              <strong>{a.device_model}</strong>
              <div class="muted small">
                {a.app_name} · {a.current ? "this device" : `active ${shortDate(a.date_active)}`}
              </div>
            </div>
            {!a.current && (
              <button
                type="button"
                class="link danger"
                disabled={busy}
                aria-label={`Terminate ${a.device_model}`}
                onClick={() => void terminate([a.hash])}
              >
                Terminate
              </button>
            )}
          </li>
        ))}
      </ul>
      <div class="modal-actions">
        <button type="button" class="link" onClick={onBack}>
          Back
        </button>
        <button
          type="button"
          class="link danger"
          disabled={busy || others.length === 0}
          onClick={() => void terminate(others.map((a) => a.hash))}
        >
          Terminate all other sessions
        </button>
      </div>
    </div>
  );
}
