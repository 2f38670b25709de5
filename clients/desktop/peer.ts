/**
 * Peers as typed on the command line: `@username`, a user id (`42` or `user:42`),
 * `chat:7` for a group, `channel:9` for a channel. Also how a peer is written back.
 */
import type { Peer } from "../../protocol/model/peer.ts";
import type { EdgegramClient } from "../sdk/client.ts";
import { CliError } from "./output.ts";

const TYPED = /^(user|chat|channel):(\d{1,15})$/;

export async function resolvePeer(client: EdgegramClient, text: string): Promise<Peer> {
  const arg = text.trim();
  if (arg.startsWith("@")) {
    const { user } = await client.call("contacts.resolveUsername", { username: arg.slice(1) });
    return { _: "user", id: user.id };
  }
  const typed = TYPED.exec(arg);
  if (typed) return positive(typed[1] as Peer["_"], Number(typed[2]));
  if (/^\d{1,15}$/.test(arg)) return positive("user", Number(arg));
  throw new CliError(400, "PEER_ID_INVALID", `"${text}" is not @username, a user id, chat:<id> or channel:<id>`);
}

function positive(kind: Peer["_"], id: number): Peer {
  if (id < 1) throw new CliError(400, "PEER_ID_INVALID");
  return { _: kind, id };
}

/** How a peer is written so it can be typed back: `42`, `chat:7`, `channel:9`. */
export function peerRef(peer: Peer): string {
  return peer._ === "user" ? String(peer.id) : `${peer._}:${peer.id}`;
}

export const samePeer = (a: Peer, b: Peer) => a._ === b._ && a.id === b.id;

/** A fresh 63-bit random id (decimal) that makes a send idempotent across retries. */
export function randomId(): string {
  const b = crypto.getRandomValues(new Uint8Array(8));
  b[0] = (b[0] as number) & 0x7f;
  return BigInt(`0x${Buffer.from(b).toString("hex")}`).toString();
}
