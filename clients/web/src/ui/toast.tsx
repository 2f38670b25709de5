/** One short message at the bottom of the screen (errors the user should see). */
import { app } from "../core/state.ts";
import { useStore } from "../core/store.ts";

export function Toast() {
  const toast = useStore(app, (s) => s.toast);
  return toast ? (
    <div class="toast" role="alert">
      {toast}
    </div>
  ) : null;
}
