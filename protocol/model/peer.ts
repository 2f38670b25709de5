/**
 * Peers: who a conversation is with. As in Telegram, a private chat is
 * addressed by the other user; groups and channels by their chat id.
 */
import * as v from "valibot";

const Id = v.pipe(v.number(), v.integer("PEER_ID_INVALID"), v.minValue(1, "PEER_ID_INVALID"));

export const Peer = v.variant("_", [
  v.object({ _: v.literal("user"), id: Id }),
  v.object({ _: v.literal("chat"), id: Id }),
  v.object({ _: v.literal("channel"), id: Id }),
]);
export type Peer = v.InferOutput<typeof Peer>;
