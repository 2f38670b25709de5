/**
 * Message ids as a Telegram client sees them: in private chats and basic groups, the user's own box ids
 * (one sequence across all of the user's chats, kept in the UserObject); in channels, the channel's ids.
 * The presenters turn the core's ids into these; box-lookups.ts reads them and turns a client's back.
 */
import type { Message } from "../../protocol/model/message.ts";
import type { Peer } from "../../protocol/model/peer.ts";
import type { Update } from "../../protocol/model/update.ts";
import { chatKeyOf } from "../chat/keys.ts";

export const isBoxedPeer = (p: Peer) => p._ === "user" || p._ === "chat";

/** The peer an update in the user's own sequence is about. */
function peerOfUpdate(u: Update): Peer | undefined {
  if ("message" in u) return u.message.peer_id;
  if ("peer" in u) return u.peer;
  return undefined;
}

/** One viewer's ids: the core's chat message ids to the ids a Telegram client sees. */
export class MessageIds {
  private readonly viewer: number;
  private readonly byChat = new Map<string, Map<number, number>>();

  private constructor(viewer: number) {
    this.viewer = viewer;
  }

  static empty(viewer: number): MessageIds {
    return new MessageIds(viewer);
  }

  /** What the user's log wrote into these updates (`box_ids`). */
  static ofUpdates(viewer: number, updates: Update[]): MessageIds {
    const ids = MessageIds.empty(viewer);
    ids.addUpdates(updates);
    return ids;
  }

  /** Adds the box ids these logged updates carry. */
  addUpdates(updates: Update[]): this {
    for (const u of updates) {
      const peer = peerOfUpdate(u);
      if (!peer || !("box_ids" in u) || !u.box_ids) continue;
      this.add(chatKeyOf(this.viewer, peer), u.box_ids);
    }
    return this;
  }

  private add(chatKey: string, ids: Record<string, number>): void {
    const chat = this.byChat.get(chatKey) ?? new Map<number, number>();
    this.byChat.set(chatKey, chat);
    for (const [id, box] of Object.entries(ids)) chat.set(Number(id), box);
  }

  /** Of these messages, of those they reply to and of other messages named (read marks): the ids not known yet, per chat key. */
  missing(messages: Message[], named: { peer: Peer; id: number }[] = []): Record<string, number[]> {
    const wanted: Record<string, number[]> = {};
    const want = (peer: Peer, id: number) => {
      if (!isBoxedPeer(peer) || id <= 0) return;
      const key = chatKeyOf(this.viewer, peer);
      if (this.byChat.get(key)?.has(id)) return;
      wanted[key] = [...(wanted[key] ?? []), id];
    };
    for (const m of messages) {
      want(m.peer_id, m.id);
      if (m.reply_to) want(m.peer_id, m.reply_to.reply_to_msg_id);
    }
    for (const n of named) want(n.peer, n.id);
    return wanted;
  }

  /** Adds box ids read from the user's box, per chat key. */
  addFound(found: Record<string, Record<string, number>>): this {
    for (const [key, ids] of Object.entries(found)) this.add(key, ids);
    return this;
  }

  /** The id a Telegram client sees for this chat message; undefined when it is not in the viewer's box. */
  tlId(peer: Peer, chatId: number): number | undefined {
    if (!isBoxedPeer(peer)) return chatId;
    return this.byChat.get(chatKeyOf(this.viewer, peer))?.get(chatId);
  }

  /** Whether the viewer's client can be shown this message (it is in their box, or in a channel). */
  has(m: Message): boolean {
    return this.tlId(m.peer_id, m.id) !== undefined;
  }
}
