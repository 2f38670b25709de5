/** Shown while the connection is down: the SDK reconnects on its own and resends what is pending. */
import { app } from "../core/state.ts";
import { useStore } from "../core/store.ts";

export function ConnectionBanner() {
  const connection = useStore(app, (s) => s.connection);
  const phase = useStore(app, (s) => s.phase);
  if (connection === "connected" || phase === "boot") return null;
  return (
    <div class="banner" role="status" data-testid="connection-banner">
      <span class="spinner" aria-hidden="true" />
      {connection === "connecting" ? "Connecting…" : "Waiting for network…"}
    </div>
  );
}
