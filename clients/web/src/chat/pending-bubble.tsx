/** A message on its way: "sending…" until the server has it, or "not sent" with Retry and Delete. */
import { discard, type PendingMessage, retry } from "../core/outbox.ts";

export function PendingBubble({ pending: p }: { pending: PendingMessage }) {
  return (
    <div class="msg out" data-testid="pending" data-state={p.failed ? "failed" : "sending"}>
      <div class="bubble">
        <div class="text" dir="auto">
          {p.text}
        </div>
        <span class="meta">
          {p.failed ? (
            <span class="pending-failed" title={p.failed}>
              not sent{" "}
              <button type="button" class="link-btn" onClick={() => retry(p.randomId)}>
                Retry
              </button>{" "}
              <button type="button" class="link-btn" onClick={() => discard(p.randomId)}>
                Delete
              </button>
            </span>
          ) : (
            <span class="pending-sending" role="status" aria-label="Sending">
              🕓 sending…
            </span>
          )}
        </span>
      </div>
    </div>
  );
}
