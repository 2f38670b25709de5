/** A chat's history as a whole: deleting it from the caller's list (Telegram's "Delete chat"). */
import * as v from "valibot";
import { Peer } from "../model/peer.ts";
import { Update } from "../model/update.ts";
import { method, NOT_IN_CHAT } from "./define.ts";

/** Messages one messages.deleteHistory call deletes; `offset: 1` in the answer asks for another call. */
export const DELETE_HISTORY_PAGE = 100;

export const chatHistoryMethods = {
  /**
   * Deletes the newest DELETE_HISTORY_PAGE messages of a private chat or basic group for the caller
   * (`revoke`: for everyone, where the caller may). `offset` 1: more remain, call again; 0: the history
   * is gone and so is the dialog, until a new message brings it back. Channels: PEER_ID_INVALID.
   */
  "messages.deleteHistory": method({
    params: v.object({ peer: Peer, revoke: v.optional(v.boolean(), false) }),
    result: v.object({ updates: v.array(Update), offset: v.number() }),
    auth: true,
    errors: [NOT_IN_CHAT, "403 MESSAGE_DELETE_FORBIDDEN"],
  }),
};
