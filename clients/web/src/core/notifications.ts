/**
 * Desktop notifications for messages that arrive while the tab is hidden (Notification API).
 * Permission is asked on the first click after sign-in: browsers ignore a request nobody clicked for.
 */
import type { Message } from "../../../../protocol/model/message.ts";
import { messagePreview } from "../chat/preview.ts";
import { isMuted } from "./dialog-settings.ts";
import { app, type PeerKey, peerTitle } from "./state.ts";

let asked = false;
let open: (key: PeerKey) => void = () => undefined;

/**
 * From sign-in on: a click on a notification opens its chat with `openChat`, and permission is asked
 * once, on the next user gesture, if the browser has not been told yet.
 */
export function startNotifications(openChat: (key: PeerKey) => void): void {
  open = openChat;
  if (typeof Notification === "undefined" || Notification.permission !== "default") return;
  const ask = () => {
    removeEventListener("click", ask, true);
    if (asked) return;
    asked = true;
    void Notification.requestPermission().catch((e) => console.warn("notification permission not asked", e));
  };
  addEventListener("click", ask, true);
}

/** A new incoming message: shown as a notification when the user is not looking at the tab. */
export function notifyNewMessage(key: PeerKey, m: Message): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  if (document.visibilityState === "visible" || m.out || m.action) return;
  const s = app.get();
  if (isMuted(s.dialogs[key])) return;
  const sender = m.from_id && !key.startsWith("user:") ? s.users[m.from_id] : undefined;
  const body = sender ? `${sender.first_name}: ${messagePreview(m)}` : messagePreview(m);
  try {
    // One notification per chat: a newer message replaces the older one (tag).
    const n = new Notification(peerTitle(s, key), { body, tag: key });
    n.onclick = () => {
      focus();
      open(key);
      n.close();
    };
  } catch (e) {
    // Android Chrome allows notifications only through a service worker; the title count still shows.
    console.warn("notification not shown", e);
  }
}
