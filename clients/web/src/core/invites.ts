/** Joining by an invite link: the app opened at `https://<host>/+<hash>` checks the link, then joins (or asks to). */
import type { ChatInvite } from "../../../../protocol/model/invite.ts";
import { RpcError } from "../../../sdk/index.ts";
import { errorText } from "../ui/errors.ts";
import { openChat, reloadDialogs } from "./chats.ts";
import { client, connected } from "./session.ts";
import { showToast } from "./state.ts";
import { applyOwn, mergeEntities } from "./updates.ts";

/**
 * The hash of the link the app was opened at, read once at load (before anything changes the
 * address). The `+` may arrive escaped (`/%2B<hash>`), as some browsers and link shorteners send it.
 */
const openedWith = /^\/(?:\+|%2B)([A-Za-z0-9_-]{1,64})$/i.exec(location.pathname)?.[1] ?? null;

/** The link's hash, once: the address goes back to the app's root so a reload does not ask again. */
export function takeInviteHash(): string | null {
  if (openedWith) history.replaceState(null, "", "/");
  return openedWith;
}

/** What the link leads to; a link to a chat the user is in just opens it (null then, as on error). */
export async function checkInvite(hash: string): Promise<Extract<ChatInvite, { _: "chatInvite" }> | null> {
  try {
    // The app may show the messenger from what this device remembers before the connection is up.
    const r = await (await connected()).call("messages.checkChatInvite", { hash });
    if (r._ === "chatInvite") return r;
    mergeEntities([], [r.chat]);
    openChat(`${r.chat._}:${r.chat.id}`);
  } catch (e) {
    showToast(errorText(e));
  }
  return null;
}

/** Joins by the link and opens the chat; a link that needs approval files a request and says so. */
export async function joinByInvite(hash: string): Promise<void> {
  try {
    const r = await client().call("messages.importChatInvite", { hash });
    mergeEntities([], [r.chat]);
    applyOwn(r.updates);
    await reloadDialogs().catch(() => undefined);
    openChat(`${r.chat._}:${r.chat.id}`);
  } catch (e) {
    if (e instanceof RpcError && e.text === "INVITE_REQUEST_SENT")
      showToast("Request sent. You'll join once an admin approves it.");
    else showToast(errorText(e));
  }
}
