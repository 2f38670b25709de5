/**
 * Chat keys name chat objects: `private:<low>:<high>` for two users (one
 * object per pair, whoever writes first), `chat:<id>` for groups and
 * `channel:<id>` for channels and supergroups.
 */
import type { Peer } from "../../protocol/model/peer.ts";

export type ChatKind = "private" | "chat" | "channel";

/** The chat a user means by `peer` (a private chat is addressed by the other user). */
export function chatKeyOf(userId: number, peer: Peer): string {
  if (peer._ === "user") {
    const [lo, hi] = userId < peer.id ? [userId, peer.id] : [peer.id, userId];
    return `private:${lo}:${hi}`;
  }
  return `${peer._}:${peer.id}`;
}

export interface ParsedChatKey {
  kind: ChatKind;
  /** Group/channel id, or the lower user id of a private chat. */
  id: number;
  /** The higher user id of a private chat. */
  other?: number;
}

export function parseChatKey(key: string): ParsedChatKey {
  const [kind, a, b] = key.split(":");
  if (kind === "private") return { kind, id: Number(a), other: Number(b) };
  if (kind === "chat" || kind === "channel") return { kind, id: Number(a) };
  throw new Error(`bad chat key ${key}`);
}

/** The peer by which `viewerId` addresses the chat. */
export function peerOf(key: string, viewerId: number): Peer {
  const k = parseChatKey(key);
  if (k.kind === "private") return { _: "user", id: k.id === viewerId ? (k.other as number) : k.id };
  return { _: k.kind, id: k.id };
}
