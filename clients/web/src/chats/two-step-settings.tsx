/** Two-step verification in Settings: set, change or remove the password asked after the sign-in code. */
import { useEffect, useState } from "preact/hooks";
import { client } from "../core/session.ts";
import { showToast } from "../core/state.ts";
import { errorText } from "../ui/errors.ts";

type Status = { has_password: boolean; hint?: string } | null;

export function TwoStepSettings({ onBack }: { onBack: () => void }) {
  const [status, setStatus] = useState<Status>(null);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [hint, setHint] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const load = () =>
    client()
      .call("account.getPassword", {})
      .then(setStatus, (e) => setError(errorText(e)));
  useEffect(() => void load(), []);

  async function submit(newPassword: string | null) {
    if (newPassword !== null && newPassword !== repeat) return setError("The passwords don't match.");
    setBusy(true);
    setError("");
    try {
      await client().call("account.updatePasswordSettings", {
        ...(status?.has_password ? { current_password: current } : {}),
        new_password: newPassword,
        ...(newPassword !== null && hint ? { hint } : {}),
      });
      showToast(newPassword === null ? "Password removed" : "Password saved");
      setCurrent("");
      setNext("");
      setRepeat("");
      setHint("");
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  if (!status) return <p class="muted">{error || "Loading…"}</p>;
  return (
    <form
      class="settings"
      aria-label="Two-step verification"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(next);
      }}
    >
      <p data-testid="two-step-status">
        Two-step verification is <strong>{status.has_password ? "on" : "off"}</strong>
        {status.hint ? <span class="muted"> (hint: {status.hint})</span> : null}
      </p>
      {status.has_password && (
        <label>
          Current password
          <input type="password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
        </label>
      )}
      <label>
        New password
        <input type="password" value={next} onInput={(e) => setNext(e.currentTarget.value)} />
      </label>
      <label>
        Repeat new password
        <input type="password" value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
      </label>
      <label>
        Hint
        <input value={hint} maxLength={128} onInput={(e) => setHint(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="modal-actions">
        <button type="button" class="link" onClick={onBack}>
          Back
        </button>
        {status.has_password && (
          <button type="button" class="link danger" disabled={busy || !current} onClick={() => void submit(null)}>
            Remove password
          </button>
        )}
        <button type="submit" class="primary" disabled={busy || !next || (status.has_password && !current)}>
          {status.has_password ? "Change password" : "Set password"}
        </button>
      </div>
    </form>
  );
}
