/** Turns API errors into sentences a person can act on. */
import { NetworkError, RpcError } from "../../../sdk/index.ts";

const TEXTS: Record<string, string> = {
  PHONE_NUMBER_INVALID: "That phone number doesn't look right.",
  PHONE_CODE_INVALID: "Wrong code. Please try again.",
  PHONE_CODE_EXPIRED: "The code has expired. Go back and request a new one.",
  PASSWORD_HASH_INVALID: "Wrong password.",
  FIRSTNAME_INVALID: "Please enter your name.",
  MESSAGE_TOO_LONG: "The message is too long.",
  MESSAGE_EMPTY: "The message is empty.",
  CHAT_TITLE_EMPTY: "Please enter a name.",
  USERNAME_OCCUPIED: "This username is already taken.",
  USERNAME_INVALID: "Usernames are 5–32 characters: letters, digits and _, starting with a letter.",
  NEW_PASSWORD_BAD: "Please enter a password.",
  INVITE_HASH_EXPIRED: "This invite link has expired or was revoked.",
  INVITE_HASH_INVALID: "This invite link isn't valid.",
};

const OFFLINE = "No connection. Try again when you're back online.";

export function errorText(e: unknown): string {
  if (e instanceof NetworkError) return OFFLINE;
  if (e instanceof RpcError) {
    if (e.text.startsWith("FLOOD_WAIT_")) return `Too many attempts. Try again in ${e.text.slice(11)} seconds.`;
    return TEXTS[e.text] ?? `Error: ${e.text}`;
  }
  return e instanceof Error ? e.message : String(e);
}
