/** The tab's title counts unread messages across chats not muted, as Telegram Web does: "(3) Edgegram". */
import { isMuted } from "./dialog-settings.ts";
import { app } from "./state.ts";

const BASE = "Edgegram";

function unreadTotal(): number {
  let total = 0;
  // Muted chats are not counted, as in Telegram.
  for (const d of Object.values(app.get().dialogs)) if (!isMuted(d)) total += d.unread_count;
  return total;
}

/** Keeps document.title in step with the store from now on. */
export function followUnreadInTitle(): void {
  const update = () => {
    const total = unreadTotal();
    const title = total > 0 ? `(${total}) ${BASE}` : BASE;
    if (document.title !== title) document.title = title;
  };
  update();
  app.subscribe(update);
}
